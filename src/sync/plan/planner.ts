/**
 * The planner: source snapshot + cloud snapshot + state → the operations that make Entra match
 * AD, and the guards that decide whether they may run. Pure: reads nothing, writes nothing.
 *
 * Its phases share one context (context.ts): objects.ts (create / restore / adopt / update),
 * deletes.ts (what left the scope), references.ts (managers and members), guard-trips.ts (the
 * guards), then assemble (order, numbers, counts and fingerprints).
 */
import { ACTIONS, phaseOf } from '../operations.js';
import { createContext, type Draft, type PlanContext } from './context.js';
import { planDeletes } from './deletes.js';
import { cloudFingerprint, cloudGroupDigest, cloudUserDigest, sourceFingerprint, touchedIds } from './fingerprint.js';
import { guardTrips } from './guard-trips.js';
import { planObject } from './objects.js';
import type { DetailedPlan, PlanOptions } from './options.js';
import { planManagers, planMembers } from './references.js';
import type { SyncState } from '../store/state.js';
import type { Action, CloudSnapshot, GuardTrip, Operation, Plan, PlanCounts, SourceSnapshot } from '../types.js';

export { recordedOptions, type DetailedPlan, type ObjectDecision, type PlanOptions } from './options.js';

function run(ctx: PlanContext): DetailedPlan {
  for (const o of ctx.source.users) planObject(ctx, o);
  for (const o of ctx.source.groups) planObject(ctx, o);
  const removals = planDeletes(ctx);
  planManagers(ctx);
  if (ctx.memberships) planMembers(ctx, removals);
  const { guards, kept, withheld } = guardTrips(ctx, removals);
  return assemble(ctx, [...ctx.drafts, ...kept], guards, withheld);
}

/** Orders and numbers the operations, counts them, and fingerprints both sides. */
function assemble(ctx: PlanContext, drafts: Draft[], guards: GuardTrip[], withheld: number): DetailedPlan {
  const key = (d: Draft): string => `${phaseOf(d.action)}\u0000${(d.dn ?? d.upn ?? d.displayName ?? '').toLowerCase()}\u0000${'member' in d ? (d.member.dn ?? d.member.upn ?? d.member.cloudId ?? '').toLowerCase() : ''}`;
  const sorted = drafts.map((d, i) => [key(d), i, d] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
  // Numbered in place (seq still comes last): copies of 100k drafts would double the plan's memory for a moment.
  const numberedDrafts = new Set<Draft>();
  const operations: Operation[] = sorted.map(([, , d], i) => {
    (d as { seq?: number }).seq = i + 1;
    numberedDrafts.add(d);
    return d as Operation;
  });
  // Decisions hold the same operations, numbered.
  for (const [anchor, dec] of ctx.decisions) {
    const numbered = dec.operations.filter((d) => numberedDrafts.has(d as unknown as Draft));
    ctx.decisions.set(anchor, { ...dec, operations: numbered });
  }
  const counts = Object.fromEntries(ACTIONS.map((a) => [a, 0])) as Record<Action, number>;
  for (const op of operations) counts[op.action]++;
  const planCounts: PlanCounts = { ...counts, total: operations.length, unchanged: ctx.unchanged };

  const digests: Record<string, string> = {};
  for (const op of operations) {
    for (const id of touchedIds(op)) {
      if (digests[id] !== undefined) continue;
      const u = ctx.index.usersById.get(id) ?? ctx.cloud.deletedUsers.find((x) => x.id === id);
      const g = u === undefined ? ctx.index.groupsById.get(id) : undefined;
      if (u !== undefined) digests[id] = cloudUserDigest(u);
      else if (g !== undefined) digests[id] = cloudGroupDigest(g);
    }
  }
  const src = sourceFingerprint(ctx.source);
  const plan: Plan = {
    format: 'cloudsync-plan',
    version: 1,
    createdAt: (ctx.now ?? (() => new Date()))().toISOString(),
    ...(ctx.tenant !== undefined ? { tenant: ctx.tenant } : {}),
    ...(ctx.scopeKey !== undefined ? { scopeKey: ctx.scopeKey } : {}),
    scope: ctx.source.scope,
    options: ctx.opts,
    source: {
      description: ctx.source.description,
      complete: ctx.source.complete,
      ...(ctx.source.incompleteReason !== undefined ? { incompleteReason: ctx.source.incompleteReason } : {}),
      counts: ctx.source.counts,
      fingerprint: src.fingerprint,
      digests: src.digests,
    },
    cloud: { fingerprint: cloudFingerprint(digests), digests, managersKnown: ctx.cloud.managersKnown },
    operations,
    counts: planCounts,
    guards,
    warnings: ctx.warnings,
    skipped: ctx.skipped,
    withheldRemovals: withheld,
    bindings: ctx.bindings,
    unbind: ctx.unbind,
  };
  return { plan, decisions: ctx.decisions };
}

/** The plan and the per-object decisions behind it. */
export function planDetailed(source: SourceSnapshot, cloud: CloudSnapshot, state: SyncState, options: PlanOptions = {}, explain = true): DetailedPlan {
  return run(createContext(source, cloud, state, options, explain));
}

/**
 * Plans a sync. Removals (disables, deletes, member removes) only ever touch objects the state
 * store says cloudsync manages; an incomplete or shrunk source plans none (see the guards).
 */
export function plan(source: SourceSnapshot, cloud: CloudSnapshot, state: SyncState, options: PlanOptions = {}): Plan {
  return planDetailed(source, cloud, state, options, false).plan;
}
