/**
 * Reading the cloud side: users (with their managers), security groups (with the members of the
 * groups that matter), soft-deleted users, admin-role holders and domains.
 */
import type { Domain } from '@microsoft/microsoft-graph-types';
import type { OwnershipNames } from '../../directory/entra/ownership.js';
import { initialDomain } from '../../validate/entra/domains.js';
import type { SyncState } from '../store/state.js';
import { StringPool } from './own-strings.js';
import type { CloudGroup, CloudSnapshot, CloudUser, MappedTargets, Properties, PropertyValue, SourceSnapshot } from '../types.js';
import { pickGraphProperties, topLevel } from '../values.js';

/** The part of Graph that reading needs; EntraClient has it. */
export interface CloudTarget {
  /** Every item of a collection, following @odata.nextLink. */
  pages<T>(path: string, headers?: Record<string, string>): AsyncIterable<T>;
  /** principal id → role names, for every holder of a directory role. */
  adminRoleHolders(): Promise<Map<string, string[]>>;
  domains(): Promise<Domain[]>;
}

export interface ReadCloudOptions {
  /** The mapped targets (mappedTargets(mapping)): the properties compared with the source. */
  readonly targets: MappedTargets;
  /** Read users' managers (`$expand=manager`); default true. */
  readonly managers?: boolean;
  /** Which groups' members to read; default: every security group not mastered by Entra Connect. */
  readonly membersOf?: (g: CloudGroup) => boolean;
  /** Member lists read in parallel (default 8). */
  readonly concurrency?: number;
  /** The ownership extensions' names, when they are set up: read with every user and group. */
  readonly ownership?: OwnershipNames;
  /** Objects read so far, per collection. */
  readonly onProgress?: (collection: 'users' | 'groups' | 'members' | 'deletedUsers', read: number) => void;
}

const USER_BASE = ['id', 'userPrincipalName', 'displayName', 'mail', 'mailNickname', 'proxyAddresses', 'accountEnabled', 'onPremisesImmutableId', 'onPremisesSyncEnabled'];
const GROUP_BASE = ['id', 'displayName', 'mailNickname', 'mail', 'securityEnabled', 'mailEnabled', 'groupTypes', 'onPremisesSyncEnabled', 'createdDateTime'];

type GraphObject = Record<string, unknown>;

function selectFor(base: readonly string[], targets: readonly string[], ownership?: OwnershipNames): string {
  const names = new Set(base);
  if (ownership !== undefined) names.add(ownership.anchor).add(ownership.marker);
  for (const t of targets) if (t.toLowerCase() !== 'manager') names.add(topLevel(t));
  return [...names].join(',');
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const bool = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** The properties with their repeating values shared through the pool (a whole tenant is held at once). */
function pooledProperties(o: GraphObject, targets: readonly string[], pool: StringPool | undefined): Properties {
  const props = pickGraphProperties(o, targets);
  if (pool === undefined) return props;
  const out: Record<string, PropertyValue> = {};
  for (const k in props) out[k] = pool.value(props[k]!);
  return out;
}

export function toCloudUser(u: GraphObject, targets: readonly string[], managersKnown: boolean, pool?: StringPool): CloudUser {
  const manager = u.manager as GraphObject | null | undefined;
  const text = (v: unknown): string | null => {
    const s = str(v);
    return s === null || pool === undefined ? s : pool.share(s);
  };
  return {
    id: String(u.id),
    userPrincipalName: text(u.userPrincipalName),
    displayName: text(u.displayName),
    mail: text(u.mail),
    mailNickname: text(u.mailNickname),
    proxyAddresses: strings(u.proxyAddresses),
    accountEnabled: bool(u.accountEnabled),
    onPremisesImmutableId: str(u.onPremisesImmutableId),
    onPremisesSyncEnabled: bool(u.onPremisesSyncEnabled),
    properties: pooledProperties(u, targets, pool),
    ...(managersKnown ? { managerId: manager && typeof manager.id === 'string' ? manager.id : null } : {}),
  };
}

export function toCloudGroup(g: GraphObject, targets: readonly string[], members?: readonly string[]): CloudGroup {
  return {
    id: String(g.id),
    displayName: str(g.displayName),
    mailNickname: str(g.mailNickname),
    mail: str(g.mail),
    securityEnabled: bool(g.securityEnabled),
    mailEnabled: bool(g.mailEnabled),
    groupTypes: strings(g.groupTypes),
    onPremisesSyncEnabled: bool(g.onPremisesSyncEnabled),
    createdDateTime: str(g.createdDateTime),
    properties: pickGraphProperties(g, targets),
    ...(members !== undefined ? { members } : {}),
  };
}

/** A security group that cloudsync could own: not Microsoft 365, not mastered by Entra Connect. */
export function isCandidateGroup(g: CloudGroup): boolean {
  return g.securityEnabled === true && g.onPremisesSyncEnabled !== true && !g.groupTypes.some((t) => t.toLowerCase() === 'unified');
}

/**
 * The groups whose members a plan needs (ReadCloudOptions.membersOf): those the state binds, and
 * the unbound security groups a source group could match by name (the opt-in name match, or the
 * recovery of a create whose answer was lost). Saves a members read per unrelated cloud group.
 */
export function groupsToRead(state: SyncState, source: SourceSnapshot, matchGroupsByName = false): (g: CloudGroup) => boolean {
  const bound = new Set<string>();
  const names = new Set<string>();
  for (const e of state.managed.values()) {
    if (e.kind !== 'group') continue;
    if (e.cloudId !== undefined) bound.add(e.cloudId);
    if (e.pending?.displayName) names.add(e.pending.displayName.toLowerCase());
  }
  if (matchGroupsByName) {
    for (const g of source.groups) {
      const n = Object.entries(g.properties).find(([k]) => k.toLowerCase() === 'displayname')?.[1];
      if (typeof n === 'string') names.add(n.toLowerCase());
    }
  }
  return (g) => bound.has(g.id) || (g.displayName !== null && names.has(g.displayName.toLowerCase()) && isCandidateGroup(g));
}

/** The user $select (and $expand) a sync reads; also used for single-user lookups. */
export function userQuery(targets: MappedTargets, managers: boolean, ownership?: OwnershipNames): string {
  return `$select=${selectFor(USER_BASE, targets.user, ownership)}${managers ? '&$expand=manager($select=id)' : ''}`;
}

export function groupQuery(targets: MappedTargets, ownership?: OwnershipNames): string {
  return `$select=${selectFor(GROUP_BASE, targets.group, ownership)}`;
}

/** An object with the ownership extensions' values it was read with. */
export function owned<T extends CloudUser | CloudGroup>(o: T, raw: GraphObject, names: OwnershipNames | undefined): T {
  return names === undefined ? o : { ...o, ownership: { anchor: str(raw[names.anchor]), marker: str(raw[names.marker]) } };
}

/** The member object ids of one group. */
export async function readMembers(target: CloudTarget, groupId: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const m of target.pages<GraphObject>(`/groups/${encodeURIComponent(groupId)}/members?$select=id&$top=999`)) {
    if (typeof m.id === 'string') ids.push(m.id);
  }
  return ids;
}

/** Reads everything the planner compares with the source. */
export async function readCloud(target: CloudTarget, options: ReadCloudOptions): Promise<CloudSnapshot> {
  const managers = options.managers ?? true;
  const { targets } = options;
  const users: CloudUser[] = [];
  const pool = new StringPool();
  const names = options.ownership;
  for await (const u of target.pages<GraphObject>(`/users?${userQuery(targets, managers, names)}&$top=999`)) {
    users.push(owned(toCloudUser(u, targets.user, managers, pool), u, names));
    if (users.length % 5000 === 0) options.onProgress?.('users', users.length);
  }
  options.onProgress?.('users', users.length);

  const rawGroups: GraphObject[] = [];
  for await (const g of target.pages<GraphObject>(`/groups?${groupQuery(targets, names)}&$top=999`)) rawGroups.push(g);
  options.onProgress?.('groups', rawGroups.length);
  const groups: CloudGroup[] = rawGroups.map((g) => owned(toCloudGroup(g, targets.group), g, names));
  const wanted = options.membersOf ?? isCandidateGroup;
  const toRead = groups.map((g, i) => [g, i] as const).filter(([g]) => wanted(g));
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < toRead.length) {
      const [g, i] = toRead[next++]!;
      groups[i] = { ...g, members: await readMembers(target, g.id) };
      options.onProgress?.('members', ++done);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 8) }, worker));

  const deletedUsers: CloudUser[] = [];
  const deletedSelect = selectFor(USER_BASE, targets.user, names);
  for await (const u of target.pages<GraphObject>(`/directory/deletedItems/microsoft.graph.user?$select=${deletedSelect}&$top=999`)) {
    deletedUsers.push(owned(toCloudUser(u, targets.user, false), u, names));
  }
  options.onProgress?.('deletedUsers', deletedUsers.length);

  const holders = await target.adminRoleHolders();
  const domains = await target.domains();
  const verified = domains.filter((d) => d.isVerified === true && typeof d.id === 'string').map((d) => d.id!.toLowerCase());
  const initial = domains.find((d) => d.isInitial === true && typeof d.id === 'string')?.id?.toLowerCase() ?? initialDomain(verified);
  return {
    users,
    groups,
    deletedUsers,
    adminRoleHolders: holders,
    verifiedDomains: verified,
    ...(initial !== undefined ? { initialDomain: initial } : {}),
    managersKnown: managers,
  };
}


/** SelectUniqueValue's check against the tenant: no user holds the value in that property. */
export function uniqueInTenant(target: Pick<CloudTarget, 'pages'>): (value: string, property: string) => Promise<boolean> {
  return async (value, property) => {
    const filter = encodeURIComponent(`${property} eq '${value.replace(/'/g, "''")}'`);
    for await (const _ of target.pages(`/users?$filter=${filter}&$select=id&$top=1`)) return false;
    return true;
  };
}
