/** What a plan is asked for (its options) and what the planner returns beside the plan (its decisions). */
import type { MatchResult } from './match.js';
import type { PlanOwnership } from './ownership.js';
import type { Change, Operation, Plan, Properties, RecordedPlanOptions, RemovalGuardOptions, SourceObject } from '../types.js';

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
  /** Pass the delete threshold, the shrink guard and the removals guard. */
  readonly forceDeletes?: boolean;
  /** Fewer source objects than this fraction of the last successful run's count blocks removals (default 0.5). */
  readonly shrinkRatio?: number;
  /**
   * Removals per run as a share of what cloudsync manages, per object type and per group: more
   * blocks the run unless deletes are forced (default 20% and more than 10); false turns it off.
   */
  readonly removalGuard?: Partial<RemovalGuardOptions> | false;
  /** UPNs, object ids or DNs never changed (admin-role holders always are). */
  readonly protected?: readonly string[];
  /** The ownership extensions and this configuration's marker, when set up (not recorded in the plan). */
  readonly ownership?: PlanOwnership;
  /** Plan group membership changes (default true; test-user reports member counts instead). */
  readonly memberships?: boolean;
  readonly now?: () => Date;
}

/** The removals guard's default: more than 20% of a kind or of a group's members, and more than 10 of them. */
export const DEFAULT_REMOVAL_GUARD: RemovalGuardOptions = { share: 0.2, minimum: 10 };

export function recordedOptions(o: PlanOptions): RecordedPlanOptions {
  return {
    softMatch: o.softMatch ?? true,
    matchGroupsByName: o.matchGroupsByName ?? false,
    onDelete: o.onDelete ?? 'delete',
    deleteThreshold: o.deleteThreshold ?? 500,
    forceDeletes: o.forceDeletes ?? false,
    shrinkRatio: o.shrinkRatio ?? 0.5,
    removalGuard: o.removalGuard === false ? false : { ...DEFAULT_REMOVAL_GUARD, ...o.removalGuard },
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
