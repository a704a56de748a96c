/**
 * The guards, decided on the planned removals: an incomplete source read plans none, a source
 * that shrank holds them back, more object removals than the delete threshold block the run, and
 * so do removals over a share of what is managed (removal-share.ts); --force-deletes passes the
 * last three. Their typed errors are in ../guards.ts.
 */
import type { Draft, PlanContext } from './context.js';
import { thresholdLimit } from '../guards.js';
import { removalShareTrip } from './removal-share.js';
import type { GuardTrip } from '../types.js';

/** The shrink guard: far fewer objects than the last successful run, or an OU that now reads empty. */
function shrinkReason(ctx: PlanContext): string | undefined {
  const last = ctx.state.lastSuccess?.counts;
  // A delta read is small by design; its removals are named one by one (the threshold still applies).
  if (last === undefined || ctx.source.delta !== undefined) return undefined;
  const now = ctx.source.counts.users + ctx.source.counts.groups;
  if (last.total > 0 && now < last.total * ctx.opts.shrinkRatio) {
    return `the source now has ${now} users and groups in scope, fewer than ${Math.round(ctx.opts.shrinkRatio * 100)}% of the ${last.total} of the last successful run`;
  }
  for (const [ou, n] of Object.entries(ctx.source.counts.byOu)) {
    const before = last.byOu[ou];
    if (n === 0 && before !== undefined && before > 0) return `the OU ${ou} now reads empty (it had ${before} users and groups at the last successful run)`;
  }
  return undefined;
}

/** The guards tripped by these removals, the removals kept, and how many were held back. */
export function guardTrips(ctx: PlanContext, removals: Draft[]): { guards: GuardTrip[]; kept: Draft[]; withheld: number } {
  const guards: GuardTrip[] = [];
  let withheld = 0;
  const shrink = shrinkReason(ctx);
  if (!ctx.source.complete) {
    withheld = removals.length;
    guards.push({
      guard: 'source-incomplete',
      blocking: true,
      removals: withheld,
      message: `${ctx.source.incompleteReason ?? 'the source read did not complete'}; ${withheld} removal(s) were left out and nothing will be applied: fix the read and run again`,
    });
  } else if (shrink !== undefined) {
    if (ctx.opts.forceDeletes) {
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
  const managedCount = ctx.state.managed.size;
  const limit = thresholdLimit(ctx.opts.deleteThreshold, managedCount);
  if (objectRemovals > limit) {
    const what = `${objectRemovals} objects would be ${ctx.opts.onDelete === 'delete' ? 'deleted' : 'disabled or deleted'}, more than the delete threshold of ${limit}${typeof ctx.opts.deleteThreshold === 'string' ? ` (${ctx.opts.deleteThreshold} of ${managedCount} managed)` : ''}`;
    guards.push(
      ctx.opts.forceDeletes
        ? { guard: 'delete-threshold', blocking: false, forced: true, removals: objectRemovals, message: `${what}; passed because deletes are forced` }
        : { guard: 'delete-threshold', blocking: true, removals: objectRemovals, message: `${what}: nothing was applied; check the scope, or run again with --force-deletes (or raise --delete-threshold)` },
    );
  }
  const share = removalShareTrip(ctx, kept);
  if (share !== undefined) guards.push(share);
  return { guards, kept, withheld };
}
