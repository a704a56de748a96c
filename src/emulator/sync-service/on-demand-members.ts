/**
 * The members named in a group's provisionOnDemand (links.members): each direct member of the
 * group in the source goes through cloudsync's test-user pipeline (created or updated like a user
 * provisioned on demand) and, once in Entra, is added to the cloud group. A named DN that is not a
 * direct member, is missing or out of scope is skipped and said so, as Entra reports it.
 */
import { normalizeDn } from '../../directory/dn.js';
import { isCloudsyncError } from '../../errors.js';
import { readMembers } from '../../sync/read/cloud.js';
import { testUser, type TestUserOptions, type TestUserResult } from '../../sync/explain/test-user.js';
import type { MemberOperation, ObjectRef, Operation } from '../../sync/types.js';

/** What became of one named member, before apply. */
export interface NamedMember {
  readonly dn: string;
  /** add: an add-member operation is planned; present: already a member; skipped: left alone. */
  readonly membership: 'add' | 'present' | 'skipped';
  readonly reason: string;
  /** The member through test-user (absent when it was never read: not a member, not found). */
  readonly result?: TestUserResult;
  /** The member's Entra id when it exists before apply. */
  readonly cloudId?: string;
  readonly add?: Omit<MemberOperation, 'seq'>;
}

const key = (dn: string): string => {
  try {
    return normalizeDn(dn);
  } catch {
    return dn.toLowerCase();
  }
};

/** The group's direct members in the source, as comparison keys (the import step read `member`). */
export function directMembers(group: TestUserResult): Set<string> {
  const attrs = group.steps.import.attributes;
  const name = Object.keys(attrs).find((k) => k.toLowerCase() === 'member');
  return new Set((name !== undefined ? attrs[name]! : []).map(key));
}

/** Why the group's members cannot be added at all, or undefined when they can. */
function groupBlocked(group: TestUserResult): string | undefined {
  const s = group.steps;
  if (s.import.kind !== 'group') return s.import.problem ?? 'the subject is not a group';
  if (!s.scope.inScope) return `the group is not in scope (${s.scope.reason})`;
  if (s.match?.skip !== undefined) return `the group is not provisioned (${s.match.skip.reason})`;
  if (s.match?.cloudId === undefined && s.action.action !== 'create' && s.action.action !== 'restore') return `the group is not provisioned (${s.action.reason})`;
  return undefined;
}

export function groupRef(group: TestUserResult): ObjectRef {
  const s = group.steps;
  const name = s.flow.find((f) => f.target.toLowerCase() === 'displayname');
  const displayName = typeof name?.result === 'string' ? name.result : undefined;
  return { kind: 'group', dn: group.dn, ...(s.import.anchor !== undefined ? { anchor: s.import.anchor } : {}), ...(s.match?.cloudId !== undefined ? { cloudId: s.match.cloudId } : {}), ...(displayName !== undefined ? { displayName } : {}) };
}

function memberRef(r: TestUserResult): ObjectRef {
  const s = r.steps;
  const upn = s.flow.find((f) => f.target.toLowerCase() === 'userprincipalname');
  const u = upn?.written ?? upn?.result;
  return { kind: s.import.kind ?? 'user', dn: r.dn, ...(s.import.anchor !== undefined ? { anchor: s.import.anchor } : {}), ...(s.match?.cloudId !== undefined ? { cloudId: s.match.cloudId } : {}), ...(typeof u === 'string' ? { upn: u } : {}) };
}

/** Runs each named member through test-user and plans the member adds the group needs. */
export async function planNamedMembers(group: TestUserResult, dns: readonly string[], opts: TestUserOptions): Promise<NamedMember[]> {
  const blocked = groupBlocked(group);
  const inAd = directMembers(group);
  const gref = groupRef(group);
  // The cloud group's members are read once, and only when a named member may need adding.
  let current: Set<string> | undefined;
  const isMember = async (id: string): Promise<boolean> => {
    if (gref.cloudId === undefined) return false;
    current ??= new Set(await readMembers(opts.target, gref.cloudId));
    return current.has(id);
  };
  const seen = new Set<string>();
  const out: NamedMember[] = [];
  for (const dn of dns) {
    const k = key(dn);
    if (seen.has(k)) continue;
    seen.add(k);
    if (k === key(group.dn)) {
      out.push({ dn, membership: 'skipped', reason: 'the group itself: a group is not a member of itself' });
      continue;
    }
    if (!inAd.has(k)) {
      out.push({ dn, membership: 'skipped', reason: `not a member of the group '${group.dn}' in Active Directory: not provisioned, not added` });
      continue;
    }
    if (blocked !== undefined) {
      out.push({ dn, membership: 'skipped', reason: `not added: ${blocked}` });
      continue;
    }
    let r: TestUserResult;
    try {
      r = await testUser(dn, opts);
    } catch (e) {
      if (isCloudsyncError(e) && e.kind === 'not-found') {
        out.push({ dn, membership: 'skipped', reason: 'the member was not found in the source directory: not added' });
        continue;
      }
      throw e;
    }
    const s = r.steps;
    const cloudId = s.match?.cloudId;
    const base = { dn: r.dn, result: r, ...(cloudId !== undefined ? { cloudId } : {}) };
    if (!s.scope.inScope) out.push({ ...base, membership: 'skipped', reason: `out of scope (${s.scope.reason}): not added` });
    else if (s.import.kind === undefined || s.import.problem !== undefined || s.match?.skip !== undefined || (cloudId === undefined && s.action.action !== 'create')) {
      out.push({ ...base, membership: 'skipped', reason: `not provisioned (${s.match?.skip?.reason ?? s.import.problem ?? s.action.reason}): not added` });
    } else if (cloudId !== undefined && (await isMember(cloudId))) out.push({ ...base, membership: 'present', reason: 'already a member of the group in Entra ID' });
    else out.push({ ...base, membership: 'add', reason: 'a direct member in Active Directory: added', add: { ...gref, kind: 'group', action: 'add-member', member: memberRef(r) } });
  }
  return out;
}

/** Who an operation of the combined plan belongs to: the group, or a named member by index. */
export type Owner = { readonly of: 'group' } | { readonly of: 'member'; readonly index: number } | { readonly of: 'membership'; readonly index: number };

/** The group's operations, each member's, then the member adds, numbered as one plan. */
export function combineOperations(group: TestUserResult, members: readonly NamedMember[]): { operations: Operation[]; owners: Map<number, Owner> } {
  const tagged: [Omit<Operation, 'seq'>, Owner][] = [
    ...group.plan.operations.map((op): [Operation, Owner] => [op, { of: 'group' }]),
    ...members.flatMap((m, index) => (m.membership === 'skipped' ? [] : (m.result?.plan.operations ?? []).map((op): [Operation, Owner] => [op, { of: 'member', index }]))),
    ...members.flatMap((m, index): [Omit<Operation, 'seq'>, Owner][] => (m.add !== undefined ? [[m.add, { of: 'membership', index }]] : [])),
  ];
  const owners = new Map<number, Owner>();
  const operations = tagged.map(([op, owner], i) => {
    owners.set(i + 1, owner);
    return { ...op, seq: i + 1 } as Operation;
  });
  return { operations, owners };
}
