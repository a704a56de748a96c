/**
 * The removals guard: in one run, removals may take at most a share of what cloudsync manages —
 * per object type (users deleted or disabled of the managed users, groups deleted of the managed
 * groups) and per group (members removed of its members). Below the shrink guard, it catches a
 * source that lost part of its objects or members (a truncated export, a changed filter, a broken
 * group) without shrinking by half. Peers do the same: GCDS limits member deletions per group,
 * Okta pauses deprovisioning at 20%. --force-deletes passes it.
 */
import type { Draft, PlanContext } from './context.js';
import { DEFAULT_REMOVAL_GUARD } from './options.js';
import type { GuardTrip, RemovalGuardOptions } from '../types.js';

interface Over {
  readonly what: string;
  readonly removed: number;
  readonly of: number;
}

const pct = (n: number, of: number): string => `${Math.round((n / of) * 100)}%`;

/** The groups, users and memberships over the limit, largest share first. */
function overLimit(ctx: PlanContext, removals: readonly Draft[], guard: RemovalGuardOptions): Over[] {
  const managed = { user: 0, group: 0 };
  for (const e of ctx.state.managed.values()) managed[e.kind]++;
  const objects = { user: 0, group: 0 };
  const members = new Map<string, number>();
  for (const d of removals) {
    if (d.action === 'delete' || d.action === 'disable') objects[d.kind]++;
    else if (d.action === 'remove-member' && d.cloudId !== undefined) members.set(d.cloudId, (members.get(d.cloudId) ?? 0) + 1);
  }
  const over = (removed: number, of: number): boolean => removed > guard.minimum && of > 0 && removed > of * guard.share;
  const out: Over[] = [];
  if (over(objects.user, managed.user)) out.push({ what: `managed users would be ${ctx.opts.onDelete === 'delete' ? 'deleted' : 'disabled'}`, removed: objects.user, of: managed.user });
  if (over(objects.group, managed.group)) out.push({ what: 'managed groups would be deleted', removed: objects.group, of: managed.group });
  for (const [groupId, removed] of members) {
    const g = ctx.index.groupsById.get(groupId);
    const of = g?.members?.length ?? 0;
    if (over(removed, of)) out.push({ what: `members would be removed from the group ${g?.displayName ?? groupId}`, removed, of });
  }
  return out.sort((a, b) => b.removed / b.of - a.removed / a.of);
}

/** The guard's trip for these (kept) removals, if any. */
export function removalShareTrip(ctx: PlanContext, removals: readonly Draft[]): GuardTrip | undefined {
  // Plans saved before the guard existed have no setting: the default.
  const guard = ctx.opts.removalGuard ?? DEFAULT_REMOVAL_GUARD;
  if (guard === false || removals.length === 0) return undefined;
  const over = overLimit(ctx, removals, guard);
  if (over.length === 0) return undefined;
  const shown = over.slice(0, 3).map((o) => `${o.removed} of ${o.of} ${o.what} (${pct(o.removed, o.of)})`);
  if (over.length > 3) shown.push(`and ${over.length - 3} more`);
  const limit = `more than ${Math.round(guard.share * 100)}% (and more than ${guard.minimum}) in one run`;
  const count = over.reduce((n, o) => n + o.removed, 0);
  return ctx.opts.forceDeletes
    ? { guard: 'removal-share', blocking: false, forced: true, removals: count, message: `${shown.join('; ')}: ${limit}; passed because deletes are forced` }
    : {
        guard: 'removal-share',
        blocking: true,
        removals: count,
        message: `${shown.join('; ')}: ${limit}, so nothing was applied; check the source (a cut export, a changed scope or filter, a group that lost its members), or run again with --force-deletes (or raise sync.removalGuard.share)`,
      };
}
