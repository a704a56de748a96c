/**
 * Applying a plan through the batch writer, phase by phase (creates and restores; adopts and
 * updates; managers and member adds; member removes; disables and deletes), each operation
 * journaled before it is sent and after its answer. One failed operation does not stop the
 * others; an operation that needs an object whose create failed is skipped and said so.
 */
import type { BatchRequest, BatchResult } from '../../directory/entra/batch.js';
import { assertApplicable } from '../guards.js';
import type { Journal, ResultStatus } from '../store/journal.js';
import { CloudIndex } from '../plan/match.js';
import { phaseOf } from '../operations.js';
import { alreadyDone, generatePassword, prepareRequest, type RequestContext } from './requests.js';
import { describeFailure, describeRejection, type FailureInfo } from './failures.js';
import { emptyState, foldEvent, successCounts, type SyncState } from '../store/state.js';
import type { CloudSnapshot, Operation, Plan } from '../types.js';
import type { JournalEvent } from '../store/journal.js';

/** Where requests go; a BatchWriter (EntraClient.batchWriter()) is one. */
export interface CloudWriter {
  submit(request: BatchRequest): Promise<BatchResult>;
  /** Rejects every request not yet sent with `reason` and returns how many (BatchWriter.drop). */
  drop?(reason: unknown): number;
}

/** What an interrupted apply still waits for: the requests already sent. */
export interface ApplyInterrupt {
  /** Requests sent and not yet answered: they are awaited and journaled. */
  readonly inFlight: number;
  /** Requests queued and dropped (journaled as skipped, not sent). */
  readonly dropped: number;
}

export interface ApplyProgress {
  /** 1 creates/restores, 2 adopts/updates, 3 managers/member adds, 4 member removes, 5 disables/deletes. */
  readonly phase: number;
  readonly done: number;
  readonly total: number;
  readonly failed: number;
}

export interface ApplyOptions {
  /** The state loaded before planning; apply returns it updated (the caller saves it). */
  readonly state: SyncState;
  /** Graph's base URL for references (default https://graph.microsoft.com). */
  readonly graphEndpoint?: string;
  /** New users must change their password at first sign-in (default true). */
  readonly forcePasswordChange?: boolean;
  /** For tests: the password source (default: crypto-random, 20 characters). */
  readonly generatePassword?: () => string;
  /** The tenant as read for the plan: lets failures name who holds a conflicting address. */
  readonly cloud?: CloudSnapshot;
  readonly onProgress?: (p: ApplyProgress) => void;
  /** Stops sending new operations and drops the writer's queue; those in flight are awaited and journaled. */
  readonly signal?: AbortSignal;
  /** The signal stopped the apply: how many requests it still waits for. */
  readonly onInterrupt?: (i: ApplyInterrupt) => void;
  /** Operations submitted and not yet answered, at most (default 400). */
  readonly window?: number;
}

export interface OperationResult {
  readonly seq: number;
  readonly action: Operation['action'];
  readonly status: ResultStatus;
  readonly httpStatus?: number;
  readonly requestId?: string;
  readonly cloudId?: string;
  readonly attempts?: number;
  readonly error?: FailureInfo;
  readonly note?: string;
}

export interface ApplyResult {
  /** success: every operation succeeded; partial: some failed or were skipped; interrupted: stopped by the signal. */
  readonly outcome: 'success' | 'partial' | 'interrupted';
  readonly counts: { readonly succeeded: number; readonly failed: number; readonly skipped: number; readonly notRun: number };
  readonly results: readonly OperationResult[];
  /** The state with this run folded in: save it (SyncWorkspace.saveState). */
  readonly state: SyncState;
}

/** Intents are written and synced in chunks of this many before their requests go out. */
const CHUNK = 50;

function cloneState(s: SyncState): SyncState {
  return { ...s, managed: new Map(s.managed) };
}

/**
 * Applies a plan. Throws the plan's first blocking guard before anything is sent. Converges when
 * run again after a crash: the next plan is made from what Entra then holds, and the journal of the
 * killed run is folded into the state when it is loaded.
 */
export async function apply(plan: Plan, writer: CloudWriter, journal: Journal, options: ApplyOptions): Promise<ApplyResult> {
  assertApplicable(plan);
  const state = cloneState(options.state);
  const record = (e: JournalEvent) => foldEvent(state, e);
  const index = options.cloud !== undefined ? new CloudIndex(options.cloud, emptyState()) : undefined;
  const created = new Map<string, string>();
  const results: OperationResult[] = [];
  let failed = 0;
  let skipped = 0;

  journal.markApply();
  if (plan.bindings.length > 0 || plan.unbind.length > 0) record(journal.append({ type: 'bind' as const, bindings: plan.bindings, unbind: plan.unbind }, true));

  const ctx: RequestContext = {
    graphEndpoint: (options.graphEndpoint ?? 'https://graph.microsoft.com').replace(/\/+$/, ''),
    idOf: (ref) => ref.cloudId ?? (ref.anchor !== undefined ? created.get(ref.anchor) : undefined),
    password: options.generatePassword ?? (() => generatePassword()),
    forcePasswordChange: options.forcePasswordChange ?? true,
  };

  const now = () => new Date().toISOString();
  const finish = (op: Operation, r: OperationResult): void => {
    results.push(r);
    if (r.status === 'failed') failed++;
    if (r.status === 'skipped') skipped++;
    const { seq: _seq, action: _action, ...fields } = r;
    record(journal.result(op, fields));
  };

  const settle = (op: Operation, res: BatchResult): void => {
    const body = res.body as { id?: unknown; error?: { message?: string } } | undefined;
    const base = { seq: op.seq, action: op.action, httpStatus: res.status, attempts: res.attempts, ...(res.requestId !== undefined ? { requestId: res.requestId } : {}) };
    if (res.status >= 200 && res.status < 300) {
      let cloudId = op.cloudId;
      if (op.action === 'create' && typeof body?.id === 'string') {
        cloudId = body.id;
        created.set(op.anchor, body.id);
      }
      // A lost answer replaced by what the request was found to have done: say so in the journal.
      finish(op, { ...base, status: 'success', ...(cloudId !== undefined ? { cloudId } : {}), ...(res.recovered !== undefined ? { note: `answer lost: ${res.recovered}` } : {}) });
      return;
    }
    const done = alreadyDone(op, res.status, body?.error?.message ?? '');
    if (done !== undefined) {
      finish(op, { ...base, status: 'success', note: done, ...(op.cloudId !== undefined ? { cloudId: op.cloudId } : {}) });
      return;
    }
    finish(op, { ...base, status: 'failed', error: describeFailure(op, res.status, res.body, index) });
  };

  const window = Math.max(1, options.window ?? 400);
  let interrupted = false;
  /** Submitted and not yet settled, across phases. */
  let submitted = 0;
  const notSent = new Error('not sent: the run was interrupted');
  const onAbort = (): void => {
    interrupted = true;
    const dropped = writer.drop?.(notSent) ?? 0;
    options.onInterrupt?.({ inFlight: submitted - dropped, dropped });
  };
  if (options.signal?.aborted) interrupted = true;
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  const phases = new Map<number, Operation[]>();
  for (const op of plan.operations) {
    const p = phaseOf(op.action);
    const list = phases.get(p);
    if (list === undefined) phases.set(p, [op]);
    else list.push(op);
  }

  for (const phase of [...phases.keys()].sort((a, b) => a - b)) {
    const ops = phases.get(phase)!;
    const inFlight = new Set<Promise<void>>();
    let done = 0;
    const progress = () => options.onProgress?.({ phase, done, total: ops.length, failed });
    for (let start = 0; start < ops.length && !interrupted; start += CHUNK) {
      if (options.signal?.aborted) {
        interrupted = true;
        break;
      }
      const chunk = ops.slice(start, start + CHUNK);
      const toSend: [Operation, BatchRequest][] = [];
      for (const op of chunk) {
        const prepared = prepareRequest(op, ctx);
        if ('blocked' in prepared) {
          finish(op, { seq: op.seq, action: op.action, status: 'skipped', note: `not sent: ${prepared.blocked}` });
          done++;
          continue;
        }
        record(journal.intent(op));
        if ('none' in prepared) {
          finish(op, { seq: op.seq, action: op.action, status: 'success', note: prepared.none, ...(op.cloudId !== undefined ? { cloudId: op.cloudId } : {}) });
          done++;
          continue;
        }
        toSend.push([op, prepared.request]);
      }
      // The intents are on disk before any of their requests leaves.
      journal.sync();
      for (const [op, request] of toSend) {
        submitted++;
        const p: Promise<void> = writer
          .submit(request)
          .then(
            (res) => settle(op, res),
            (e: unknown) =>
              finish(op, e === notSent ? { seq: op.seq, action: op.action, status: 'skipped', note: notSent.message } : { seq: op.seq, action: op.action, status: 'failed', error: describeRejection(op, e) }),
          )
          .finally(() => {
            submitted--;
            inFlight.delete(p);
            done++;
            progress();
          });
        inFlight.add(p);
      }
      while (inFlight.size >= window) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    journal.sync();
    progress();
    if (interrupted) break;
  }

  options.signal?.removeEventListener('abort', onAbort);
  const notRun = plan.operations.length - results.length;
  const succeeded = results.length - failed - skipped;
  const outcome = interrupted ? 'interrupted' : failed > 0 || skipped > 0 ? 'partial' : 'success';
  state.lastRunId = journal.runId;
  if (plan.source.complete && outcome !== 'interrupted') {
    state.lastSuccess = { runId: journal.runId, time: now(), counts: successCounts(plan.source.counts) };
  }
  return { outcome, counts: { succeeded, failed, skipped, notRun }, results: results.sort((a, b) => a.seq - b.seq), state };
}
