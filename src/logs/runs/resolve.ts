/** `show <run>`: `last`, a run id, or a unique prefix of one. */
import { CloudsyncError } from '../../errors.js';
import type { JournalFile } from './types.js';

/** Run ids are named in the error when there are at most this many. */
const NAME_AT_MOST = 10;

/** Picks the run; `journals` newest first. A usage error names the choices when they are few. */
export function resolveRun(journals: readonly JournalFile[], ref: string): JournalFile {
  const r = ref.trim();
  if (journals.length === 0) throw new CloudsyncError('usage', 'no run journals yet: run `cloudsync sync` first (journals are kept under the state directory, CLOUDSYNC_STATE_DIR)');
  if (r.toLowerCase() === 'last' || r.toLowerCase() === 'latest') return journals[0]!;
  const exact = journals.find((j) => j.runId === r);
  if (exact !== undefined) return exact;
  const matches = r === '' ? [] : journals.filter((j) => j.runId.toLowerCase().startsWith(r.toLowerCase()));
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    const shown = matches.slice(0, NAME_AT_MOST).map((j) => j.runId);
    throw new CloudsyncError('usage', `run "${r}" is ambiguous: ${matches.length} runs start so (${shown.join(', ')}${matches.length > shown.length ? ', …' : ''}); give more of the id`);
  }
  const names = journals.length <= NAME_AT_MOST ? `: the runs are ${journals.map((j) => j.runId).join(', ')} (or "last")` : ` among ${journals.length} runs: \`cloudsync logs\` lists them`;
  throw new CloudsyncError('usage', `no run "${r}"${names}`);
}
