import type { ScheduleView } from '../../../../cloud-sync/status.js';
import { emit, type Column, type EmitOptions } from '../../../output/emit.js';
import { utcOffset } from '../../../output/time.js';
import { time } from '../render.js';

export type JobScheduleView = ScheduleView & { job: string; jobId: string };

const CSV: readonly Column<JobScheduleView>[] = [
  { header: 'JOB', cell: (v) => v.job },
  { header: 'JOB_ID', cell: (v) => v.jobId },
  { header: 'INTERVAL', cell: (v) => v.interval },
  { header: 'INTERVAL_MINUTES', cell: (v) => (v.intervalMinutes === null ? '' : String(v.intervalMinutes)) },
  { header: 'STATE', cell: (v) => v.state },
  { header: 'EXPIRATION', cell: (v) => v.expiration ?? '' },
];

/** `job schedule`: the view as JSON (one line in NDJSON), one CSV row, or four aligned lines. */
export function renderScheduleView(view: JobScheduleView, o: EmitOptions): string {
  return emit({ rows: [view], json: view, csv: CSV, table: () => renderSchedule(view) }, o);
}

export function renderSchedule(v: JobScheduleView): string {
  return [
    `job        ${v.job} (${v.jobId})`,
    `interval   ${!v.scheduled ? 'no schedule' : `${v.intervalMinutes === null ? '?' : v.intervalMinutes} minutes`} (${v.interval})`,
    `state      ${v.state}`,
    `expiration ${v.expiration ? `${time(v.expiration)} (${utcOffset()})` : 'none'}`,
    '',
  ].join('\n');
}
