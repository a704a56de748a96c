/** The run journals written since a time, for the bundle (newest first, bounded). */
import { readFileSync } from 'node:fs';
import { listJournals } from '../runs/discover.js';

export interface JournalCopy {
  /** "journals/<scope key>/<run id>.ndjson" */
  name: string;
  text: string;
}

export function recentJournals(stateDir: string, since: Date, max = 200): { copies: JournalCopy[]; skipped: number } {
  const all = listJournals(stateDir).filter((j) => j.mtimeMs >= since.getTime());
  const copies: JournalCopy[] = [];
  for (const j of all.slice(0, max)) {
    try {
      copies.push({ name: `journals/${j.scopeKey}/${j.runId}.ndjson`, text: readFileSync(j.path, 'utf8') });
    } catch {
      /* pruned meanwhile */
    }
  }
  return { copies, skipped: Math.max(0, all.length - max) };
}
