/**
 * A job's life cycle, as pure changes to its record: start, pause, restart (per resetScope),
 * quarantine, and what a finished cycle does to the status (executions, counts, steady state,
 * escrows, the quarantine reasons a cycle can cause). No I/O: the cycle runner and the routes
 * call these.
 */
import type { QuarantineReason, ResetScope, SynchronizationError, SynchronizationTaskExecution } from '../../directory/entra/synchronization-types.js';
import { GraphError } from '../graph/errors.js';
import { intervalMs } from './defaults.js';
import type { JobRecord } from './model.js';

const iso = (ms: number): string => new Date(ms).toISOString();
const DAY_MS = 24 * 3600_000;

/** A cycle is quarantined for too many failed exports when at least this many were tried … */
export const ESCROW_MIN_EXPORTS = 5;
/** … and at least this share of them failed. */
export const ESCROW_PROPORTION = 0.4;

export const QUARANTINE_REASONS: readonly QuarantineReason[] = [
  'EncounteredBaseEscrowThreshold',
  'EncounteredTotalEscrowThreshold',
  'EncounteredEscrowProportionThreshold',
  'EncounteredQuarantineException',
  'Unknown',
  'QuarantinedOnDemand',
  'TooManyDeletes',
  'IngestionInterrupted',
];

export const RESET_SCOPES: readonly ResetScope[] = ['Escrows', 'Watermark', 'QuarantineState', 'Full', 'ForceDeletes'];

/**
 * criteria.resetScope: a comma list; empty (or no criteria) is the portal's "Restart
 * provisioning" = Escrows, Watermark and QuarantineState, which is also what Full means here.
 * ForceDeletes is only ever applied when named. None and ConnectorDataStore (documented as "do
 * not use") and unknown names are refused.
 */
export function parseResetScope(raw: unknown): Set<ResetScope> {
  if (raw !== undefined && raw !== null && typeof raw !== 'string') throw new GraphError(400, 'BadRequest', "The value of 'criteria.resetScope' must be a string.");
  const names = (raw ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  const out = new Set<ResetScope>();
  for (const n of names) {
    const known = RESET_SCOPES.find((k) => k.toLowerCase() === n.toLowerCase());
    if (known === undefined) {
      throw new GraphError(400, 'BadRequest', `The requested value '${n}' is not a valid synchronizationJobRestartScope. Valid values are: ${RESET_SCOPES.join(', ')}.`);
    }
    out.add(known);
  }
  if (out.size === 0 || out.has('Full')) for (const k of ['Escrows', 'Watermark', 'QuarantineState'] as const) out.add(k);
  return out;
}

function resumeCode(job: JobRecord): void {
  if (job.schedule.state === 'Paused') job.status.code = 'Paused';
  else job.status.code = job.status.lastExecution === null ? 'NotRun' : 'Active';
}

/** POST …/start: resumes a paused job and clears any quarantine. */
export function startJob(job: JobRecord): void {
  job.schedule.state = 'Active';
  job.status.quarantine = null;
  resumeCode(job);
}

/** POST …/pause: no cycles until start. */
export function pauseJob(job: JobRecord): void {
  job.schedule.state = 'Paused';
  job.status.code = 'Paused';
}

export function restartJob(job: JobRecord, scopes: ReadonlySet<ResetScope>): void {
  if (scopes.has('Escrows')) {
    job.escrows = 0;
    job.status.escrowsPruned = true;
  }
  if (scopes.has('Watermark')) job.next.full = true;
  if (scopes.has('ForceDeletes')) job.next.forceDeletes = true;
  if (scopes.has('QuarantineState')) {
    job.status.quarantine = null;
    resumeCode(job);
  }
}

/**
 * Quarantines the job (or extends its series): the next attempt backs off, doubling up to a day,
 * and comes `speed` times sooner like the cycles (the status shows when it really runs).
 */
export function quarantineJob(job: JobRecord, reason: QuarantineReason, error: SynchronizationError | null, now = Date.now(), speed = 1): void {
  const q = job.status.quarantine;
  const seriesCount = q ? q.seriesCount + 1 : 1;
  const base = intervalMs(job.schedule.interval) ?? 120_000;
  job.status.quarantine = {
    currentBegan: iso(now),
    nextAttempt: iso(now + Math.min(DAY_MS, base * 2 ** (seriesCount - 1)) / speed),
    reason,
    seriesBegan: q?.seriesBegan ?? iso(now),
    seriesCount,
    error,
  };
  job.status.code = 'Quarantine';
}

/** What one cycle did (the runner fills it from the pipeline's counts). */
export interface CycleOutcome {
  began: number;
  ended: number;
  /** The cycle read everything (first cycle, or after a Watermark reset). */
  full: boolean;
  /** Objects read from the source (in scope or not). */
  imported: number;
  /** Objects in scope. */
  entitled: number;
  /** Objects whose planned operations the cycle exported (or tried to). */
  changedObjects: number;
  exports: number;
  exported: number;
  failed: number;
  /** Removals held back by the delete threshold (0: none). */
  stagedDeletes: number;
  /** The staged deletes went through (restart with ForceDeletes). */
  forcedDeletes: boolean;
  /** The source could not be read (or the run failed as a whole). */
  error?: SynchronizationError;
  /** Objects the configuration manages after the cycle, per type. */
  synchronized: { user: number; group: number };
}

function execution(o: CycleOutcome, state: SynchronizationTaskExecution['state'], error: SynchronizationError | null, activity: string): SynchronizationTaskExecution {
  return {
    activityIdentifier: activity,
    countEntitled: o.entitled,
    countEntitledForProvisioning: o.entitled,
    countEscrowed: o.failed,
    countEscrowedRaw: o.failed,
    countExported: o.exported,
    countExports: o.exports,
    countImported: o.full ? o.imported : o.changedObjects,
    countImportedDeltas: o.full ? 0 : o.changedObjects,
    countImportedReferenceDeltas: 0,
    error,
    state,
    timeBegan: iso(o.began),
    timeEnded: iso(o.ended),
  };
}

/** Applies a finished cycle to the job's status (`speed`: the scheduler's, for a quarantine's next attempt). */
export function afterCycle(job: JobRecord, o: CycleOutcome, activity: string, speed = 1): void {
  const s = job.status;
  s.progress = [{ completedUnits: o.entitled, totalUnits: o.entitled, units: 'Entries', progressObservationDateTime: iso(o.ended) }];
  if (o.error) {
    s.lastExecution = execution(o, 'Failed', o.error, activity);
    s.countSuccessiveCompleteFailures++;
    quarantineJob(job, 'EncounteredQuarantineException', o.error, o.ended, speed);
    return;
  }
  if (o.stagedDeletes > 0) {
    const error = { code: 'TooManyDeletes', message: `The job would delete ${o.stagedDeletes} objects: the accidental delete threshold of this job is reached; the deletes are staged until the job is restarted with ForceDeletes.`, tenantActionable: true };
    s.lastExecution = execution(o, 'Failed', error, activity);
    job.stagedDeletes = o.stagedDeletes;
    quarantineJob(job, 'TooManyDeletes', error, o.ended, speed);
    return;
  }
  job.stagedDeletes = 0;
  job.next.full = false;
  if (o.forcedDeletes) job.next.forceDeletes = false;
  job.escrows += o.failed;
  s.escrowsPruned = false;
  const ex = execution(o, o.failed > 0 ? 'EntryLevelErrors' : 'Succeeded', null, activity);
  s.lastExecution = ex;
  s.countSuccessiveCompleteFailures = 0;
  s.synchronizedEntryCountByType = [
    { key: 'user to User', value: o.synchronized.user },
    { key: 'group to Group', value: o.synchronized.group },
  ];
  if (o.exports >= ESCROW_MIN_EXPORTS && o.failed >= o.exports * ESCROW_PROPORTION) {
    quarantineJob(job, 'EncounteredEscrowProportionThreshold', { code: 'EscrowProportionThreshold', message: `${o.failed} of ${o.exports} exports failed in this cycle.`, tenantActionable: true }, o.ended, speed);
    return;
  }
  s.lastSuccessfulExecution = ex;
  if (o.exported > 0) s.lastSuccessfulExecutionWithExports = ex;
  if (o.exports === 0) {
    if (s.steadyStateFirstAchievedTime.startsWith('0001')) s.steadyStateFirstAchievedTime = iso(o.ended);
    s.steadyStateLastAchievedTime = iso(o.ended);
  }
  s.quarantine = null;
  resumeCode(job);
}

/** Whether the scheduler runs a cycle now: active, or quarantined and due for another attempt (never when quarantined on demand). */
export function isDue(job: JobRecord, now: number, speed: number): boolean {
  if (job.schedule.state !== 'Active' || job.templateId !== 'AD2AADProvisioning') return false;
  if (job.schedule.expiration && Date.parse(job.schedule.expiration) <= now) return false;
  const q = job.status.quarantine;
  // nextAttempt is already scaled by the speed (quarantineJob).
  if (q) return q.reason !== 'QuarantinedOnDemand' && now >= Date.parse(q.nextAttempt);
  const every = intervalMs(job.schedule.interval) ?? 120_000;
  return now >= Date.parse(job.lastTick) + every / speed;
}
