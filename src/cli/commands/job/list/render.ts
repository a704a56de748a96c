import type { JobListRow } from '../../../../cloud-sync/status.js';
import { emit, type Column, type EmitOptions } from '../../../output/emit.js';
import { utcOffset } from '../../../output/time.js';
import { codeText, table, time, type JobRenderOptions } from '../render.js';

const CSV: readonly Column<JobListRow>[] = [
  { header: 'DOMAIN', cell: (r) => r.domain },
  { header: 'TEMPLATE', cell: (r) => r.template },
  { header: 'JOB_ID', cell: (r) => r.jobId },
  { header: 'STATUS', cell: (r) => r.code },
  { header: 'INTERVAL_MINUTES', cell: (r) => (r.intervalMinutes === null ? '' : String(r.intervalMinutes)) },
  { header: 'SCHEDULE', cell: (r) => r.scheduleState },
  { header: 'LAST_RUN_END', cell: (r) => r.lastRun?.timeEnded ?? '' },
  { header: 'LAST_RUN_STATE', cell: (r) => r.lastRun?.state ?? '' },
  { header: 'IMPORTED', cell: (r) => String(r.lastRun?.imported ?? '') },
  { header: 'EXPORTED', cell: (r) => String(r.lastRun?.exported ?? '') },
  { header: 'ESCROWED', cell: (r) => String(r.lastRun?.escrowed ?? '') },
  { header: 'QUARANTINE', cell: (r) => (r.quarantined ? (r.quarantineReason ?? 'yes') : 'no') },
];

/** `job list`: the jobs (JSON: with their configurations; NDJSON: one job a line). */
export function renderJobList(rows: readonly JobListRow[], json: unknown, o: EmitOptions): string {
  return emit({ rows, json, csv: CSV, table: (all) => renderJobTable(all, o) }, o);
}

export function renderJobTable(rows: readonly JobListRow[], o: JobRenderOptions): string {
  const p = o.paint;
  return table(
    o,
    ['Domain', 'Template', 'Job id', 'Status', 'Every', `Last run (${utcOffset()})`, 'Quarantine'],
    rows.map((r) => [
      r.domain,
      r.template,
      r.jobId,
      codeText(r.code, p),
      `${!r.scheduled ? 'no schedule' : `${r.intervalMinutes === null ? '?' : r.intervalMinutes} min`}${r.scheduleState !== 'Active' ? ` (${r.scheduleState})` : ''}`,
      r.lastRun ? `${time(r.lastRun.timeEnded ?? r.lastRun.timeBegan)}\n${r.lastRun.state}: ${r.lastRun.imported} in, ${r.lastRun.exported} out, ${r.lastRun.escrowed} escrowed` : 'never',
      r.quarantined ? p.red(`yes${r.quarantineReason ? ` (${r.quarantineReason})` : ''}`) : 'no',
    ]),
    [3, 3, 6, 2, 2, 5, 3],
  );
}
