/** What the `cloudsync job` views share: tables wrapped to the terminal, local times, the job's status code in colour. */
import type { RunSummary } from '../../../cloud-sync/status.js';
import type { Paint } from '../../output/paint.js';
import { renderTable } from '../../output/table.js';
import { localTime } from '../../output/time.js';

export interface JobRenderOptions {
  paint: Paint;
  width?: number | undefined;
}

export const table = (o: JobRenderOptions, head: string[], rows: (string | number | undefined)[][], weights?: number[]): string =>
  renderTable(head, rows, { color: o.paint.enabled, ...(o.width !== undefined ? { width: o.width, ...(weights ? { weights } : {}) } : {}) });

/** Local time (the offset is said once: a column header or a `times` line), as `logs` shows it. */
export const time = (t: string | null | undefined): string => (t ? localTime(t) : 'never');

export const codeText = (code: string, p: Paint): string => (code === 'Active' ? p.green(code) : code === 'Quarantine' ? p.red(code) : code === 'Paused' ? p.yellow(code) : code);

export function runText(r: RunSummary | null): string {
  if (r === null) return 'never';
  return `${time(r.timeEnded ?? r.timeBegan)} ${r.state}: ${r.imported} imported, ${r.exported} exported, ${r.escrowed} escrowed, ${r.entitled} entitled${r.error ? ` — ${r.error.code}: ${r.error.message}` : ''}`;
}

/** "every 2 min", or "no schedule" for Graph's TimeSpan.MaxValue interval; Graph's text when it is not a duration. */
export function scheduleText(s: { interval: string; intervalMinutes: number | null; scheduled: boolean }): string {
  if (!s.scheduled) return 'no schedule';
  return s.intervalMinutes === null ? `every ${s.interval}` : `every ${s.intervalMinutes} min`;
}
