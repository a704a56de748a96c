/**
 * One run's summary from its first and last lines only (run-start, run-end). Counts by action come
 * from run-end; for a run without them (running, interrupted, or an apply journal of an older
 * version) a small journal is counted line by line, a large one is left uncounted.
 */
import type { Scope } from '../../directory/types.js';
import type { RunEndEvent, RunStartEvent } from '../../sync/store/journal.js';
import { stillRunning, type HeldLock } from './activity.js';
import { tryJournalLine } from '../../sync/store/journal-line.js';
import { readFirstLine, readLastLines } from './head-tail.js';
import { countOperations } from './stream.js';
import type { JournalFile, RunSummary } from './types.js';

/** Journals up to this size are counted when run-end does not carry the counts. */
export const COUNT_SCAN_LIMIT = 4 * 1024 * 1024;

const ACTIONS = ['create', 'restore', 'adopt', 'update', 'set-manager', 'remove-manager', 'add-member', 'remove-member', 'disable', 'delete'] as const;
const RESULTS = ['succeeded', 'failed', 'skipped', 'notRun'] as const;

export function describeScope(scope: Scope | undefined): string {
  if (scope === undefined) return '';
  const parts = [...(scope.ous ?? []), ...(scope.groups ?? []).map((g) => `group ${g}`)];
  if (scope.filter !== undefined) parts.push(`filter ${scope.filter}`);
  if (parts.length === 0) parts.push(scope.baseDn !== undefined ? `all of ${scope.baseDn}` : 'all');
  return parts.join('; ');
}

function pick(counts: Readonly<Record<string, number>> | undefined, keys: readonly string[]): Record<string, number> | undefined {
  if (counts === undefined) return undefined;
  const out: Record<string, number> = {};
  let any = false;
  for (const k of keys) {
    if (typeof counts[k] !== 'number') continue;
    any = true;
    if (counts[k] > 0) out[k] = counts[k];
  }
  return any ? out : undefined;
}

export interface SummaryOptions {
  readonly lock: HeldLock | undefined;
  readonly now?: number;
}

/** Summarises a journal; undefined when its first line is not a run-start (not a journal, or still being created). */
export async function summarizeRun(file: JournalFile, o: SummaryOptions): Promise<RunSummary | undefined> {
  const start = tryJournalLine(readFirstLine(file.path));
  if (start?.type !== 'run-start') return undefined;
  const rs = start as RunStartEvent;
  const tail = readLastLines(file.path, 1).map((l) => tryJournalLine(l));
  const last = tail[tail.length - 1];
  const end = last?.type === 'run-end' ? (last as RunEndEvent) : undefined;
  const applying = file.applyMarker || rs.options?.apply === true;
  const now = o.now ?? Date.now();
  const state = end !== undefined ? 'ended' : stillRunning({ mtimeMs: file.mtimeMs, applying, lock: o.lock, now }) ? 'running' : 'interrupted';
  let actions = pick(end?.counts, ACTIONS);
  let results = applying ? pick(end?.counts, RESULTS) : undefined;
  if ((actions === undefined || (applying && results === undefined)) && file.size <= COUNT_SCAN_LIMIT) {
    const c = await countOperations(file.path);
    actions ??= c.actions;
    if (applying) results ??= c.results;
  }
  const startMs = Date.parse(rs.time);
  const endTime = end?.time ?? (state === 'running' ? undefined : last?.time);
  const durationMs = end?.durationMs ?? (state === 'running' ? now - startMs : endTime !== undefined ? Date.parse(endTime) - startMs : undefined);
  return {
    runId: rs.runId ?? file.runId,
    scopeKey: rs.scopeKey ?? file.scopeKey,
    path: file.path,
    command: rs.command,
    ...(rs.tenant !== undefined ? { tenant: rs.tenant } : {}),
    scope: describeScope(rs.scope),
    mode: applying ? 'apply' : 'plan',
    read: rs.mode ?? 'full',
    start: rs.time,
    ...(endTime !== undefined ? { end: endTime } : {}),
    ...(durationMs !== undefined && Number.isFinite(durationMs) ? { durationMs } : {}),
    state,
    outcome: end?.outcome ?? (state === 'running' ? 'running' : 'interrupted'),
    ...(end?.exitCode !== undefined ? { exitCode: end.exitCode } : {}),
    ...(end?.message !== undefined ? { message: end.message } : {}),
    ...(actions !== undefined ? { actions } : {}),
    ...(results !== undefined ? { results } : {}),
    size: file.size,
  };
}
