/**
 * `cloudsync test-user <DN>`: one object through the sync pipeline, step by step — import, scope,
 * validation, match, attribute flow, action — with only the lookups that object needs in Entra.
 * The plan it returns holds just this object's operations and can be applied like any plan.
 */
import type { Domain } from '@microsoft/microsoft-graph-types';
import { attrStrings, attrValues, type DirectoryObject, type DirectorySource, type Scope } from '../../directory/types.js';
import { CloudsyncError } from '../../errors.js';
import type { Finding } from '../../validate/findings.js';
import { createEntraValidator } from '../../validate/entra/index.js';
import { createIdfixValidator } from '../../validate/idfix/index.js';
import { initialDomain } from '../../validate/entra/domains.js';
import { groupQuery, owned, readMembers, toCloudGroup, toCloudUser, userQuery, type CloudTarget } from '../read/cloud.js';
import { syncKind } from '../read/exclusions.js';
import { IGNORE_FLOW } from '../mapping/index.js';
import type { MatchHow } from '../plan/match.js';
import { planDetailed, type ObjectDecision, type PlanOptions } from '../plan/planner.js';
import { scopeDecision, type ScopeDecision } from '../read/scope.js';
import { expressionAttributes, mapObject, mappedTargets, syncAttributes, type SyncMapping } from '../read/source.js';
import { emptyState, type SyncState } from '../store/state.js';
import type { CloudGroup, CloudSnapshot, CloudUser, ObjectKind, Operation, Plan, PlanCounts, PropertyValue, SourceObject, SourceSnapshot } from '../types.js';
import { fromMappedValue, sameValue } from '../values.js';

export interface TestUserOptions {
  readonly source: DirectorySource;
  readonly scope: Scope;
  readonly mapping: SyncMapping;
  /** Entra, for the lookups this one object needs. */
  readonly target: CloudTarget;
  /** The state of this tenant + scope (groups are bound there); default empty. */
  readonly state?: SyncState;
  readonly plan?: PlanOptions;
  /** Read the manager through $expand (default true). */
  readonly managers?: boolean;
}

export interface ImportStep {
  readonly kind?: ObjectKind;
  readonly objectClass: readonly string[];
  /** Every attribute read, as text (binary values in base64). */
  readonly attributes: Readonly<Record<string, readonly string[]>>;
  readonly anchor?: string;
  readonly anchorSource?: 'mS-DS-ConsistencyGuid' | 'objectGUID' | 'mapping';
  readonly objectGuid?: string;
  readonly problem?: string;
}

export interface MatchStep {
  readonly how: MatchHow;
  readonly cloudId?: string;
  readonly cloudName?: string;
  readonly reason: string;
  readonly skip?: { readonly rule: string; readonly reason: string };
}

export interface AttributeFlow {
  readonly target: string;
  readonly expression: string;
  /** The AD attributes the expression reads, with their values. */
  readonly sourceValues: Readonly<Record<string, readonly string[]>>;
  /** The expression's result; "ignored" when IgnoreFlowIfNullOrEmpty (or an error) leaves the property alone. */
  readonly result: PropertyValue | 'ignored';
  /** The value written (after the UPN rule), when it differs from the result. */
  readonly written?: PropertyValue;
  readonly error?: string;
  readonly applyOn: 'always' | 'create';
  readonly cloudValue?: PropertyValue;
  readonly changed: boolean;
}

export interface ActionStep {
  readonly action: 'create' | 'restore' | 'adopt' | 'update' | 'none';
  readonly operations: readonly Operation[];
  readonly reason: string;
}

export interface TestUserResult {
  readonly dn: string;
  readonly time: string;
  readonly steps: {
    readonly import: ImportStep;
    readonly scope: ScopeDecision;
    readonly validation: { readonly findings: readonly Finding[] };
    readonly match?: MatchStep;
    readonly flow: readonly AttributeFlow[];
    readonly action: ActionStep;
  };
  /** Groups: direct members in AD and in the matched cloud group. */
  readonly members?: { readonly ad: number; readonly cloud?: number };
  /** A plan with this object's operations only (apply it for --apply). */
  readonly plan: Plan;
  readonly warnings: readonly string[];
}

type GraphObject = Record<string, unknown>;

const quote = (v: string): string => `'${v.replace(/'/g, "''")}'`;

function textValues(o: DirectoryObject, name: string): string[] {
  return attrValues(o, name).map((v) => (typeof v === 'string' ? v : v.toString('base64')));
}

async function first<T>(it: AsyncIterable<T>, max = 5): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) {
    out.push(x);
    if (out.length >= max) break;
  }
  return out;
}

/** Only what one object needs from Entra: lookups by anchor, UPN and SMTP address, the bound group. */
async function lookupCloud(opts: TestUserOptions, subject: SourceObject, extraAnchors: readonly string[], state: SyncState): Promise<CloudSnapshot> {
  const { target } = opts;
  const targets = mappedTargets(opts.mapping);
  const managers = opts.managers ?? true;
  // With ownership recorded in Entra, the extensions are read too, and a group is found by its anchor.
  const names = opts.plan?.ownership?.names;
  const users = new Map<string, CloudUser>();
  const findUsers = async (filter: string) => {
    for (const u of await first(target.pages<GraphObject>(`/users?$filter=${encodeURIComponent(filter)}&${userQuery(targets, managers, names)}`))) {
      const cu = owned(toCloudUser(u, targets.user, managers), u, names);
      users.set(cu.id, cu);
    }
  };
  const groups = new Map<string, CloudGroup>();
  const findGroups = async (filter: string) => {
    for (const g of await first(target.pages<GraphObject>(`/groups?$filter=${encodeURIComponent(filter)}&${groupQuery(targets, names)}`))) {
      const cg = owned(toCloudGroup(g, targets.group), g, names);
      groups.set(cg.id, cg);
    }
  };
  for (const a of [subject.anchor, ...extraAnchors]) await findUsers(`onPremisesImmutableId eq ${quote(a)}`);
  if (subject.kind === 'user') {
    const upn = subject.properties.userPrincipalName;
    if (typeof upn === 'string') await findUsers(`userPrincipalName eq ${quote(upn)}`);
    if (subject.primarySmtp !== undefined) {
      await findUsers(`mail eq ${quote(subject.primarySmtp)}`);
      await findUsers(`proxyAddresses/any(p:p eq ${quote(`SMTP:${subject.primarySmtp}`)})`);
    }
  } else {
    const bound = state.managed.get(subject.anchor)?.cloudId;
    if (bound !== undefined) await findGroups(`id eq ${quote(bound)}`);
    if (names !== undefined) await findGroups(`${names.anchor} eq ${quote(subject.anchor)}`);
    const name = subject.properties.displayName;
    if (typeof name === 'string' && (opts.plan?.matchGroupsByName === true || state.managed.get(subject.anchor)?.pending !== undefined)) {
      await findGroups(`displayName eq ${quote(name)}`);
    }
  }
  const deletedUsers: CloudUser[] = [];
  if (subject.kind === 'user') {
    const select = `id,userPrincipalName,displayName,mail,mailNickname,proxyAddresses,accountEnabled,onPremisesImmutableId,onPremisesSyncEnabled${names ? `,${names.anchor},${names.marker}` : ''}`;
    for await (const u of target.pages<GraphObject>(`/directory/deletedItems/microsoft.graph.user?$select=${select}&$top=999`)) {
      if (u.onPremisesImmutableId === subject.anchor) deletedUsers.push(owned(toCloudUser(u, targets.user, false), u, names));
    }
  }
  const holders = await target.adminRoleHolders();
  const domains: Domain[] = await target.domains();
  const verified = domains.filter((d) => d.isVerified === true && typeof d.id === 'string').map((d) => d.id!.toLowerCase());
  const initial = domains.find((d) => d.isInitial === true && typeof d.id === 'string')?.id?.toLowerCase() ?? initialDomain(verified);
  return {
    users: [...users.values()],
    groups: [...groups.values()],
    deletedUsers,
    adminRoleHolders: holders,
    verifiedDomains: verified,
    ...(initial !== undefined ? { initialDomain: initial } : {}),
    managersKnown: managers,
  };
}

function subsetPlan(plan: Plan, ops: readonly Operation[]): Plan {
  const operations = ops.map((op, i) => ({ ...op, seq: i + 1 }) as Operation);
  const counts = Object.fromEntries(Object.keys(plan.counts).map((k) => [k, 0])) as Record<string, number>;
  for (const op of operations) counts[op.action] = (counts[op.action] ?? 0) + 1;
  const ids = new Set(operations.flatMap((op) => (op.cloudId !== undefined ? [op.cloudId] : [])));
  const digests = Object.fromEntries(Object.entries(plan.cloud.digests).filter(([id]) => ids.has(id)));
  return {
    ...plan,
    operations,
    counts: { ...(counts as unknown as PlanCounts), total: operations.length, unchanged: operations.length === 0 ? 1 : 0 },
    cloud: { ...plan.cloud, digests },
    guards: [],
    unbind: [],
  };
}

function actionOf(d: ObjectDecision | undefined, scope: ScopeDecision): ActionStep {
  if (!scope.inScope) return { action: 'none', operations: [], reason: `out of scope: ${scope.reason}` };
  if (d === undefined) return { action: 'none', operations: [], reason: 'the object cannot be synchronised (see import)' };
  if (d.skip !== undefined) return { action: 'none', operations: [], reason: d.skip.reason };
  const main = d.operations.find((op) => op.action === 'create' || op.action === 'restore' || op.action === 'adopt' || op.action === 'update');
  if (main !== undefined) {
    const action = main.action as ActionStep['action'];
    const n = d.operations.length;
    return { action, operations: d.operations, reason: `${n} operation${n === 1 ? '' : 's'}: ${d.operations.map((op) => op.action).join(', ')}` };
  }
  if (d.operations.length > 0) return { action: 'update', operations: d.operations, reason: d.operations.map((op) => op.action).join(', ') };
  return { action: 'none', operations: [], reason: 'Entra already holds every mapped value' };
}

/** Runs one object, by DN, through import, scope, validation, match, attribute flow and action. */
export async function testUser(dn: string, opts: TestUserOptions): Promise<TestUserResult> {
  const time = new Date().toISOString();
  const o = await opts.source.get(dn, ['*', ...syncAttributes(opts.mapping, ['memberOf', 'objectClass'])]);
  if (o === undefined) throw new CloudsyncError('not-found', `no object ${dn} in ${opts.source.description}: check the DN`);
  const kind = syncKind(o);
  const attributes: Record<string, string[]> = {};
  for (const name of [...o.attributes.keys()].sort()) attributes[name] = textValues(o, name);
  const scope = await scopeDecision(o, opts.scope, opts.source);

  // Validation: both rule sets, on this object alone.
  const domains = await opts.target.domains();
  const verifiedDomains = domains.filter((d) => d.isVerified === true && typeof d.id === 'string').map((d) => d.id!.toLowerCase());
  const forestUpnSuffixes = opts.source.upnSuffixes ? await opts.source.upnSuffixes() : undefined;
  const entra = createEntraValidator({ verifiedDomains, ...(forestUpnSuffixes ? { forestUpnSuffixes } : {}) });
  const findings = [...createIdfixValidator().check(o), ...entra.check(o), ...entra.finish()];

  const state = opts.state ?? emptyState();
  const emptyPlan = (importStep: ImportStep): TestUserResult => {
    const src: SourceSnapshot = { description: opts.source.description, scope: opts.scope, complete: true, users: [], groups: [], excluded: [], counts: { read: 1, users: 0, groups: 0, excluded: 1, byOu: {} }, targets: mappedTargets(opts.mapping) };
    const cloud: CloudSnapshot = { users: [], groups: [], deletedUsers: [], adminRoleHolders: new Map(), verifiedDomains, managersKnown: false };
    const plan = subsetPlan(planDetailed(src, cloud, emptyState(), { ...(opts.plan ?? {}), memberships: false }).plan, []);
    return { dn: o.dn, time, steps: { import: importStep, scope, validation: { findings }, flow: [], action: actionOf(undefined, scope) }, plan, warnings: [] };
  };
  if (kind === undefined) return emptyPlan({ objectClass: o.objectClass, attributes, problem: 'not a user, inetOrgPerson or group' });

  const mapped = await mapObject(o, kind, opts.mapping);
  const subject = mapped.object;
  if (subject === undefined) return emptyPlan({ kind, objectClass: o.objectClass, attributes, problem: mapped.problem?.reason ?? 'no source anchor' });
  const importStep: ImportStep = {
    kind,
    objectClass: o.objectClass,
    attributes,
    anchor: subject.anchor,
    anchorSource: subject.anchorSource,
    ...(subject.objectGuid !== undefined ? { objectGuid: subject.objectGuid } : {}),
  };

  // The manager takes part when it is in scope, so the reference can be resolved.
  const extra: SourceObject[] = [];
  if (subject.managerDn) {
    const m = await opts.source.get(subject.managerDn, ['*', ...syncAttributes(opts.mapping, ['memberOf'])]);
    if (m !== undefined && syncKind(m) === 'user' && (await scopeDecision(m, opts.scope, opts.source)).inScope) {
      const mm = await mapObject(m, 'user', opts.mapping);
      if (mm.object !== undefined) extra.push(mm.object);
    }
  }
  const cloud = await lookupCloud(opts, subject, extra.map((x) => x.anchor), state);
  const objects = scope.inScope ? [subject, ...extra] : [];
  const anchors = new Set(objects.map((x) => x.anchor));
  const localState: SyncState = { managed: new Map([...state.managed].filter(([a]) => anchors.has(a))) };
  const snapshot: SourceSnapshot = {
    description: opts.source.description,
    scope: opts.scope,
    complete: true,
    users: objects.filter((x) => x.kind === 'user'),
    groups: objects.filter((x) => x.kind === 'group'),
    excluded: [],
    counts: { read: objects.length, users: objects.filter((x) => x.kind === 'user').length, groups: objects.filter((x) => x.kind === 'group').length, excluded: 0, byOu: {} },
    targets: mappedTargets(opts.mapping),
  };
  const ownership = opts.plan?.ownership !== undefined ? { ownership: { ...opts.plan.ownership, onlyAnchors: anchors } } : {};
  const detailed = planDetailed(snapshot, cloud, localState, { ...(opts.plan ?? {}), ...ownership, memberships: false, forceDeletes: false });
  const decision = scope.inScope ? detailed.decisions.get(subject.anchor) : undefined;
  const matchObj = decision?.match.user ?? decision?.match.group;
  const match: MatchStep | undefined =
    decision === undefined
      ? undefined
      : {
          how: decision.match.how,
          ...(matchObj !== undefined ? { cloudId: matchObj.id, cloudName: ('userPrincipalName' in matchObj ? matchObj.userPrincipalName : null) ?? matchObj.displayName ?? matchObj.id } : {}),
          reason: decision.match.reason,
          ...(decision.skip !== undefined ? { skip: decision.skip } : {}),
        };

  const entries = (kind === 'user' ? opts.mapping.user : opts.mapping.group).entries;
  const matchedUser = decision?.match.user;
  const flow: AttributeFlow[] = mapped.results.map((r) => {
    const entry = entries.find((e) => e.target === r.target);
    const sourceValues: Record<string, string[]> = {};
    for (const a of entry ? expressionAttributes(entry.parsed.ast) : []) sourceValues[a] = textValues(o, a);
    const result: PropertyValue | 'ignored' = r.value === IGNORE_FLOW ? 'ignored' : fromMappedValue(r.value);
    const lower = r.target.toLowerCase();
    let cloudValue: PropertyValue | undefined;
    let written: PropertyValue | undefined;
    let changed: boolean;
    if (r.reference) {
      cloudValue = matchedUser?.managerId ?? null;
      changed = decision?.operations.some((op) => op.action === 'set-manager' || op.action === 'remove-manager') ?? false;
    } else if (lower === 'onpremisesimmutableid') {
      cloudValue = matchedUser?.onPremisesImmutableId ?? null;
      written = subject.anchor;
      changed = decision?.changes.some((c) => c.attribute.toLowerCase() === lower) ?? false;
    } else {
      cloudValue = decision?.current?.[r.target] ?? (matchObj !== undefined ? null : undefined);
      const desired = decision?.desired[r.target];
      if (desired !== undefined && result !== 'ignored' && !sameValue(desired, result)) written = desired;
      changed = decision?.changes.some((c) => c.attribute === r.target) ?? false;
    }
    return {
      target: r.target,
      expression: r.expression,
      sourceValues,
      result,
      ...(written !== undefined ? { written } : {}),
      ...(r.error !== undefined ? { error: r.error } : {}),
      applyOn: r.applyOn,
      ...(cloudValue !== undefined ? { cloudValue } : {}),
      changed,
    };
  });

  let members: TestUserResult['members'];
  if (kind === 'group') {
    const cloudId = decision?.match.group?.id;
    members = { ad: attrStrings(o, 'member').length, ...(cloudId !== undefined ? { cloud: (await readMembers(opts.target, cloudId)).length } : {}) };
  }
  const ops = decision?.skip === undefined ? (decision?.operations ?? []) : [];
  const plan = subsetPlan(detailed.plan, ops);
  const action = actionOf(decision, scope);
  return {
    dn: o.dn,
    time,
    steps: { import: importStep, scope, validation: { findings }, ...(match !== undefined ? { match } : {}), flow, action: { ...action, operations: plan.operations } },
    ...(members !== undefined ? { members } : {}),
    plan,
    warnings: decision?.warnings ?? [],
  };
}
