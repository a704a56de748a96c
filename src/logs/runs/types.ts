/**
 * What `cloudsync logs` shows of the local run journals (docs/logs.md): one summary per run, and
 * one row per operation with the planned, intent and result lines merged into a final status.
 */
import type { OperationFields, RunOutcome } from '../../sync/store/journal.js';

/** A journal file on disk. */
export interface JournalFile {
  readonly scopeKey: string;
  readonly runId: string;
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
  /** The run started applying (the `.apply` marker beside the journal). */
  readonly applyMarker: boolean;
}

/** A run's state: ended (run-end written), running (still written to) or interrupted (killed). */
export type RunState = 'ended' | 'running' | 'interrupted';

export interface RunSummary {
  readonly runId: string;
  readonly scopeKey: string;
  readonly path: string;
  readonly command: string;
  readonly tenant?: string;
  /** A short description of the scope (OUs, groups, filter). */
  readonly scope: string;
  /** plan: nothing was to be written; apply: the run (tried to) write. */
  readonly mode: 'plan' | 'apply';
  /** full or delta read. */
  readonly read: 'full' | 'delta';
  readonly start: string;
  /** ISO time of the run-end line, or of the last line of a run without one. */
  readonly end?: string;
  readonly durationMs?: number;
  readonly state: RunState;
  /** The run-end outcome; `running` or `interrupted` without one. */
  readonly outcome: RunOutcome | 'running';
  readonly exitCode?: number;
  readonly message?: string;
  /** Operations by action (create: 3, update: 5, …); undefined when not known without reading the whole journal. */
  readonly actions?: Readonly<Record<string, number>>;
  /** Operations by result (succeeded, failed, skipped, notRun). */
  readonly results?: Readonly<Record<string, number>>;
  readonly size: number;
}

/**
 * An operation's final status. planned: a plan-only run; pending: the run is still on; not-run:
 * the apply stopped before it; unknown: its request was sent (intent) but no result was recorded.
 */
export type OperationStatus = 'success' | 'failed' | 'skipped' | 'planned' | 'pending' | 'not-run' | 'unknown';

/** One operation of a run: the journal's operation fields, with the final status of its lines. */
export interface OperationRow extends OperationFields {
  readonly status: OperationStatus;
  /** Time of the operation's last line. */
  readonly time: string;
  readonly httpStatus?: number;
  readonly requestId?: string;
  readonly attempts?: number;
  /** Graph's error (`code: message`), or why the status is unknown. */
  readonly error?: string;
  readonly note?: string;
}

/** Guards, warnings and AD writes of a run (not operations, shown beside them). */
export interface RunNote {
  readonly type: 'guard' | 'warning' | 'ad-write';
  readonly time: string;
  readonly dn?: string;
  readonly message: string;
}
