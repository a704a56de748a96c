/**
 * The first phase: each source object in scope is matched with the cloud and gets its create,
 * restore, adopt or update (or a skip with the rule that decided it).
 */
import { withCreateChanges } from '../operations.js';
import { get, str, type Draft, type PlanContext } from './context.js';
import { matchedOnOf } from './match.js';
import { currentOwnership, ownedByAnother, ownershipValues } from './ownership.js';
import { ref } from './refs.js';
import { sanitizeNickname, effectiveUpn } from './upn.js';
import { sameValue } from '../values.js';
import type { Change, ObjectKind, Operation, Properties, PropertyValue, SourceObject } from '../types.js';

/** Desired properties: every mapped target that is not ignored; absent = null, or [] for a collection (Graph refuses null there). */
function desiredOf(ctx: PlanContext, o: SourceObject, warnings: string[]): Record<string, PropertyValue> {
  const m = ctx.meta[o.kind];
  const ignored = o.ignored;
  const out: Record<string, PropertyValue> = {};
  for (const t of m.targets) {
    if (ignored !== undefined && ignored.includes(t)) continue;
    const v = o.properties[t];
    out[t] = v !== undefined && v !== null ? v : m.collections.has(t) ? [] : null;
  }
  for (const e of o.mappingErrors ?? []) warnings.push(`${e.target} is left alone: ${e.message}`);
  const upnKey = o.kind === 'user' ? m.key.get('userprincipalname') : undefined;
  if (upnKey !== undefined && upnKey in out) {
    const nickKey = m.key.get('mailnickname');
    const r = effectiveUpn(str(out[upnKey]), nickKey !== undefined ? str(out[nickKey]) : null, ctx.cloud.verifiedDomains, ctx.cloud.initialDomain);
    out[upnKey] = r.upn;
    if (r.warning !== undefined) warnings.push(r.warning);
  }
  return out;
}

function diff(ctx: PlanContext, kind: ObjectKind, desired: Properties, current: Properties): Change[] {
  const required = ctx.meta[kind].required;
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
function createProperties(ctx: PlanContext, o: SourceObject, desired: Properties): { props?: Record<string, PropertyValue>; missing?: string } {
  const key = ctx.meta[o.kind].key;
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

function skip(ctx: PlanContext, o: SourceObject, rule: string, reason: string, cloudId?: string): void {
  const r = ref(ctx, o);
  ctx.skipped.push({ ...r, ...(cloudId !== undefined ? { cloudId } : {}), rule, reason });
  ctx.frozen.add(o.anchor);
}

function bind(ctx: PlanContext, o: SourceObject, cloudId: string): void {
  ctx.cloudIdOf.set(o.anchor, cloudId);
  ctx.bound.add(cloudId);
  const entry = ctx.state.managed.get(o.anchor);
  if (entry?.cloudId !== cloudId || entry.dn !== o.dn) ctx.bindings.push({ anchor: o.anchor, kind: o.kind, cloudId, dn: o.dn });
}

/** Plans one source object: match, then create, restore, adopt, update, or skip. */
export function planObject(ctx: PlanContext, o: SourceObject): void {
  const warnings: string[] = [];
  const desired = desiredOf(ctx, o, warnings);
  const key = ctx.meta[o.kind].key;
  const upn = o.kind === 'user' ? str(desired[key.get('userprincipalname') ?? 'userPrincipalName'] ?? null) : null;
  const displayName = str(desired[key.get('displayname') ?? 'displayName'] ?? null);
  ctx.names.set(o.anchor, { upn, displayName });
  const match =
    o.kind === 'user'
      ? ctx.index.matchUser(o.anchor, upn, o.primarySmtp, ctx.opts.softMatch)
      : ctx.index.matchGroup(o.anchor, displayName, str(desired[key.get('mailnickname') ?? 'mailNickname'] ?? null), ctx.opts.matchGroupsByName);
  const cloudObj = match.user ?? match.group;
  const current = cloudObj === undefined || ctx.ownership === undefined ? cloudObj?.properties : { ...cloudObj.properties, ...currentOwnership(ctx.ownership, cloudObj) };
  Object.assign(desired, ownershipValues(ctx.ownership, o.anchor));
  const ops: Draft[] = [];
  let changes: Change[] = [];
  let skipped = match.skip;
  if (skipped === undefined && cloudObj !== undefined && ownedByAnother(cloudObj, ctx.ownership)) {
    skipped = { rule: 'owned-by-another-configuration', reason: `cloud ${o.kind} ${cloudObj.id} carries the marker ${cloudObj.ownership?.marker} of another cloudsync configuration: it is never changed` };
  }

  if (skipped === undefined && cloudObj !== undefined && match.how !== 'restore') {
    const why = ctx.index.protectionOf(cloudObj.id, o.dn);
    if (why !== undefined) skipped = { rule: ctx.index.isAdmin(cloudObj.id) ? 'protected.admin-role-holder' : 'protected', reason: `cloud ${o.kind} ${cloudObj.id} ${why}: it is never changed` };
  }
  if (skipped !== undefined) {
    // A hard-matched object stays bound (it is ours) even while it may not be changed.
    if (match.how === 'hard' && cloudObj !== undefined && skipped.rule !== 'synced-by-entra-connect' && skipped.rule !== 'owned-by-another-configuration') bind(ctx, o, cloudObj.id);
    skip(ctx, o, skipped.rule, skipped.reason, cloudObj?.id);
  } else if (cloudObj === undefined) {
    const { props, missing } = createProperties(ctx, o, desired);
    if (props === undefined) {
      skipped = { rule: 'create.missing-property', reason: `cannot be created: no value for ${missing}, which Graph requires` };
      skip(ctx, o, skipped.rule, skipped.reason);
    } else {
      ctx.creating.add(o.anchor);
      const create = withCreateChanges({ ...ref(ctx, o), action: 'create' as const, anchor: o.anchor, properties: props });
      if (ctx.explain) changes = create.changes;
      ops.push(create);
    }
  } else {
    bind(ctx, o, cloudObj.id);
    changes = diff(ctx, o.kind, desired, current ?? {});
    const r = { ...ref(ctx, o), cloudId: cloudObj.id };
    const matchedOn = matchedOnOf(match.how);
    if (match.how === 'restore') {
      ctx.restoring.add(o.anchor);
      ops.push({ ...r, action: 'restore', anchor: o.anchor, cloudId: cloudObj.id });
      if (changes.length > 0) ops.push({ ...r, action: 'update', cloudId: cloudObj.id, changes });
    } else if (matchedOn !== undefined) {
      const adoptChanges = o.kind === 'user' ? [{ attribute: 'onPremisesImmutableId', old: null, new: o.anchor }, ...changes] : changes;
      ops.push({ ...r, action: 'adopt', anchor: o.anchor, cloudId: cloudObj.id, matchedOn, changes: adoptChanges, ...keepOf(changes, desired, current ?? {}) });
      changes = adoptChanges;
    } else if (changes.length > 0) {
      ops.push({ ...r, action: 'update', cloudId: cloudObj.id, changes, ...keepOf(changes, desired, current ?? {}) });
    }
  }
  if (ops.length === 0 && skipped === undefined) ctx.unchanged++;
  for (const w of warnings) ctx.warnings.push({ dn: o.dn, message: w });
  // Added in place, not by copying: a copy would turn a create's computed changes into stored ones.
  if (warnings.length > 0) for (const d of ops) (d as { warnings?: readonly string[] }).warnings = warnings;
  ctx.drafts.push(...ops);
  if (!ctx.explain) return;
  ctx.decisions.set(o.anchor, {
    source: o,
    match,
    desired,
    ...(current !== undefined ? { current } : {}),
    changes,
    operations: ops as Operation[],
    ...(skipped !== undefined ? { skip: skipped } : {}),
    warnings,
  });
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
