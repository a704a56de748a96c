/**
 * After the objects: the references between them. Managers set or removed on users, and members
 * added to or removed from groups, only between objects in scope that may be changed.
 */
import { safeNormalize, type Draft, type PlanContext } from './context.js';
import { changeable, cloudRef, ref, resolve } from './refs.js';
import type { Operation } from '../types.js';

export function planManagers(ctx: PlanContext): void {
  for (const o of ctx.source.users) {
    if (o.managerDn === undefined || !changeable(ctx, o)) continue;
    const id = ctx.cloudIdOf.get(o.anchor);
    const created = ctx.creating.has(o.anchor) || ctx.restoring.has(o.anchor);
    if (id === undefined && !created) continue;
    const cloudUser = id !== undefined ? ctx.index.usersById.get(id) : undefined;
    let current: string | null;
    if (cloudUser !== undefined && ctx.cloud.managersKnown) current = cloudUser.managerId ?? null;
    else if (created) current = null;
    else continue;
    const add = (d: Draft) => {
      ctx.drafts.push(d);
      const decision = ctx.decisions.get(o.anchor);
      decision?.operations.push(d as Operation);
    };
    if (o.managerDn === null) {
      if (current !== null) add({ ...ref(ctx, o), kind: 'user', action: 'remove-manager', oldManagerId: current });
      continue;
    }
    const m = resolve(ctx, o.managerDn);
    if (m === undefined || m.kind !== 'user') {
      if (!ctx.byDn.has(safeNormalize(o.managerDn))) ctx.warnings.push({ dn: o.dn, message: `manager ${o.managerDn} is not in scope: the manager in Entra is left as it is` });
      continue;
    }
    const managerRef = ref(ctx, m);
    if (managerRef.cloudId !== undefined && managerRef.cloudId === current) continue;
    add({ ...ref(ctx, o), kind: 'user', action: 'set-manager', manager: managerRef, oldManagerId: current });
  }
}

/** Member adds go to the plan at once; member removes join `removals` (the guards may hold them back). */
export function planMembers(ctx: PlanContext, removals: Draft[]): void {
  for (const g of ctx.source.groups) {
    if (!changeable(ctx, g)) continue;
    const id = ctx.cloudIdOf.get(g.anchor);
    if (id === undefined && !ctx.creating.has(g.anchor)) continue;
    const cloudGroup = id !== undefined ? ctx.index.groupsById.get(id) : undefined;
    if (cloudGroup !== undefined && cloudGroup.members === undefined) {
      ctx.warnings.push({ dn: g.dn, message: 'the members of its cloud group were not read: membership is left as it is' });
      continue;
    }
    const current = new Set(cloudGroup?.members ?? []);
    const wanted = new Set<string>();
    const groupRef = ref(ctx, g);
    const decision = ctx.decisions.get(g.anchor);
    for (const dn of g.members ?? []) {
      // Members outside the scope are not synchronised (as with Cloud Sync's group scoping).
      const m = resolve(ctx, dn);
      if (m === undefined) continue;
      if (m.anchor === g.anchor) continue;
      const mid = ctx.cloudIdOf.get(m.anchor);
      if (mid !== undefined) wanted.add(mid);
      if (!changeable(ctx, m)) continue;
      if (mid !== undefined && current.has(mid)) continue;
      const d: Draft = { ...groupRef, kind: 'group', action: 'add-member', member: ref(ctx, m) };
      ctx.drafts.push(d);
      decision?.operations.push(d as Operation);
    }
    for (const mid of current) {
      if (wanted.has(mid) || ctx.deleting.has(mid) || !ctx.index.isManaged(mid, ctx.bound)) continue;
      if (ctx.index.protectionOf(mid) !== undefined) continue;
      removals.push({ ...groupRef, kind: 'group', action: 'remove-member', member: cloudRef(ctx, mid) });
    }
  }
}
