/**
 * Where the sync decides to delete: managed objects (and only those) that left the scope are
 * soft-deleted or disabled (--on-delete), unless protected. The guards (guard-trips.ts) may then
 * hold these removals back.
 */
import type { Draft, PlanContext } from './context.js';
import { cloudRef } from './refs.js';

/** How long a pending group create that cannot be found is kept before it is forgotten. */
const PENDING_GRACE_MS = 60 * 60_000;

function pendingIsRecent(ctx: PlanContext, time: string): boolean {
  const now = (ctx.now ?? (() => new Date()))().getTime();
  return now - Date.parse(time) < PENDING_GRACE_MS;
}

/** Disables and deletes of managed objects that left the scope. */
export function planDeletes(ctx: PlanContext): Draft[] {
  const inScope = new Set([...ctx.source.users, ...ctx.source.groups].map((o) => o.anchor));
  const out: Draft[] = [];
  // A delta read names its leavers; an object it did not read is unchanged, not gone.
  const candidates = ctx.source.delta === undefined ? [...ctx.state.managed] : ctx.source.delta.removed.flatMap((a) => {
    const e = ctx.state.managed.get(a);
    return e === undefined ? [] : [[a, e] as const];
  });
  for (const [anchor, entry] of candidates) {
    if (inScope.has(anchor)) continue;
    const dn = entry.dn !== undefined ? { dn: entry.dn } : {};
    if (entry.kind === 'user') {
      const u = ctx.index.usersByAnchor.get(anchor);
      if (u === undefined) {
        if (!ctx.index.deletedByAnchor.has(anchor)) ctx.unbind.push(anchor);
        continue;
      }
      if (u.onPremisesSyncEnabled === true) continue;
      const r = { ...cloudRef(ctx, u.id), ...dn, anchor };
      const why = ctx.index.protectionOf(u.id, entry.dn);
      if (why !== undefined) {
        ctx.skipped.push({ ...r, rule: ctx.index.isAdmin(u.id) ? 'protected.admin-role-holder' : 'protected', reason: `left the scope, but ${why}: it is never disabled or deleted` });
        continue;
      }
      if (ctx.opts.onDelete === 'delete') {
        out.push({ ...r, kind: 'user', action: 'delete', cloudId: u.id });
        ctx.deleting.add(u.id);
      } else if (u.accountEnabled !== false) {
        out.push({ ...r, kind: 'user', action: 'disable', cloudId: u.id, changes: [{ attribute: 'accountEnabled', old: u.accountEnabled, new: false }] });
      }
    } else {
      // A pending create (a killed run lost its answer) is recovered first: what it made is ours.
      const recovered = entry.cloudId === undefined ? ctx.index.recoverPending(anchor) : undefined;
      if (recovered !== undefined) ctx.bindings.push({ anchor, kind: 'group', cloudId: recovered.id, ...dn });
      const g = recovered ?? (entry.cloudId !== undefined ? ctx.index.groupsById.get(entry.cloudId) : undefined);
      if (g === undefined) {
        // A pending create not found yet may still show up (Graph's reads lag its writes): kept a while.
        if (entry.pending !== undefined && pendingIsRecent(ctx, entry.pending.time)) continue;
        ctx.unbind.push(anchor);
        continue;
      }
      const r = { ...cloudRef(ctx, g.id), ...dn, anchor };
      const why = ctx.index.protectionOf(g.id, entry.dn);
      if (why !== undefined) {
        ctx.skipped.push({ ...r, rule: ctx.index.isAdmin(g.id) ? 'protected.admin-role-holder' : 'protected', reason: `left the scope, but ${why}: it is never deleted` });
        continue;
      }
      if (ctx.opts.onDelete === 'delete') {
        out.push({ ...r, kind: 'group', action: 'delete', cloudId: g.id });
        ctx.deleting.add(g.id);
      } else {
        ctx.warnings.push({ ...dn, message: `group ${g.displayName ?? g.id} left the scope; groups cannot be disabled, so with on-delete "disable" it is left in place` });
      }
    }
  }
  return out;
}
