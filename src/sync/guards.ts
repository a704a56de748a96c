/**
 * The safety guards' typed errors. Each stops a run before any change. They are CloudsyncErrors of
 * kind 'guard' carrying the guard's name, which the CLI shows and maps to exit 5 (docs/sync.md,
 * "Guards").
 */
import { CloudsyncError } from '../errors.js';
import type { GuardTrip, Plan } from './types.js';

export type SyncGuard = 'delete-threshold' | 'source-incomplete' | 'source-shrunk' | 'removal-share' | 'lock-held' | 'plan-stale' | 'plan-mismatch';

export class SyncGuardError extends CloudsyncError {
  declare readonly guard: SyncGuard;

  constructor(guard: SyncGuard, message: string, options?: { detail?: string }) {
    super('guard', message, { ...options, guard });
    this.name = 'SyncGuardError';
  }
}

/** More removals (disables + deletes) than the delete threshold allows; --force-deletes passes it. */
export class DeleteThresholdError extends SyncGuardError {
  constructor(
    message: string,
    readonly removals: number,
  ) {
    super('delete-threshold', message);
    this.name = 'DeleteThresholdError';
  }
}

/** The source read failed part-way: nothing is applied (such a plan carries no removals). */
export class SourceIncompleteError extends SyncGuardError {
  constructor(message: string) {
    super('source-incomplete', message);
    this.name = 'SourceIncompleteError';
  }
}

/** The source returned far fewer objects than last time, or an OU reads empty; --force-deletes passes it. */
export class SourceShrunkError extends SyncGuardError {
  constructor(message: string) {
    super('source-shrunk', message);
    this.name = 'SourceShrunkError';
  }
}

/** Removals over a share of what is managed (per object type or per group) in one run; --force-deletes passes it. */
export class RemovalShareError extends SyncGuardError {
  constructor(
    message: string,
    readonly removals: number,
  ) {
    super('removal-share', message);
    this.name = 'RemovalShareError';
  }
}

/** Another run holds the lock of this tenant and scope. */
export class LockHeldError extends SyncGuardError {
  constructor(
    message: string,
    readonly lockPath: string,
  ) {
    super('lock-held', message);
    this.name = 'LockHeldError';
  }
}

/** A saved plan no longer matches the source or the tenant. */
export class PlanStaleError extends SyncGuardError {
  constructor(
    message: string,
    readonly changed: readonly string[],
  ) {
    super('plan-stale', message, { detail: changed.join('\n') });
    this.name = 'PlanStaleError';
  }
}

/** A saved plan was made for another tenant or scope than the run applying it. */
export class PlanMismatchError extends SyncGuardError {
  constructor(message: string) {
    super('plan-mismatch', message);
    this.name = 'PlanMismatchError';
  }
}

export function guardError(trip: GuardTrip): SyncGuardError {
  switch (trip.guard) {
    case 'delete-threshold':
      return new DeleteThresholdError(trip.message, trip.removals);
    case 'source-incomplete':
      return new SourceIncompleteError(trip.message);
    case 'source-shrunk':
      return new SourceShrunkError(trip.message);
    case 'removal-share':
      return new RemovalShareError(trip.message, trip.removals);
  }
}

/** Throws the first blocking guard of a plan; returns when the plan may be applied. */
export function assertApplicable(plan: Plan): void {
  const blocking = plan.guards.find((g) => g.blocking);
  if (blocking !== undefined) throw guardError(blocking);
}

/** The threshold as a number of removals, for a count or a percentage of the managed objects. */
export function thresholdLimit(threshold: number | `${number}%`, managed: number): number {
  if (typeof threshold === 'number') return threshold;
  const pct = Number(threshold.slice(0, -1));
  return Math.floor((managed * pct) / 100);
}

/** Parses "500" or "10%" (the --delete-threshold flag). */
export function parseThreshold(text: string): number | `${number}%` {
  const t = text.trim();
  const m = /^(\d+(?:\.\d+)?)%$/.exec(t);
  if (m !== null && Number(m[1]) <= 100) return `${Number(m[1])}%`;
  if (/^\d+$/.test(t)) return Number(t);
  throw new CloudsyncError('usage', `invalid delete threshold "${text}": give a number of objects (500) or a percentage of the managed objects (10%)`);
}
