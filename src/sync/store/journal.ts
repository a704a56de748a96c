/**
 * The run journal: one NDJSON file per run, one line per event, appended as things happen. An
 * operation's intent line is on disk (fsync) before its request is sent, and its result line
 * follows the answer, so after a crash the journal tells what may have happened. Every operation
 * line names its object (DN, UPN, display name). Secrets never reach it. Format: docs/sync.md.
 */
import { closeSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Scope } from '../../directory/types.js';
import { CloudsyncError } from '../../errors.js';
import { createChanges } from '../operations.js';
import { parseJournalLine } from './journal-line.js';
import type { Action, Binding, Change, GuardTrip, ObjectKind, ObjectRef, Operation, Plan } from '../types.js';
import { echo } from '../../util/echo.js';

/** Format version of the journal lines (on the run-start line). */
export const JOURNAL_VERSION = 1;

interface EventBase {
  readonly runId: string;
  /** ISO 8601 UTC. */
  readonly time: string;
}

export interface RunStartEvent extends EventBase {
  readonly type: 'run-start';
  readonly v: number;
  readonly command: string;
  readonly tenant?: string;
  readonly scopeKey?: string;
  readonly scope?: Scope;
  /** The run's options (never secrets). */
  readonly options?: Readonly<Record<string, unknown>>;
  /** Full read or delta read (absent in journals written before delta runs existed: full). */
  readonly mode?: 'full' | 'delta';
  /** The watermark a delta run read changes after. */
  readonly watermark?: { readonly invocationId: string; readonly usn: string; readonly dnsHostName: string };
  readonly versions: Readonly<Record<string, string>>;
}

/** The fields every operation line carries: what is done to which object. */
export interface OperationFields {
  /** The operation's seq in its plan. */
  readonly op: number;
  readonly action: Action;
  readonly kind: ObjectKind;
  readonly dn?: string;
  readonly upn?: string;
  readonly displayName?: string;
  readonly anchor?: string;
  readonly cloudId?: string;
  readonly changes?: readonly Change[];
  /** add-member / remove-member: the member; set-manager: the manager. */
  readonly member?: ObjectRef;
  readonly manager?: ObjectRef;
  readonly matchedOn?: string;
}

export interface PlannedEvent extends EventBase, OperationFields {
  readonly type: 'planned';
}

export interface IntentEvent extends EventBase, OperationFields {
  readonly type: 'intent';
}

export type ResultStatus = 'success' | 'failed' | 'skipped';

export interface ResultEvent extends EventBase, OperationFields {
  readonly type: 'result';
  readonly status: ResultStatus;
  /** Graph's HTTP status for the request (absent when no request was needed or none was answered). */
  readonly httpStatus?: number;
  readonly requestId?: string;
  readonly attempts?: number;
  readonly error?: { readonly code?: string; readonly message: string };
  /** Why nothing was sent (skipped), or what the answer meant (e.g. "already a member"). */
  readonly note?: string;
}

export interface GuardEvent extends EventBase, GuardTrip {
  readonly type: 'guard';
}

export interface BindEvent extends EventBase {
  readonly type: 'bind';
  readonly bindings: readonly Binding[];
  readonly unbind: readonly string[];
}

export interface WarningEvent extends EventBase {
  readonly type: 'warning';
  readonly dn?: string;
  readonly message: string;
}

/** An AD write (the optional mS-DS-ConsistencyGuid write-back). */
export interface AdWriteEvent extends EventBase {
  readonly type: 'ad-write';
  readonly dn: string;
  readonly attribute: string;
  /** The value written, base64 for binary attributes. */
  readonly value: string;
  readonly status: 'success' | 'failed';
  readonly note?: string;
  readonly error?: string;
}

export type RunOutcome = 'success' | 'partial' | 'failed' | 'blocked' | 'planned' | 'interrupted';

export interface RunEndEvent extends EventBase {
  readonly type: 'run-end';
  readonly outcome: RunOutcome;
  /** The process exit code, when the caller knows it. */
  readonly exitCode?: number;
  readonly counts?: Readonly<Record<string, number>>;
  readonly durationMs: number;
  readonly message?: string;
}

export type JournalEvent = RunStartEvent | PlannedEvent | IntentEvent | ResultEvent | GuardEvent | BindEvent | WarningEvent | AdWriteEvent | RunEndEvent;

/** Distributes Omit over the union, so each event type keeps its own fields. */
export type NewEvent = JournalEvent extends infer E ? (E extends JournalEvent ? Omit<E, 'runId' | 'time'> : never) : never;

/** `20260301T101500123Z-a1b2c3`: sorts by start time. */
export function newRunId(now: Date = new Date()): string {
  return `${now.toISOString().replace(/[-:.]/g, '')}-${randomBytes(3).toString('hex')}`;
}

/** The journal fields of an operation. */
export function operationFields(op: Operation): OperationFields {
  const f: Record<string, unknown> = { op: op.seq, action: op.action, kind: op.kind };
  for (const k of ['dn', 'upn', 'displayName', 'anchor', 'cloudId'] as const) if (op[k] !== undefined) f[k] = op[k];
  const changes = op.action === 'create' && op.changes === undefined ? createChanges(op.properties) : op.changes;
  if (changes !== undefined && changes.length > 0) f.changes = changes;
  if ('member' in op) f.member = op.member;
  if ('manager' in op && op.manager !== undefined) f.manager = op.manager;
  if ('matchedOn' in op) f.matchedOn = op.matchedOn;
  return f as unknown as OperationFields;
}

export class Journal {
  private fd: number | undefined;
  private readonly started = Date.now();
  private unsynced = 0;

  private constructor(
    readonly path: string,
    readonly runId: string,
    fd: number,
    private readonly clock: () => Date,
  ) {
    this.fd = fd;
  }

  /** Creates the run's file (never overwrites one). */
  static create(path: string, runId: string, clock: () => Date = () => new Date()): Journal {
    let fd: number;
    try {
      fd = openSync(path, 'wx', 0o600);
    } catch (e) {
      throw new CloudsyncError('runtime', `cannot create the run journal ${path}: ${(e as Error).message}; check that the state directory is writable (CLOUDSYNC_STATE_DIR)`, { cause: e });
    }
    return new Journal(path, runId, fd, clock);
  }

  /** Appends one event and returns it as written; with sync, it is on disk when this returns. */
  append<E extends NewEvent>(event: E, sync = false): E & EventBase {
    if (this.fd === undefined) throw new CloudsyncError('runtime', `the run journal ${this.path} is closed`);
    const full = { ...event, runId: this.runId, time: this.clock().toISOString() };
    writeSync(this.fd, JSON.stringify(full) + '\n');
    this.unsynced++;
    if (sync) this.sync();
    return full;
  }

  /** The marker beside a journal whose run started applying (only such journals are folded into the state). */
  static applyMarker(path: string): string {
    return `${path}.apply`;
  }

  /**
   * Marks this run as one that writes, before its first intent: the state loader folds in only the
   * journals so marked, so plan-only runs (many, large) are never read back.
   */
  markApply(): void {
    const fd = openSync(Journal.applyMarker(this.path), 'w', 0o600);
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    try {
      const dir = openSync(dirname(this.path), 'r');
      try {
        fsyncSync(dir);
      } finally {
        closeSync(dir);
      }
    } catch {
      // Windows cannot fsync a directory.
    }
  }

  sync(): void {
    if (this.fd === undefined || this.unsynced === 0) return;
    fsyncSync(this.fd);
    this.unsynced = 0;
  }

  start(e: Omit<RunStartEvent, 'type' | 'v' | 'runId' | 'time' | 'versions'> & { versions?: Record<string, string> }): void {
    this.append({ ...e, type: 'run-start', v: JOURNAL_VERSION, versions: { node: process.versions.node, ...(e.versions ?? {}) } }, true);
  }

  /** The plan, one line per operation, then its guards and warnings. */
  planned(plan: Plan): void {
    for (const op of plan.operations) this.append({ type: 'planned', ...operationFields(op) });
    for (const g of plan.guards) this.append({ type: 'guard', ...g });
    for (const w of plan.warnings) this.append({ type: 'warning', ...w });
    this.sync();
  }

  intent(op: Operation): IntentEvent {
    return this.append({ type: 'intent' as const, ...operationFields(op) });
  }

  result(op: Operation, r: Omit<ResultEvent, keyof EventBase | 'type' | keyof OperationFields> & { cloudId?: string }): ResultEvent {
    return this.append({ type: 'result' as const, ...operationFields(op), ...r });
  }

  warning(message: string, dn?: string): void {
    this.append({ type: 'warning', message, ...(dn !== undefined ? { dn } : {}) });
  }

  /** The summary line; closes the file. */
  end(e: Omit<RunEndEvent, keyof EventBase | 'type' | 'durationMs'>): void {
    this.append({ ...e, type: 'run-end', durationMs: Date.now() - this.started }, true);
    this.close();
  }

  close(): void {
    if (this.fd === undefined) return;
    this.sync();
    closeSync(this.fd);
    this.fd = undefined;
  }
}

/**
 * Reads a journal. A last line cut short by a crash is dropped; any other line that is not JSON
 * is an error.
 */
export function readJournal(path: string): JournalEvent[] {
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  const events: JournalEvent[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    try {
      events.push(parseJournalLine(line));
    } catch (e) {
      const last = lines.slice(i + 1).every((l) => l.trim() === '');
      if (last) break;
      throw new CloudsyncError('input', `${path} line ${i + 1} is not a journal line (${echo((e as Error).message, 160)})`);
    }
  }
  return events;
}
