/**
 * A job's status, schedule and list row flattened for people and scripts (what
 * Get-AADCloudSyncToolsJobStatus / …JobSchedule / …Job show), and whether it needs attention.
 */
import type { SynchronizationJob, SynchronizationSchedule, SynchronizationStatus, SynchronizationTaskExecution } from '../directory/entra/synchronization-types.js';
import type { CloudSyncJobRef } from './discovery.js';
import { tryDurationToMinutes } from './duration.js';
import { explainQuarantine, type QuarantineExplanation } from './quarantine.js';

/** Graph's "never" for date-times. */
const NEVER = /^0001-01-01/;
export const when = (t: string | null | undefined): string | null => (typeof t === 'string' && t !== '' && !NEVER.test(t) ? t : null);

export interface RunSummary {
  state: SynchronizationTaskExecution['state'];
  timeBegan: string | null;
  timeEnded: string | null;
  imported: number;
  exported: number;
  escrowed: number;
  entitled: number;
  error: { code: string; message: string } | null;
}

export function runSummary(e: SynchronizationTaskExecution | null | undefined): RunSummary | null {
  if (e === null || e === undefined) return null;
  return {
    state: e.state,
    timeBegan: when(e.timeBegan),
    timeEnded: when(e.timeEnded),
    imported: e.countImported ?? 0,
    exported: e.countExported ?? 0,
    escrowed: e.countEscrowed ?? 0,
    entitled: e.countEntitled ?? 0,
    error: e.error ? { code: e.error.code, message: e.error.message } : null,
  };
}

/**
 * A schedule without an interval: Graph gives .NET's TimeSpan.MaxValue,
 * "P10675199DT2H48M5.4775807S" (15,372,286,728 minutes), not a real interval.
 */
const NO_INTERVAL_MINUTES = 15_372_286_728;

/** The interval in minutes; null when Graph's text is not a duration or says "no schedule". */
export function intervalMinutes(iso: string | null | undefined): number | null {
  const m = tryDurationToMinutes(iso);
  return m === undefined || m >= NO_INTERVAL_MINUTES ? null : m;
}

export const hasNoInterval = (iso: string | null | undefined): boolean => (tryDurationToMinutes(iso) ?? 0) >= NO_INTERVAL_MINUTES;

export interface ScheduleView {
  /** ISO 8601 as Graph gives it. */
  interval: string;
  /** The interval in minutes (null when Graph sent something that is not a duration, or no schedule). */
  intervalMinutes: number | null;
  /** false when the interval is Graph's "no schedule" (TimeSpan.MaxValue). */
  scheduled: boolean;
  state: SynchronizationSchedule['state'];
  expiration: string | null;
}

export function scheduleView(s: SynchronizationSchedule): ScheduleView {
  return { interval: s.interval, intervalMinutes: intervalMinutes(s.interval), scheduled: !hasNoInterval(s.interval), state: s.state, expiration: when(s.expiration) };
}

export interface QuarantineView extends QuarantineExplanation {
  currentBegan: string | null;
  nextAttempt: string | null;
  seriesBegan: string | null;
  seriesCount: number;
  error: { code: string; message: string } | null;
}

/** ok: exit 0; warning (object-level errors): exit 4; attention (the job itself): exit 4. */
export type Health = 'ok' | 'warning' | 'attention';

export interface StatusView {
  job: string;
  jobId: string;
  code: SynchronizationStatus['code'];
  health: Health;
  /** Why the job needs attention (empty when health is ok). */
  attention: string[];
  /** Worth knowing but not failing (e.g. some objects failed to export). */
  warnings: string[];
  lastRun: RunSummary | null;
  lastSuccessfulRun: RunSummary | null;
  lastSuccessfulRunWithExports: RunSummary | null;
  countSuccessiveCompleteFailures: number;
  progress: Array<{ completedUnits: number; totalUnits: number; units: string; at: string | null }>;
  quarantine: QuarantineView | null;
  escrowsPruned: boolean;
  steadyStateFirstAchievedTime: string | null;
  steadyStateLastAchievedTime: string | null;
  synchronizedEntryCountByType: Record<string, number>;
  troubleshootingUrl: string | null;
  schedule: ScheduleView;
}

export function statusView(ref: CloudSyncJobRef): StatusView {
  const s = ref.job.status;
  const q = s.quarantine;
  const attention: string[] = [];
  const warnings: string[] = [];
  if (s.code === 'Quarantine') attention.push(`the job is in quarantine${q ? ` (${q.reason?.trim() || 'no reason given'})` : ''}`);
  if (s.code === 'Paused') attention.push('the job is paused: nothing synchronises until `cloudsync job start`');
  if (s.code === 'NotConfigured') attention.push('the job is not configured');
  if (ref.job.schedule.state === 'Disabled') attention.push('the schedule is disabled');
  if (s.lastExecution?.state === 'Failed') attention.push(`the last run failed${s.lastExecution.error ? `: ${s.lastExecution.error.message}` : ''}`);
  // Escrows are objects the run could not export: object-level errors, whatever the run's state
  // says (Microsoft's documented example has a Succeeded run with countEscrowed 15).
  const escrowed = s.lastExecution?.countEscrowed ?? 0;
  if (s.lastExecution?.state === 'EntryLevelErrors' || (s.lastExecution?.state !== 'Failed' && escrowed > 0)) {
    warnings.push(`the last run had object-level errors (${escrowed} escrowed): cloudsync logs cloud --status failure`);
  }
  return {
    job: ref.name,
    jobId: ref.job.id,
    code: s.code,
    health: attention.length > 0 ? 'attention' : warnings.length > 0 ? 'warning' : 'ok',
    attention,
    warnings,
    lastRun: runSummary(s.lastExecution),
    lastSuccessfulRun: runSummary(s.lastSuccessfulExecution),
    lastSuccessfulRunWithExports: runSummary(s.lastSuccessfulExecutionWithExports),
    countSuccessiveCompleteFailures: s.countSuccessiveCompleteFailures ?? 0,
    progress: (s.progress ?? []).map((p) => ({ completedUnits: p.completedUnits, totalUnits: p.totalUnits, units: p.units, at: when(p.progressObservationDateTime) })),
    quarantine: q
      ? {
          ...explainQuarantine(q.reason),
          currentBegan: when(q.currentBegan),
          nextAttempt: when(q.nextAttempt),
          seriesBegan: when(q.seriesBegan),
          seriesCount: q.seriesCount ?? 0,
          error: q.error ? { code: q.error.code, message: q.error.message } : null,
        }
      : null,
    escrowsPruned: s.escrowsPruned === true,
    steadyStateFirstAchievedTime: when(s.steadyStateFirstAchievedTime),
    steadyStateLastAchievedTime: when(s.steadyStateLastAchievedTime),
    synchronizedEntryCountByType: Object.fromEntries((s.synchronizedEntryCountByType ?? []).map((kv) => [kv.key, kv.value])),
    troubleshootingUrl: s.troubleshootingUrl || null,
    schedule: scheduleView(ref.job.schedule),
  };
}

export interface JobListRow {
  domain: string;
  servicePrincipalId: string;
  template: string;
  job: string;
  jobId: string;
  code: SynchronizationStatus['code'];
  intervalMinutes: number | null;
  /** false when the interval is Graph's "no schedule" (TimeSpan.MaxValue). */
  scheduled: boolean;
  scheduleState: SynchronizationSchedule['state'];
  lastRun: RunSummary | null;
  quarantined: boolean;
  quarantineReason: string | null;
}

export function listRow(ref: CloudSyncJobRef): JobListRow {
  const j: SynchronizationJob = ref.job;
  return {
    domain: ref.servicePrincipal.displayName,
    servicePrincipalId: ref.servicePrincipal.id,
    template: j.templateId,
    job: ref.name,
    jobId: j.id,
    code: j.status.code,
    intervalMinutes: intervalMinutes(j.schedule.interval),
    scheduled: !hasNoInterval(j.schedule.interval),
    scheduleState: j.schedule.state,
    lastRun: runSummary(j.status.lastExecution),
    quarantined: j.status.code === 'Quarantine' || j.status.quarantine !== null && j.status.quarantine !== undefined,
    quarantineReason: j.status.quarantine?.reason?.trim() || null,
  };
}
