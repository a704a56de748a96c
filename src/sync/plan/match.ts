/**
 * Matching source objects with cloud objects: indexes over the cloud snapshot, and the rules —
 * hard match on the anchor (onPremisesImmutableId for users; the state store for groups, which
 * Graph gives no immutable id), restore of a soft-deleted user, soft match on UPN then primary SMTP
 * for cloud users without an anchor, opt-in name match for groups, and crash recovery of a group
 * create whose answer was lost.
 */
import { isCandidateGroup } from '../read/cloud.js';
import type { CloudGroup, CloudSnapshot, CloudUser, MatchedOn, ObjectKind } from '../types.js';
import type { ManagedEntry, SyncState } from '../store/state.js';

export type MatchHow = 'hard' | 'restore' | 'soft-upn' | 'soft-smtp' | 'name' | 'recovery' | 'none';

/** The outcome for one source object: the cloud object it meets, or why it is left alone. */
export interface MatchResult {
  readonly how: MatchHow;
  readonly user?: CloudUser;
  readonly group?: CloudGroup;
  /** A sentence saying how the match was found (or why there is none). */
  readonly reason: string;
  /** Set when the object must be left alone: a stable rule id and the reason. */
  readonly skip?: { readonly rule: string; readonly reason: string };
}

const lc = (s: string | null | undefined): string => (s ?? '').trim().toLowerCase();

/** The primary SMTP address of a cloud user: its SMTP: proxy, else mail. */
export function cloudPrimarySmtp(u: { proxyAddresses: readonly string[]; mail: string | null }): string {
  const p = u.proxyAddresses.find((x) => x.startsWith('SMTP:'));
  return lc(p !== undefined ? p.slice(5) : u.mail);
}

export function describeUser(u: CloudUser): string {
  return `${u.userPrincipalName ?? u.displayName ?? u.id} (${u.id})`;
}

export function describeGroup(g: CloudGroup): string {
  return `${g.displayName ?? g.id} (${g.id})`;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list === undefined) m.set(k, [v]);
  else list.push(v);
}

/** Who holds an address (UPN, mail, smtp proxy), for conflict messages. */
export interface AddressHolder {
  readonly kind: ObjectKind;
  readonly id: string;
  readonly name: string;
}

/** How long before a group create's journal intent a recovered group may have been created (clock skew). */
const RECOVERY_SKEW_MS = 10 * 60_000;

export class CloudIndex {
  readonly usersById = new Map<string, CloudUser>();
  readonly usersByAnchor = new Map<string, CloudUser>();
  readonly deletedByAnchor = new Map<string, CloudUser>();
  readonly groupsById = new Map<string, CloudGroup>();
  private readonly byUpn = new Map<string, CloudUser[]>();
  private readonly bySmtp = new Map<string, CloudUser[]>();
  private readonly groupsByName = new Map<string, CloudGroup[]>();
  private readonly holders = new Map<string, AddressHolder>();
  /** Cloud ids already taken by a source object in this plan. */
  private readonly claimed = new Map<string, string>();
  /** Ids of the protected objects (config list, resolved), with the reason. */
  readonly protectedIds = new Map<string, string>();
  private readonly protectedDns = new Set<string>();
  /** Cloud ids of the groups the state store binds to an anchor. */
  readonly managedGroupIds = new Set<string>();

  constructor(
    readonly cloud: CloudSnapshot,
    readonly state: SyncState,
    protectedList: readonly string[] = [],
  ) {
    for (const u of cloud.users) {
      this.usersById.set(u.id, u);
      if (u.onPremisesImmutableId) this.usersByAnchor.set(u.onPremisesImmutableId, u);
      if (u.userPrincipalName) push(this.byUpn, lc(u.userPrincipalName), u);
      const smtp = cloudPrimarySmtp(u);
      if (smtp !== '') push(this.bySmtp, smtp, u);
      this.hold(u.userPrincipalName, u.mail, u.proxyAddresses, { kind: 'user', id: u.id, name: u.userPrincipalName ?? u.displayName ?? u.id });
    }
    for (const u of cloud.deletedUsers) if (u.onPremisesImmutableId) this.deletedByAnchor.set(u.onPremisesImmutableId, u);
    for (const g of cloud.groups) {
      this.groupsById.set(g.id, g);
      if (g.displayName) push(this.groupsByName, lc(g.displayName), g);
      this.hold(null, g.mail, [], { kind: 'group', id: g.id, name: g.displayName ?? g.id });
    }
    for (const e of state.managed.values()) if (e.kind === 'group' && e.cloudId !== undefined) this.managedGroupIds.add(e.cloudId);
    for (const p of protectedList) {
      const key = lc(p);
      if (key === '') continue;
      if (this.usersById.has(p) || this.groupsById.has(p)) this.protectedIds.set(p, 'listed as protected');
      for (const u of this.byUpn.get(key) ?? []) this.protectedIds.set(u.id, `listed as protected (${p})`);
      if (key.includes('=')) this.protectedDns.add(key);
    }
  }

  private hold(upn: string | null, mail: string | null, proxies: readonly string[], h: AddressHolder): void {
    if (upn) this.holders.set(lc(upn), h);
    if (mail) this.holders.set(lc(mail), h);
    for (const p of proxies) if (/^smtp:/i.test(p)) this.holders.set(lc(p.slice(5)), h);
  }

  holderOf(address: string): AddressHolder | undefined {
    return this.holders.get(lc(address));
  }

  /** Why a cloud object must never be changed, or undefined. Admin-role holders always are protected. */
  protectionOf(cloudId: string, dn?: string): string | undefined {
    const roles = this.cloud.adminRoleHolders.get(cloudId);
    if (roles !== undefined) return `holds the directory role ${roles.join(', ')}`;
    const listed = this.protectedIds.get(cloudId);
    if (listed !== undefined) return listed;
    if (dn !== undefined && this.protectedDns.size > 0 && this.protectedDns.has(lc(dn))) return `listed as protected (${dn})`;
    return undefined;
  }

  isAdmin(cloudId: string): boolean {
    return this.cloud.adminRoleHolders.has(cloudId);
  }

  /** Marks a cloud object as taken by this anchor; false when another source object took it. */
  claim(cloudId: string, anchor: string): boolean {
    const by = this.claimed.get(cloudId);
    if (by !== undefined && by !== anchor) return false;
    this.claimed.set(cloudId, anchor);
    return true;
  }

  claimedBy(cloudId: string): string | undefined {
    return this.claimed.get(cloudId);
  }

  /** True when cloudsync manages this cloud object (its anchor or id is in the state, or bound now). */
  isManaged(cloudId: string, bound: ReadonlySet<string>): boolean {
    if (bound.has(cloudId) || this.managedGroupIds.has(cloudId)) return true;
    const u = this.usersById.get(cloudId);
    return u?.onPremisesImmutableId != null && this.state.managed.has(u.onPremisesImmutableId);
  }

  // ---- users ----------------------------------------------------------------------------

  matchUser(anchor: string, upn: string | null, primarySmtp: string | undefined, softMatch: boolean): MatchResult {
    const hard = this.usersByAnchor.get(anchor);
    if (hard !== undefined) {
      if (hard.onPremisesSyncEnabled === true) {
        return { how: 'hard', user: hard, reason: `onPremisesImmutableId ${anchor} is held by ${describeUser(hard)}`, skip: { rule: 'synced-by-entra-connect', reason: `cloud user ${describeUser(hard)} is mastered by Entra Connect or Cloud Sync (onPremisesSyncEnabled); Graph cannot change it` } };
      }
      if (!this.claim(hard.id, anchor)) return { how: 'none', reason: 'duplicate', skip: { rule: 'match.conflict', reason: `cloud user ${describeUser(hard)} is already matched by another AD object` } };
      return { how: 'hard', user: hard, reason: `onPremisesImmutableId equals the source anchor ${anchor}` };
    }
    const deleted = this.deletedByAnchor.get(anchor);
    if (deleted !== undefined) return { how: 'restore', user: deleted, reason: `the soft-deleted user ${describeUser(deleted)} carries the source anchor ${anchor}` };

    const candidates: [MatchHow, string, CloudUser | undefined][] = [
      ['soft-upn', 'userPrincipalName', upn ? this.byUpn.get(lc(upn))?.[0] : undefined],
      ['soft-smtp', 'primary SMTP address', primarySmtp ? this.bySmtp.get(lc(primarySmtp))?.[0] : undefined],
    ];
    for (const [how, what, c] of candidates) {
      if (c === undefined) continue;
      const value = how === 'soft-upn' ? upn : primarySmtp;
      const found = `cloud user ${describeUser(c)} has the same ${what} ${value}`;
      if (c.onPremisesImmutableId) {
        return { how: 'none', reason: found, skip: { rule: 'match.conflict', reason: `${found} but is anchored to another AD object (onPremisesImmutableId ${c.onPremisesImmutableId}); change the address on one of them` } };
      }
      if (c.onPremisesSyncEnabled === true) return { how: 'none', reason: found, skip: { rule: 'synced-by-entra-connect', reason: `${found} and is mastered by Entra Connect or Cloud Sync` } };
      const roles = this.cloud.adminRoleHolders.get(c.id);
      if (roles !== undefined) {
        return { how: 'none', reason: found, skip: { rule: 'match.admin-role-holder', reason: `${found} but holds ${roles.join(', ')}: administrators are never soft-matched; change the AD address, or remove the role first` } };
      }
      const listed = this.protectedIds.get(c.id);
      if (listed !== undefined) return { how: 'none', reason: found, skip: { rule: 'protected', reason: `${found} and is ${listed}` } };
      if (!softMatch) return { how: 'none', reason: found, skip: { rule: 'match.soft-match-disabled', reason: `${found}; soft matching is off, so it is neither adopted nor can a user with that address be created` } };
      if (!this.claim(c.id, anchor)) return { how: 'none', reason: found, skip: { rule: 'match.conflict', reason: `${found}, but another AD object already matches it` } };
      return { how, user: c, reason: `soft match: ${found} and no onPremisesImmutableId` };
    }
    return { how: 'none', reason: 'no cloud user has the anchor, the userPrincipalName or the primary SMTP address' };
  }

  // ---- groups ---------------------------------------------------------------------------

  private unmanagedByName(displayName: string | null, anchor: string): CloudGroup[] {
    if (!displayName) return [];
    return (this.groupsByName.get(lc(displayName)) ?? []).filter(
      (g) => isCandidateGroup(g) && !this.managedGroupIds.has(g.id) && (this.claimedBy(g.id) ?? anchor) === anchor,
    );
  }

  /**
   * The group a pending create (its answer lost, the run killed) made: the one unbound group with
   * its name and mailNickname created since the intent. Claimed for the anchor when found.
   */
  recoverPending(anchor: string, displayName: string | null = null, mailNickname: string | null = null): CloudGroup | undefined {
    const entry: ManagedEntry | undefined = this.state.managed.get(anchor);
    if (entry?.kind !== 'group' || entry.cloudId !== undefined || entry.pending === undefined) return undefined;
    const pending = entry.pending;
    const since = Date.parse(pending.time) - RECOVERY_SKEW_MS;
    const found = this.unmanagedByName(pending.displayName ?? displayName, anchor).filter(
      (g) => lc(g.mailNickname) === lc(pending.mailNickname ?? mailNickname) && (g.createdDateTime === null || !(Date.parse(g.createdDateTime) < since)),
    );
    if (found.length !== 1) return undefined;
    this.claim(found[0]!.id, anchor);
    return found[0];
  }

  matchGroup(anchor: string, displayName: string | null, mailNickname: string | null, matchByName: boolean): MatchResult {
    const entry: ManagedEntry | undefined = this.state.managed.get(anchor);
    if (entry?.kind === 'group' && entry.cloudId !== undefined) {
      const g = this.groupsById.get(entry.cloudId);
      if (g !== undefined) {
        if (g.onPremisesSyncEnabled === true) return { how: 'hard', group: g, reason: 'bound in the state store', skip: { rule: 'synced-by-entra-connect', reason: `cloud group ${describeGroup(g)} is mastered by Entra Connect or Cloud Sync` } };
        this.claim(g.id, anchor);
        return { how: 'hard', group: g, reason: `the state store binds the source anchor ${anchor} to ${describeGroup(g)}` };
      }
    }
    const recovered = this.recoverPending(anchor, displayName, mailNickname);
    if (recovered !== undefined) {
      return { how: 'recovery', group: recovered, reason: `an earlier run was stopped while creating this group; ${describeGroup(recovered)} has its name and mailNickname and was created since` };
    }
    if (matchByName) {
      const found = this.unmanagedByName(displayName, anchor);
      if (found.length === 1) {
        const g = found[0]!;
        const why = this.protectionOf(g.id);
        if (why !== undefined) return { how: 'none', reason: `name match with ${describeGroup(g)}`, skip: { rule: 'protected', reason: `cloud group ${describeGroup(g)} ${why}` } };
        this.claim(g.id, anchor);
        return { how: 'name', group: g, reason: `name match: ${describeGroup(g)} has the displayName "${displayName}" and is not bound to another AD group` };
      }
      if (found.length > 1) {
        return { how: 'none', reason: 'ambiguous', skip: { rule: 'match.ambiguous', reason: `${found.length} cloud groups are named "${displayName}"; rename all but one, or turn the name match off` } };
      }
    }
    return { how: 'none', reason: 'no cloud group is bound to the source anchor' + (matchByName ? ' or has its displayName' : '') };
  }
}

export function matchedOnOf(how: MatchHow): MatchedOn | undefined {
  switch (how) {
    case 'soft-upn':
      return 'userPrincipalName';
    case 'soft-smtp':
      return 'primarySmtp';
    case 'name':
      return 'displayName';
    case 'recovery':
      return 'recovery';
    default:
      return undefined;
  }
}
