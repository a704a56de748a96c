/** `cloudsync logs`: the runs of every scope, newest first, each from its first and last lines. */
import { heldLock, type HeldLock } from './activity.js';
import { listJournals } from './discover.js';
import { runStartMs } from './retention.js';
import { summarizeRun } from './summary.js';
import type { RunSummary } from './types.js';

/** Outcomes `--failed` selects: runs that did not do all they set out to. */
export const FAILED_OUTCOMES: ReadonlySet<RunSummary['outcome']> = new Set(['partial', 'failed', 'blocked', 'interrupted']);

export interface ListOptions {
  /** ms since the epoch: runs started at or after it. */
  readonly since?: number;
  readonly failed?: boolean;
  /** A fragment of the scope key, tenant or scope description (case-insensitive). */
  readonly scope?: string;
  /** At most this many runs (0 or undefined: all). */
  readonly limit?: number;
  readonly now?: number;
  readonly isAlive?: (pid: number) => boolean;
}

export async function listRuns(stateDir: string, o: ListOptions = {}): Promise<RunSummary[]> {
  const locks = new Map<string, HeldLock | undefined>();
  const lockOf = (key: string) => {
    if (!locks.has(key)) locks.set(key, heldLock(stateDir, key, o.isAlive));
    return locks.get(key);
  };
  const q = o.scope?.trim().toLowerCase();
  const out: RunSummary[] = [];
  for (const f of listJournals(stateDir)) {
    const start = runStartMs(f.runId);
    // Newest first: the first run older than --since ends the list.
    if (o.since !== undefined && start !== undefined && start < o.since) break;
    const s = await summarizeRun(f, { lock: lockOf(f.scopeKey), ...(o.now !== undefined ? { now: o.now } : {}) });
    if (s === undefined) continue;
    if (o.since !== undefined && Date.parse(s.start) < o.since) continue;
    if (o.failed && !FAILED_OUTCOMES.has(s.outcome)) continue;
    if (q && ![s.scopeKey, s.tenant ?? '', s.scope].some((t) => t.toLowerCase().includes(q))) continue;
    out.push(s);
    if (o.limit && out.length >= o.limit) break;
  }
  return out;
}
