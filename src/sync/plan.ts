/**
 * The planner: source snapshot + cloud snapshot + state → the operations that make Entra match
 * AD, and the guards that decide whether they may run. Pure: reads nothing, writes nothing.
 */
import { normalizeDn } from '../directory/dn.js';
import { cloudFingerprint, cloudGroupDigest, cloudUserDigest, sourceFingerprint, touchedIds } from './fingerprint.js';
import { thresholdLimit } from './guards.js';
import { CloudIndex, matchedOnOf, type MatchResult } from './match.js';
import type { SyncState } from './state.js';
import type {
  Action,
  Binding,
  Change,
  CloudSnapshot,
  GuardTrip,
  ObjectKind,
  ObjectRef,
  Operation,
  Plan,
  PlanCounts,
  PlanWarning,
  Properties,
  PropertyValue,
  RecordedPlanOptions,
  SkippedObject,
  SourceObject,
  SourceSnapshot,
} from './types.js';
import { sanitizeNickname, effectiveUpn } from './upn.js';
import { sameValue } from './values.js';

export interface PlanOptions {
  /** The tenant and state key the plan is for (recorded, checked when a saved plan is applied). */
  readonly tenant?: string;
  readonly scopeKey?: string;
  /** Adopt cloud users without an anchor that have the same UPN or primary SMTP address (default true). */
  readonly softMatch?: boolean;
  /** Adopt an unbound cloud security group with the same displayName (default false). */
  readonly matchGroupsByName?: boolean;
  /** What leaving the scope does to a managed user: soft delete (default) or disable. */
  readonly onDelete?: 'delete' | 'disable';
  /** Removals (disables + deletes) allowed without --force-deletes: a count (default 500) or "N%" of the managed objects. */
  readonly deleteThreshold?: number | `${number}%`;
  /** Pass the delete threshold and the shrink guard. */
  readonly forceDeletes?: boolean;
  /** Fewer source objects than this fraction of the last successful run's count blocks removals (default 0.5). */
  readonly shrinkRatio?: number;
  /** UPNs, object ids or DNs never changed (admin-role holders always are). */
  readonly protected?: readonly string[];
  /** Plan group membership changes (default true; test-user reports member counts instead). */
  readonly memberships?: boolean;
  readonly now?: () => Date;
}

export function recordedOptions(o: PlanOptions): RecordedPlanOptions {
  return {
    softMatch: o.softMatch ?? true,
    matchGroupsByName: o.matchGroupsByName ?? false,
    onDelete: o.onDelete ?? 'delete',
    deleteThreshold: o.deleteThreshold ?? 500,
    forceDeletes: o.forceDeletes ?? false,
    shrinkRatio: o.shrinkRatio ?? 0.5,
    protected: [...(o.protected ?? [])],
  };
}

/** What the planner decided for one source object (test-user shows it step by step). */
export interface ObjectDecision {
  readonly source: SourceObject;
  readonly match: MatchResult;
  /** The properties the sync writes (mapping results with the UPN rule applied); absent = null. */
  readonly desired: Properties;
  /** The matched cloud object's values of the same properties. */
  readonly current?: Properties;
  readonly changes: readonly Change[];
  readonly operations: Operation[];
  readonly skip?: { readonly rule: string; readonly reason: string };
  readonly warnings: readonly string[];
}

export interface DetailedPlan {
  readonly plan: Plan;
  readonly decisions: ReadonlyMap<string, ObjectDecision>;
}

/** Properties Graph requires: never cleared by an update, and filled in on create. */
const REQUIRED: Record<ObjectKind, readonly string[]> = {
  user: ['accountenabled', 'displayname', 'mailnickname', 'userprincipalname'],
  group: ['displayname', 'mailnickname', 'securityenabled', 'mailenabled'],
};

const PHASE: Record<Action, number> = {
  create: 1,
  restore: 1,
  adopt: 2,
  update: 2,
  'set-manager': 3,
  'remove-manager': 3,
  'add-member': 3,
  'remove-member': 4,
  disable: 5,
  delete: 5,
};

/** The order in which apply runs the operations, phase by phase (docs/sync.md). */
export function phaseOf(action: Action): number {
  return PHASE[action];
}

type Draft = Operation extends infer O ? (O extends Operation ? Omit<O, 'seq'> : never) : never;

const str = (v: PropertyValue | undefined): string | null => (typeof v === 'string' ? v : null);

function get(props: Properties, name: string): PropertyValue | undefined {
  if (name in props) return props[name];
  const lower = name.toLowerCase();
  for (const k of Object.keys(props)) if (k.toLowerCase() === lower) return props[k];
  return undefined;
}

/** The mapped targets of one kind, with the names the planner looks up, resolved once. */
interface KindMeta {
  readonly targets: readonly string[];
  /** Targets Graph requires (never cleared by an update). */
  readonly required: ReadonlySet<string>;
  /** lower-case name → the target as the mapping spells it. */
  readonly key: ReadonlyMap<string, string>;
}

function kindMeta(kind: ObjectKind, targets: readonly string[]): KindMeta {
  const key = new Map(targets.map((t) => [t.toLowerCase(), t]));
  return { targets, required: new Set(targets.filter((t) => REQUIRED[kind].includes(t.toLowerCase()))), key };
}

class Planner {
  readonly index: CloudIndex;
  readonly opts: RecordedPlanOptions;
  readonly decisions = new Map<string, ObjectDecision>();
  readonly drafts: Draft[] = [];
  readonly warnings: PlanWarning[] = [];
  readonly skipped: SkippedObject[] = [];
  readonly bindings: Binding[] = [];
  readonly unbind: string[] = [];
  /** Cloud ids bound (matched) in this plan. */
  readonly bound = new Set<string>();
  /** anchor → cloud id of in-scope objects that exist in the cloud. */
  readonly cloudIdOf = new Map<string, string>();
  /** Anchors this plan creates. */
  readonly creating = new Set<string>();
  /** Anchors whose objects take no changes (protected, skipped, mastered elsewhere). */
  readonly frozen = new Set<string>();
  /** Normalized DN → in-scope object. */
  readonly byDn = new Map<string, SourceObject>();
  /** The UPN and display name each in-scope object will have, for references. */
  readonly names = new Map<string, { readonly upn: string | null; readonly displayName: string | null }>();
  /** Anchors of users this plan restores. */
  readonly restoring = new Set<string>();
  /** Keep per-object decisions (test-user); a plain plan does not, to save memory. */
  explain = false;
  readonly meta: Record<ObjectKind, KindMeta>;
  /** Cloud ids being deleted: their memberships go with them. */
  readonly deleting = new Set<string>();
  removalDrafts: Draft[] = [];
  unchanged = 0;

  constructor(
    readonly source: SourceSnapshot,
    readonly cloud: CloudSnapshot,
    readonly state: SyncState,
    options: PlanOptions,
  ) {
    this.opts = recordedOptions(options);
    this.meta = { user: kindMeta('user', source.targets.user), group: kindMeta('group', source.targets.group) };
    this.index = new CloudIndex(cloud, state, this.opts.protected);
    for (const o of [...source.users, ...source.groups]) {
      try {
        this.byDn.set(normalizeDn(o.dn), o);
      } catch {
        // A DN the parser refuses cannot be referenced either.
      }
    }
  }

  ref(o: SourceObject): ObjectRef {
    const names = this.names.get(o.anchor);
    const upn = o.kind === 'user' ? (names?.upn ?? str(get(o.properties, 'userPrincipalName'))) : null;
    const name = names?.displayName ?? str(get(o.properties, 'displayName'));
    const id = this.cloudIdOf.get(o.anchor);
    return {
      kind: o.kind,
      anchor: o.anchor,
      ...(id !== undefined ? { cloudId: id } : {}),
      dn: o.dn,
      ...(upn !== null ? { upn } : {}),
      ...(name !== null ? { displayName: name } : {}),
    };
  }

  /** Desired properties: every mapped target that is not ignored; absent = null. */
  desired(o: SourceObject, warnings: string[]): Record<string, PropertyValue> {
    const m = this.meta[o.kind];
    const ignored = o.ignored;
    const out: Record<string, PropertyValue> = {};
    for (const t of m.targets) {
      if (ignored !== undefined && ignored.includes(t)) continue;
      const v = o.properties[t];
      out[t] = v === undefined ? null : v;
    }
    for (const e of o.mappingErrors ?? []) warnings.push(`${e.target} is left alone: ${e.message}`);
    const upnKey = o.kind === 'user' ? m.key.get('userprincipalname') : undefined;
    if (upnKey !== undefined && upnKey in out) {
      const nickKey = m.key.get('mailnickname');
      const r = effectiveUpn(str(out[upnKey]), nickKey !== undefined ? str(out[nickKey]) : null, this.cloud.verifiedDomains, this.cloud.initialDomain);
      out[upnKey] = r.upn;
      if (r.warning !== undefined) warnings.push(r.warning);
    }
    return out;
  }

  diff(kind: ObjectKind, desired: Properties, current: Properties): Change[] {
    const required = this.meta[kind].required;
    const changes: Change[] = [];
    for (const t in desired) {
      const v = desired[t]!;
      if (v === null && required.has(t)) continue;
      const cur = current[t];
      if (!sameValue(cur, v)) changes.push({ attribute: t, old: cur ?? null, new: v });
    }
    return changes;
  }

  /** Everything a create writes; undefined (with the reason) when a required value is missing. */
  createProperties(o: SourceObject, desired: Properties): { props?: Record<string, PropertyValue>; missing?: string } {
    const key = this.meta[o.kind].key;
    const props: Record<string, PropertyValue> = {};
    for (const k in desired) {
      const v = desired[k]!;
      if (v !== null && !(Array.isArray(v) && v.length === 0)) props[k] = v;
    }
    for (const k in o.createOnly) {
      const v = o.createOnly[k]!;
      if (v !== null) props[k] = v;
    }
    const value = (name: string): PropertyValue | undefined => {
      const k = key.get(name.toLowerCase()) ?? name;
      return k in props ? props[k] : get(props, name);
    };
    const set = (name: string, v: PropertyValue) => (props[key.get(name.toLowerCase()) ?? name] = v);
    const display = str(value('displayName') ?? null);
    if (display === null) return { missing: 'displayName' };
    if (value('mailNickname') === undefined) {
      const upn = str(value('userPrincipalName') ?? null);
      const nick = sanitizeNickname(upn?.split('@')[0] ?? display);
      if (nick === '') return { missing: 'mailNickname' };
      set('mailNickname', nick);
    }
    if (o.kind === 'user') {
      if (value('userPrincipalName') === undefined) return { missing: 'userPrincipalName' };
      if (value('accountEnabled') === undefined) set('accountEnabled', true);
      props.onPremisesImmutableId = o.anchor;
    } else {
      if (value('securityEnabled') === undefined) set('securityEnabled', true);
      if (value('mailEnabled') === undefined) set('mailEnabled', false);
    }
    return { props };
  }

  skip(o: SourceObject, rule: string, reason: string, cloudId?: string): void {
    const r = this.ref(o);
    this.skipped.push({ ...r, ...(cloudId !== undefined ? { cloudId } : {}), rule, reason });
    this.frozen.add(o.anchor);
  }

  bind(o: SourceObject, cloudId: string): void {
    this.cloudIdOf.set(o.anchor, cloudId);
    this.bound.add(cloudId);
    const entry = this.state.managed.get(o.anchor);
    if (entry?.cloudId !== cloudId || entry.dn !== o.dn) this.bindings.push({ anchor: o.anchor, kind: o.kind, cloudId, dn: o.dn });
  }

  object(o: SourceObject): void {
    const warnings: string[] = [];
    const desired = this.desired(o, warnings);
    const key = this.meta[o.kind].key;
    const upn = o.kind === 'user' ? str(desired[key.get('userprincipalname') ?? 'userPrincipalName'] ?? null) : null;
    const displayName = str(desired[key.get('displayname') ?? 'displayName'] ?? null);
    this.names.set(o.anchor, { upn, displayName });
    const match =
      o.kind === 'user'
        ? this.index.matchUser(o.anchor, upn, o.primarySmtp, this.opts.softMatch)
        : this.index.matchGroup(o.anchor, displayName, str(desired[key.get('mailnickname') ?? 'mailNickname'] ?? null), this.opts.matchGroupsByName);
    const cloudObj = match.user ?? match.group;
    const current = cloudObj?.properties;
    const ops: Draft[] = [];
    let changes: Change[] = [];
    let skip = match.skip;

    if (skip === undefined && cloudObj !== undefined && match.how !== 'restore') {
      const why = this.index.protectionOf(cloudObj.id, o.dn);
      if (why !== undefined) skip = { rule: this.index.isAdmin(cloudObj.id) ? 'protected.admin-role-holder' : 'protected', reason: `cloud ${o.kind} ${cloudObj.id} ${why}: it is never changed` };
    }
    if (skip !== undefined) {
      // A hard-matched object stays bound (it is ours) even while it may not be changed.
      if (match.how === 'hard' && cloudObj !== undefined && skip.rule !== 'synced-by-entra-connect') this.bind(o, cloudObj.id);
      this.skip(o, skip.rule, skip.reason, cloudObj?.id);
    } else if (cloudObj === undefined) {
      const { props, missing } = this.createProperties(o, desired);
      if (props === undefined) {
        skip = { rule: 'create.missing-property', reason: `cannot be created: no value for ${missing}, which Graph requires` };
        this.skip(o, skip.rule, skip.reason);
      } else {
        this.creating.add(o.anchor);
        const create = withCreateChanges({ ...this.ref(o), action: 'create' as const, anchor: o.anchor, properties: props });
        if (this.explain) changes = create.changes;
        ops.push(create);
      }
    } else {
      this.bind(o, cloudObj.id);
      changes = this.diff(o.kind, desired, current ?? {});
      const ref = { ...this.ref(o), cloudId: cloudObj.id };
      const matchedOn = matchedOnOf(match.how);
      if (match.how === 'restore') {
        this.restoring.add(o.anchor);
        ops.push({ ...ref, action: 'restore', anchor: o.anchor, cloudId: cloudObj.id });
        if (changes.length > 0) ops.push({ ...ref, action: 'update', cloudId: cloudObj.id, changes });
      } else if (matchedOn !== undefined) {
        const adoptChanges = o.kind === 'user' ? [{ attribute: 'onPremisesImmutableId', old: null, new: o.anchor }, ...changes] : changes;
        ops.push({ ...ref, action: 'adopt', anchor: o.anchor, cloudId: cloudObj.id, matchedOn, changes: adoptChanges, ...keepOf(changes, desired, current ?? {}) });
        changes = adoptChanges;
      } else if (changes.length > 0) {
        ops.push({ ...ref, action: 'update', cloudId: cloudObj.id, changes, ...keepOf(changes, desired, current ?? {}) });
      }
    }
    if (ops.length === 0 && skip === undefined) this.unchanged++;
    for (const w of warnings) this.warnings.push({ dn: o.dn, message: w });
    // Added in place, not by copying: a copy would turn a create's computed changes into stored ones.
    if (warnings.length > 0) for (const d of ops) (d as { warnings?: readonly string[] }).warnings = warnings;
    this.drafts.push(...ops);
    if (!this.explain) return;
    this.decisions.set(o.anchor, {
      source: o,
      match,
      desired,
      ...(current !== undefined ? { current } : {}),
      changes,
      operations: ops as Operation[],
      ...(skip !== undefined ? { skip } : {}),
      warnings,
    });
  }

  /** Resolves a DN to an in-scope object that will exist and may be referenced. */
  resolve(dn: string): SourceObject | undefined {
    let key: string;
    try {
      key = normalizeDn(dn);
    } catch {
      return undefined;
    }
    const o = this.byDn.get(key) ?? this.unchangedManaged(key);
    if (o === undefined) return undefined;
    if (!this.cloudIdOf.has(o.anchor) && !this.creating.has(o.anchor)) return undefined;
    return o;
  }

  /** Normalized DN → anchor of managed objects (delta plans only: objects not read are unchanged). */
  managedByDn?: Map<string, string>;

  /**
   * In a delta plan an object absent from the read did not change: a reference to it (a member,
   * a manager) is resolved through the state's last-seen DN and the cloud object bound to it.
   */
  unchangedManaged(key: string): SourceObject | undefined {
    const delta = this.source.delta;
    if (delta === undefined) return undefined;
    if (this.managedByDn === undefined) {
      const removed = new Set(delta.removed);
      this.managedByDn = new Map();
      for (const [anchor, e] of this.state.managed) if (e.dn !== undefined && !removed.has(anchor)) this.managedByDn.set(safeNormalize(e.dn), anchor);
    }
    const anchor = this.managedByDn.get(key);
    const entry = anchor !== undefined ? this.state.managed.get(anchor) : undefined;
    if (anchor === undefined || entry === undefined) return undefined;
    const id = entry.kind === 'user' ? this.index.usersByAnchor.get(anchor)?.id : entry.cloudId !== undefined && this.index.groupsById.has(entry.cloudId) ? entry.cloudId : undefined;
    if (id === undefined) return undefined;
    const o: SourceObject = { kind: entry.kind, dn: entry.dn!, anchor, anchorSource: 'objectGUID', properties: {}, createOnly: {} };
    this.byDn.set(key, o);
    // Its names, for the plan's references, are the cloud object's.
    const cloud = this.index.usersById.get(id) ?? this.index.groupsById.get(id);
    const upn = cloud !== undefined && 'userPrincipalName' in cloud ? cloud.userPrincipalName : null;
    this.names.set(anchor, { upn, displayName: cloud?.displayName ?? null });
    this.cloudIdOf.set(anchor, id);
    this.bound.add(id);
    return o;
  }

  /** Whether an object may take part in a reference change (not protected, not frozen). */
  changeable(o: SourceObject): boolean {
    if (this.frozen.has(o.anchor)) return false;
    const id = this.cloudIdOf.get(o.anchor);
    return id === undefined || this.index.protectionOf(id, o.dn) === undefined;
  }

  managers(): void {
    for (const o of this.source.users) {
      if (o.managerDn === undefined || !this.changeable(o)) continue;
      const id = this.cloudIdOf.get(o.anchor);
      const created = this.creating.has(o.anchor) || this.restoring.has(o.anchor);
      if (id === undefined && !created) continue;
      const cloudUser = id !== undefined ? this.index.usersById.get(id) : undefined;
      let current: string | null;
      if (cloudUser !== undefined && this.cloud.managersKnown) current = cloudUser.managerId ?? null;
      else if (created) current = null;
      else continue;
      const add = (d: Draft) => {
        this.drafts.push(d);
        const decision = this.decisions.get(o.anchor);
        decision?.operations.push(d as Operation);
      };
      if (o.managerDn === null) {
        if (current !== null) add({ ...this.ref(o), kind: 'user', action: 'remove-manager', oldManagerId: current });
        continue;
      }
      const m = this.resolve(o.managerDn);
      if (m === undefined || m.kind !== 'user') {
        if (!this.byDn.has(safeNormalize(o.managerDn))) this.warnings.push({ dn: o.dn, message: `manager ${o.managerDn} is not in scope: the manager in Entra is left as it is` });
        continue;
      }
      const managerRef = this.ref(m);
      if (managerRef.cloudId !== undefined && managerRef.cloudId === current) continue;
      add({ ...this.ref(o), kind: 'user', action: 'set-manager', manager: managerRef, oldManagerId: current });
    }
  }

  members(removals: Draft[]): void {
    for (const g of this.source.groups) {
      if (!this.changeable(g)) continue;
      const id = this.cloudIdOf.get(g.anchor);
      if (id === undefined && !this.creating.has(g.anchor)) continue;
      const cloudGroup = id !== undefined ? this.index.groupsById.get(id) : undefined;
      if (cloudGroup !== undefined && cloudGroup.members === undefined) {
        this.warnings.push({ dn: g.dn, message: 'the members of its cloud group were not read: membership is left as it is' });
        continue;
      }
      const current = new Set(cloudGroup?.members ?? []);
      const wanted = new Set<string>();
      const groupRef = this.ref(g);
      const decision = this.decisions.get(g.anchor);
      for (const dn of g.members ?? []) {
        // Members outside the scope are not synchronised (as with Cloud Sync's group scoping).
        const m = this.resolve(dn);
        if (m === undefined) continue;
        if (m.anchor === g.anchor) continue;
        const mid = this.cloudIdOf.get(m.anchor);
        if (mid !== undefined) wanted.add(mid);
        if (!this.changeable(m)) continue;
        if (mid !== undefined && current.has(mid)) continue;
        const d: Draft = { ...groupRef, kind: 'group', action: 'add-member', member: this.ref(m) };
        this.drafts.push(d);
        decision?.operations.push(d as Operation);
      }
      for (const mid of current) {
        if (wanted.has(mid) || this.deleting.has(mid) || !this.index.isManaged(mid, this.bound)) continue;
        if (this.index.protectionOf(mid) !== undefined) continue;
        removals.push({ ...groupRef, kind: 'group', action: 'remove-member', member: this.cloudRef(mid) });
      }
    }
  }

  /** A reference to a cloud object by id, with the names the cloud knows. */
  cloudRef(id: string): ObjectRef {
    const u = this.index.usersById.get(id);
    if (u !== undefined) {
      const dn = u.onPremisesImmutableId ? this.state.managed.get(u.onPremisesImmutableId)?.dn : undefined;
      return {
        kind: 'user',
        cloudId: id,
        ...(u.onPremisesImmutableId ? { anchor: u.onPremisesImmutableId } : {}),
        ...(dn !== undefined ? { dn } : {}),
        ...(u.userPrincipalName ? { upn: u.userPrincipalName } : {}),
        ...(u.displayName ? { displayName: u.displayName } : {}),
      };
    }
    const g = this.index.groupsById.get(id);
    const anchor = g === undefined ? undefined : [...this.state.managed].find(([, e]) => e.cloudId === id)?.[0];
    const dn = anchor !== undefined ? this.state.managed.get(anchor)?.dn : undefined;
    return {
      kind: 'group',
      cloudId: id,
      ...(anchor !== undefined ? { anchor } : {}),
      ...(dn !== undefined ? { dn } : {}),
      ...(g?.displayName ? { displayName: g.displayName } : {}),
    };
  }

  /** Disables and deletes of managed objects that left the scope. */
  leavers(): Draft[] {
    const inScope = new Set([...this.source.users, ...this.source.groups].map((o) => o.anchor));
    const out: Draft[] = [];
    // A delta read names its leavers; an object it did not read is unchanged, not gone.
    const candidates = this.source.delta === undefined ? [...this.state.managed] : this.source.delta.removed.flatMap((a) => {
      const e = this.state.managed.get(a);
      return e === undefined ? [] : [[a, e] as const];
    });
    for (const [anchor, entry] of candidates) {
      if (inScope.has(anchor)) continue;
      const dn = entry.dn !== undefined ? { dn: entry.dn } : {};
      if (entry.kind === 'user') {
        const u = this.index.usersByAnchor.get(anchor);
        if (u === undefined) {
          if (!this.index.deletedByAnchor.has(anchor)) this.unbind.push(anchor);
          continue;
        }
        if (u.onPremisesSyncEnabled === true) continue;
        const ref = { ...this.cloudRef(u.id), ...dn, anchor };
        const why = this.index.protectionOf(u.id, entry.dn);
        if (why !== undefined) {
          this.skipped.push({ ...ref, rule: this.index.isAdmin(u.id) ? 'protected.admin-role-holder' : 'protected', reason: `left the scope, but ${why}: it is never disabled or deleted` });
          continue;
        }
        if (this.opts.onDelete === 'delete') {
          out.push({ ...ref, kind: 'user', action: 'delete', cloudId: u.id });
          this.deleting.add(u.id);
        } else if (u.accountEnabled !== false) {
          out.push({ ...ref, kind: 'user', action: 'disable', cloudId: u.id, changes: [{ attribute: 'accountEnabled', old: u.accountEnabled, new: false }] });
        }
      } else {
        const g = entry.cloudId !== undefined ? this.index.groupsById.get(entry.cloudId) : undefined;
        if (g === undefined) {
          this.unbind.push(anchor);
          continue;
        }
        const ref = { ...this.cloudRef(g.id), ...dn, anchor };
        const why = this.index.protectionOf(g.id, entry.dn);
        if (why !== undefined) {
          this.skipped.push({ ...ref, rule: this.index.isAdmin(g.id) ? 'protected.admin-role-holder' : 'protected', reason: `left the scope, but ${why}: it is never deleted` });
          continue;
        }
        if (this.opts.onDelete === 'delete') {
          out.push({ ...ref, kind: 'group', action: 'delete', cloudId: g.id });
          this.deleting.add(g.id);
        } else {
          this.warnings.push({ ...dn, message: `group ${g.displayName ?? g.id} left the scope; groups cannot be disabled, so with on-delete "disable" it is left in place` });
        }
      }
    }
    return out;
  }

  /** The shrink guard: far fewer objects than the last successful run, or an OU that now reads empty. */
  shrinkReason(): string | undefined {
    const last = this.state.lastSuccess?.counts;
    // A delta read is small by design; its removals are named one by one (the threshold still applies).
    if (last === undefined || this.source.delta !== undefined) return undefined;
    const now = this.source.counts.users + this.source.counts.groups;
    if (last.total > 0 && now < last.total * this.opts.shrinkRatio) {
      return `the source now has ${now} users and groups in scope, fewer than ${Math.round(this.opts.shrinkRatio * 100)}% of the ${last.total} of the last successful run`;
    }
    for (const [ou, n] of Object.entries(this.source.counts.byOu)) {
      const before = last.byOu[ou];
      if (n === 0 && before !== undefined && before > 0) return `the OU ${ou} now reads empty (it had ${before} users and groups at the last successful run)`;
    }
    return undefined;
  }

  run(): DetailedPlan {
    for (const o of this.source.users) this.object(o);
    for (const o of this.source.groups) this.object(o);
    const removals = this.leavers();
    this.managers();
    if (this.memberships) this.members(removals);

    const guards: GuardTrip[] = [];
    let withheld = 0;
    const shrink = this.shrinkReason();
    if (!this.source.complete) {
      withheld = removals.length;
      guards.push({
        guard: 'source-incomplete',
        blocking: true,
        removals: withheld,
        message: `${this.source.incompleteReason ?? 'the source read did not complete'}; ${withheld} removal(s) were left out and nothing will be applied: fix the read and run again`,
      });
    } else if (shrink !== undefined) {
      if (this.opts.forceDeletes) {
        guards.push({ guard: 'source-shrunk', blocking: false, forced: true, removals: removals.length, message: `${shrink}; removals are planned because deletes are forced` });
      } else {
        withheld = removals.length;
        guards.push({
          guard: 'source-shrunk',
          blocking: withheld > 0,
          removals: withheld,
          message: `${shrink}; ${withheld} removal(s) were held back${withheld > 0 ? ': if this is intended, run again with --force-deletes' : ''}`,
        });
      }
    }
    const kept = withheld > 0 ? [] : removals;
    const objectRemovals = kept.filter((d) => d.action === 'delete' || d.action === 'disable').length;
    const managedCount = this.state.managed.size;
    const limit = thresholdLimit(this.opts.deleteThreshold, managedCount);
    if (objectRemovals > limit) {
      const what = `${objectRemovals} objects would be ${this.opts.onDelete === 'delete' ? 'deleted' : 'disabled or deleted'}, more than the delete threshold of ${limit}${typeof this.opts.deleteThreshold === 'string' ? ` (${this.opts.deleteThreshold} of ${managedCount} managed)` : ''}`;
      guards.push(
        this.opts.forceDeletes
          ? { guard: 'delete-threshold', blocking: false, forced: true, removals: objectRemovals, message: `${what}; passed because deletes are forced` }
          : { guard: 'delete-threshold', blocking: true, removals: objectRemovals, message: `${what}: nothing was applied; check the scope, or run again with --force-deletes (or raise --delete-threshold)` },
      );
    }
    return this.assemble([...this.drafts, ...kept], guards, withheld);
  }

  assemble(drafts: Draft[], guards: GuardTrip[], withheld: number): DetailedPlan {
    const key = (d: Draft): string => `${PHASE[d.action]}\u0000${(d.dn ?? d.upn ?? d.displayName ?? '').toLowerCase()}\u0000${'member' in d ? (d.member.dn ?? d.member.upn ?? d.member.cloudId ?? '').toLowerCase() : ''}`;
    const sorted = drafts.map((d, i) => [key(d), i, d] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
    // Numbered in place (seq still comes last): copies of 100k drafts would double the plan's memory for a moment.
    const numberedDrafts = new Set<Draft>();
    const operations: Operation[] = sorted.map(([, , d], i) => {
      (d as { seq?: number }).seq = i + 1;
      numberedDrafts.add(d);
      return d as Operation;
    });
    // Decisions hold the same operations, numbered.
    for (const [anchor, dec] of this.decisions) {
      const numbered = dec.operations.filter((d) => numberedDrafts.has(d as unknown as Draft));
      this.decisions.set(anchor, { ...dec, operations: numbered });
    }
    const counts = Object.fromEntries(Object.keys(PHASE).map((a) => [a, 0])) as Record<Action, number>;
    for (const op of operations) counts[op.action]++;
    const planCounts: PlanCounts = { ...counts, total: operations.length, unchanged: this.unchanged };

    const digests: Record<string, string> = {};
    for (const op of operations) {
      for (const id of touchedIds(op)) {
        if (digests[id] !== undefined) continue;
        const u = this.index.usersById.get(id) ?? this.cloud.deletedUsers.find((x) => x.id === id);
        const g = u === undefined ? this.index.groupsById.get(id) : undefined;
        if (u !== undefined) digests[id] = cloudUserDigest(u);
        else if (g !== undefined) digests[id] = cloudGroupDigest(g);
      }
    }
    const src = sourceFingerprint(this.source);
    const plan: Plan = {
      format: 'cloudsync-plan',
      version: 1,
      createdAt: (this.now ?? (() => new Date()))().toISOString(),
      ...(this.tenant !== undefined ? { tenant: this.tenant } : {}),
      ...(this.scopeKey !== undefined ? { scopeKey: this.scopeKey } : {}),
      scope: this.source.scope,
      options: this.opts,
      source: {
        description: this.source.description,
        complete: this.source.complete,
        ...(this.source.incompleteReason !== undefined ? { incompleteReason: this.source.incompleteReason } : {}),
        counts: this.source.counts,
        fingerprint: src.fingerprint,
        digests: src.digests,
      },
      cloud: { fingerprint: cloudFingerprint(digests), digests, managersKnown: this.cloud.managersKnown },
      operations,
      counts: planCounts,
      guards,
      warnings: this.warnings,
      skipped: this.skipped,
      withheldRemovals: withheld,
      bindings: this.bindings,
      unbind: this.unbind,
    };
    return { plan, decisions: this.decisions };
  }

  tenant?: string;
  scopeKey?: string;
  now?: () => Date;
  memberships = true;
}

/**
 * A create's changes follow from its properties, so they are computed when read rather than
 * stored: a plan of 100k creates would otherwise hold over a million change objects. The accessor
 * is an own enumerable property in the usual place, so JSON and spreads see a plain `changes`.
 */
function withCreateChanges<T extends { readonly properties: Properties }>(op: T): T & { readonly changes: Change[] } {
  return Object.defineProperty(op, 'changes', {
    get(this: T) {
      return createChanges(this.properties);
    },
    enumerable: true,
    configurable: true,
  }) as T & { readonly changes: Change[] };
}

/** The changes of a create: every property it writes, null → value, by name. */
export function createChanges(props: Properties): Change[] {
  return Object.keys(props)
    .sort()
    .map((k) => ({ attribute: k, old: null, new: props[k]! }));
}

/**
 * A nested property (onPremisesExtensionAttributes) is written as a whole object: its unchanged
 * members go along with their desired (= current) values, so replace and merge semantics agree.
 */
function keepOf(changes: readonly Change[], desired: Properties, current: Properties): { keep?: Properties } {
  const parents = new Set(changes.filter((c) => c.attribute.includes('.')).map((c) => c.attribute.slice(0, c.attribute.indexOf('.'))));
  if (parents.size === 0) return {};
  const changed = new Set(changes.map((c) => c.attribute));
  const keep: Record<string, PropertyValue> = {};
  for (const source of [current, desired]) {
    for (const [k, v] of Object.entries(source)) {
      const dot = k.indexOf('.');
      if (dot > 0 && parents.has(k.slice(0, dot)) && !changed.has(k)) keep[k] = v;
    }
  }
  return { keep };
}

function safeNormalize(dn: string): string {
  try {
    return normalizeDn(dn);
  } catch {
    return dn.toLowerCase();
  }
}

/** The plan and the per-object decisions behind it. */
export function planDetailed(source: SourceSnapshot, cloud: CloudSnapshot, state: SyncState, options: PlanOptions = {}, explain = true): DetailedPlan {
  const p = new Planner(source, cloud, state, options);
  if (options.tenant !== undefined) p.tenant = options.tenant;
  if (options.scopeKey !== undefined) p.scopeKey = options.scopeKey;
  if (options.now !== undefined) p.now = options.now;
  if (options.memberships === false) p.memberships = false;
  p.explain = explain;
  return p.run();
}

/**
 * Plans a sync. Removals (disables, deletes, member removes) only ever touch objects the state
 * store says cloudsync manages; an incomplete or shrunk source plans none (see the guards).
 */
export function plan(source: SourceSnapshot, cloud: CloudSnapshot, state: SyncState, options: PlanOptions = {}): Plan {
  return planDetailed(source, cloud, state, options, false).plan;
}
