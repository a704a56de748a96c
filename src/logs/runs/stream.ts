/**
 * Reads a journal line by line (readline over a file stream): memory stays bounded whatever the
 * journal's size. A last line cut short (by a crash, or still being written) is left out; another
 * line that is not JSON is counted and skipped.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { JournalEvent, ResultEvent } from '../../sync/store/journal.js';
import { parseJournalLine } from '../../sync/store/journal-line.js';

export interface StreamStats {
  /** Lines that are not JSON, not counting a cut-short last line. */
  badLines: number;
}

/** Each line's text; onLine throws a SyntaxError (parseJournalLine) for a line that is not a journal event. */
export async function streamLines(path: string, onLine: (line: string) => void): Promise<StreamStats> {
  const rl = createInterface({ input: createReadStream(path, { encoding: 'utf8', highWaterMark: 256 * 1024 }), crlfDelay: Infinity });
  let pendingBad = 0;
  let bad = 0;
  for await (const line of rl) {
    if (line.length === 0) continue;
    try {
      onLine(line);
    } catch (e) {
      if (!(e instanceof SyntaxError)) throw e;
      // Only a bad line followed by more lines is bad: the last one may just be cut short.
      bad += pendingBad;
      pendingBad = 1;
      continue;
    }
    bad += pendingBad;
    pendingBad = 0;
  }
  return { badLines: bad };
}

export function streamEvents(path: string, onEvent: (e: JournalEvent) => void): Promise<StreamStats> {
  return streamLines(path, (line) => onEvent(parseJournalLine(line)));
}

export interface OperationCounts {
  readonly actions: Record<string, number>;
  readonly results: Record<string, number>;
}

const RESULT_KEY: Record<ResultEvent['status'], string> = { success: 'succeeded', failed: 'failed', skipped: 'skipped' };

/** Operations by action (planned lines) and by result (result lines). */
export async function countOperations(path: string): Promise<OperationCounts> {
  const actions: Record<string, number> = {};
  const results: Record<string, number> = {};
  await streamEvents(path, (e) => {
    if (e.type === 'planned') actions[e.action] = (actions[e.action] ?? 0) + 1;
    else if (e.type === 'result') {
      const k = RESULT_KEY[e.status] ?? e.status;
      results[k] = (results[k] ?? 0) + 1;
    }
  });
  return { actions, results };
}
