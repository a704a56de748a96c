/**
 * References between objects as the plan names them: a source object (with the names it will
 * have), a cloud object by id, and a DN resolved to an in-scope object that will exist.
 */
import { normalizeDn } from '../../directory/dn.js';
import { get, safeNormalize, str, type PlanContext } from './context.js';
import type { ObjectRef, SourceObject } from '../types.js';

export function ref(ctx: PlanContext, o: SourceObject): ObjectRef {
  const names = ctx.names.get(o.anchor);
  const upn = o.kind === 'user' ? (names?.upn ?? str(get(o.properties, 'userPrincipalName'))) : null;
  const name = names?.displayName ?? str(get(o.properties, 'displayName'));
  const id = ctx.cloudIdOf.get(o.anchor);
  return {
    kind: o.kind,
    anchor: o.anchor,
    ...(id !== undefined ? { cloudId: id } : {}),
    dn: o.dn,
    ...(upn !== null ? { upn } : {}),
    ...(name !== null ? { displayName: name } : {}),
  };
}

/** A reference to a cloud object by id, with the names the cloud knows. */
export function cloudRef(ctx: PlanContext, id: string): ObjectRef {
  const u = ctx.index.usersById.get(id);
  if (u !== undefined) {
    const dn = u.onPremisesImmutableId ? ctx.state.managed.get(u.onPremisesImmutableId)?.dn : undefined;
    return {
      kind: 'user',
      cloudId: id,
      ...(u.onPremisesImmutableId ? { anchor: u.onPremisesImmutableId } : {}),
      ...(dn !== undefined ? { dn } : {}),
      ...(u.userPrincipalName ? { upn: u.userPrincipalName } : {}),
      ...(u.displayName ? { displayName: u.displayName } : {}),
    };
  }
  const g = ctx.index.groupsById.get(id);
  const anchor = g === undefined ? undefined : [...ctx.state.managed].find(([, e]) => e.cloudId === id)?.[0];
  const dn = anchor !== undefined ? ctx.state.managed.get(anchor)?.dn : undefined;
  return {
    kind: 'group',
    cloudId: id,
    ...(anchor !== undefined ? { anchor } : {}),
    ...(dn !== undefined ? { dn } : {}),
    ...(g?.displayName ? { displayName: g.displayName } : {}),
  };
}

/** Resolves a DN to an in-scope object that will exist and may be referenced. */
export function resolve(ctx: PlanContext, dn: string): SourceObject | undefined {
  let key: string;
  try {
    key = normalizeDn(dn);
  } catch {
    return undefined;
  }
  const o = ctx.byDn.get(key) ?? unchangedManaged(ctx, key);
  if (o === undefined) return undefined;
  if (!ctx.cloudIdOf.has(o.anchor) && !ctx.creating.has(o.anchor)) return undefined;
  return o;
}

/**
 * In a delta plan an object absent from the read did not change: a reference to it (a member,
 * a manager) is resolved through the state's last-seen DN and the cloud object bound to it.
 */
function unchangedManaged(ctx: PlanContext, key: string): SourceObject | undefined {
  const delta = ctx.source.delta;
  if (delta === undefined) return undefined;
  if (ctx.managedByDn === undefined) {
    const removed = new Set(delta.removed);
    ctx.managedByDn = new Map();
    for (const [anchor, e] of ctx.state.managed) if (e.dn !== undefined && !removed.has(anchor)) ctx.managedByDn.set(safeNormalize(e.dn), anchor);
  }
  const anchor = ctx.managedByDn.get(key);
  const entry = anchor !== undefined ? ctx.state.managed.get(anchor) : undefined;
  if (anchor === undefined || entry === undefined) return undefined;
  const id = entry.kind === 'user' ? ctx.index.usersByAnchor.get(anchor)?.id : entry.cloudId !== undefined && ctx.index.groupsById.has(entry.cloudId) ? entry.cloudId : undefined;
  if (id === undefined) return undefined;
  const o: SourceObject = { kind: entry.kind, dn: entry.dn!, anchor, anchorSource: 'objectGUID', properties: {}, createOnly: {} };
  ctx.byDn.set(key, o);
  // Its names, for the plan's references, are the cloud object's.
  const cloud = ctx.index.usersById.get(id) ?? ctx.index.groupsById.get(id);
  const upn = cloud !== undefined && 'userPrincipalName' in cloud ? cloud.userPrincipalName : null;
  ctx.names.set(anchor, { upn, displayName: cloud?.displayName ?? null });
  ctx.cloudIdOf.set(anchor, id);
  ctx.bound.add(id);
  return o;
}

/** Whether an object may take part in a reference change (not protected, not frozen). */
export function changeable(ctx: PlanContext, o: SourceObject): boolean {
  if (ctx.frozen.has(o.anchor)) return false;
  const id = ctx.cloudIdOf.get(o.anchor);
  return id === undefined || ctx.index.protectionOf(id, o.dn) === undefined;
}
