/** One run's operations, merged and filtered, read in one streaming pass. */
import type { RunEndEvent, RunStartEvent } from '../../sync/store/journal.js';
import { parseJournalLine } from '../../sync/store/journal-line.js';
import { stillRunning, type HeldLock } from './activity.js';
import type { OperationFilter } from './filter.js';
import { isOperationLine, OperationMerger, type RunEnding } from './merge.js';
import { streamLines } from './stream.js';
import type { JournalFile, OperationRow, RunNote } from './types.js';

export interface RunOperations {
  readonly start?: RunStartEvent;
  readonly end?: RunEndEvent;
  readonly ending: RunEnding;
  readonly rows: OperationRow[];
  readonly notes: RunNote[];
  /** Lines that were not JSON (other than a cut-short last line). */
  readonly badLines: number;
}

export function isApplying(file: Pick<JournalFile, 'applyMarker'>, start: RunStartEvent | undefined): boolean {
  return file.applyMarker || start?.options?.apply === true;
}

export async function readRunOperations(file: JournalFile, filter: OperationFilter, o: { lock: HeldLock | undefined; now?: number }): Promise<RunOperations> {
  const merger = new OperationMerger(filter);
  let start: RunStartEvent | undefined;
  let end: RunEndEvent | undefined;
  const { badLines } = await streamLines(file.path, (line) => {
    if (isOperationLine(line)) {
      merger.addLine(line);
      return;
    }
    const e = parseJournalLine(line);
    if (e.type === 'run-start') start ??= e;
    else if (e.type === 'run-end') end = e;
    else merger.add(e);
  });
  const applying = isApplying(file, start);
  const state = end !== undefined ? 'ended' : stillRunning({ mtimeMs: file.mtimeMs, applying, lock: o.lock, now: o.now ?? Date.now() }) ? 'running' : 'interrupted';
  const ending: RunEnding = { state, applying, ...(end !== undefined ? { end } : {}) };
  return { ...(start !== undefined ? { start } : {}), ...(end !== undefined ? { end } : {}), ending, rows: merger.rows(ending), notes: merger.notes, badLines: badLines + merger.badLines };
}
