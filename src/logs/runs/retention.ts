/**
 * Retention of run journals, per scope: the newest `runs` runs and the runs of the last `days` days
 * are kept (a run goes when either rule drops it). Never pruned: the scope's newest run, a run
 * still on, and an applying run the state has not folded in yet (state.json's lastRunId is older:
 * its journal is the only record of what it wrote).
 */
import { closeSync, openSync, readSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { heldLock, stillRunning } from './activity.js';
import { listScopeJournals, listScopes, scopesDir } from './discover.js';
import { parseLine, readFirstLine, readLastLines } from './head-tail.js';
import type { JournalFile } from './types.js';

export interface Retention {
  /** Runs kept per scope (default 100). */
  readonly runs?: number;
  /** Days kept (default 90). */
  readonly days?: number;
}

export const DEFAULT_RETENTION = { runs: 100, days: 90 } as const;

export type KeepReason = 'newest' | 'in progress' | 'not in the state yet';

export interface PruneDecision {
  readonly file: JournalFile;
  /** Why it goes (`count`, `age`), or undefined when kept. */
  readonly prune?: 'count' | 'age';
  /** Why a run that a rule drops is kept. */
  readonly kept?: KeepReason;
}

/** `20260301T101500123Z-a1b2c3` → its start (ms); undefined when the id is not in that form. */
export function runStartMs(runId: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z/.exec(runId);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, ms] = m.map(Number) as number[];
  return Date.UTC(y!, mo! - 1, d!, h!, mi!, s!, ms!);
}

export interface ScopeFacts {
  /** state.json's lastRunId: applying runs up to it are folded into the state. */
  readonly lastRunId?: string;
  /** Whether a run without run-end is still on. */
  readonly running: (f: JournalFile) => boolean;
}

/** Decides, for one scope's journals (any order), which go. Pure apart from the callbacks. */
export function decidePrune(journals: readonly JournalFile[], r: Retention, facts: ScopeFacts, now: number = Date.now()): PruneDecision[] {
  const runs = r.runs ?? DEFAULT_RETENTION.runs;
  const days = r.days ?? DEFAULT_RETENTION.days;
  const cutoff = now - days * 86_400_000;
  const newestFirst = [...journals].sort((a, b) => (a.runId < b.runId ? 1 : a.runId > b.runId ? -1 : 0));
  return newestFirst.map((file, i): PruneDecision => {
    const start = runStartMs(file.runId) ?? file.mtimeMs;
    const rule = i >= runs ? 'count' : start < cutoff ? 'age' : undefined;
    if (rule === undefined) return { file };
    if (i === 0) return { file, kept: 'newest' };
    if (facts.running(file)) return { file, kept: 'in progress' };
    if (file.applyMarker && (facts.lastRunId === undefined || file.runId > facts.lastRunId)) return { file, kept: 'not in the state yet' };
    return { file, prune: rule };
  });
}

/** state.json's lastRunId, from its head (it precedes the large `managed` map). */
export function readLastRunId(statePath: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(statePath, 'r');
  } catch {
    return undefined;
  }
  try {
    const buf = Buffer.alloc(16 * 1024);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const m = /"lastRunId"\s*:\s*"([^"]+)"/.exec(buf.toString('utf8', 0, n));
    return m?.[1];
  } finally {
    closeSync(fd);
  }
}

function hasRunEnd(f: JournalFile): boolean {
  const last = parseLine<{ type?: string }>(readLastLines(f.path, 1)[0]);
  return last?.type === 'run-end';
}

function applyingRun(f: JournalFile): boolean {
  if (f.applyMarker) return true;
  const start = parseLine<{ options?: { apply?: unknown } }>(readFirstLine(f.path));
  return start?.options?.apply === true;
}

export interface PruneOptions {
  readonly dryRun?: boolean;
  readonly now?: number;
  /** Only this scope. */
  readonly scopeKey?: string;
  readonly isAlive?: (pid: number) => boolean;
}

export interface PruneReport {
  readonly pruned: PruneDecision[];
  /** Runs a rule drops that were kept, and why. */
  readonly kept: PruneDecision[];
  /** Journals that could not be removed. */
  readonly errors: { readonly path: string; readonly message: string }[];
}

/** Applies the retention to every scope under a state directory (or one). */
export function pruneRuns(stateDir: string, r: Retention, o: PruneOptions = {}): PruneReport {
  const now = o.now ?? Date.now();
  const report: PruneReport = { pruned: [], kept: [], errors: [] };
  for (const key of o.scopeKey !== undefined ? [o.scopeKey] : listScopes(stateDir)) {
    const lock = heldLock(stateDir, key, o.isAlive);
    const facts: ScopeFacts = {
      ...(() => {
        const id = readLastRunId(join(scopesDir(stateDir), key, 'state.json'));
        return id !== undefined ? { lastRunId: id } : {};
      })(),
      running: (f) => !hasRunEnd(f) && stillRunning({ mtimeMs: f.mtimeMs, applying: applyingRun(f), lock, now }),
    };
    for (const d of decidePrune(listScopeJournals(stateDir, key), r, facts, now)) {
      if (d.kept !== undefined) report.kept.push(d);
      if (d.prune === undefined) continue;
      if (!o.dryRun) {
        try {
          rmSync(`${d.file.path}.apply`, { force: true });
          rmSync(d.file.path, { force: true });
        } catch (e) {
          report.errors.push({ path: d.file.path, message: (e as Error).message });
          continue;
        }
      }
      report.pruned.push(d);
    }
  }
  return report;
}
