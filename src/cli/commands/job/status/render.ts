import type { StatusView } from '../../../../cloud-sync/status.js';
import { toCsv } from '../../../output/csv.js';
import { emit, markdownOf, type Column, type EmitOptions } from '../../../output/emit.js';
import { utcOffset } from '../../../output/time.js';
import { codeText, runText, scheduleText, time, type JobRenderOptions } from '../render.js';

/** `job status`: the view as JSON (one line in NDJSON), FIELD,VALUE rows in CSV, or the explained status. */
export function renderStatusView(view: StatusView, o: EmitOptions): string {
  if (o.format === 'markdown') {
    const rows = flatten(view).filter(([, v]) => v !== '');
    const columns: Column<string[]>[] = [
      { header: 'Field', cell: (r) => r[0] },
      { header: 'Value', cell: (r) => r[1] },
    ];
    const quarantine = view.quarantine !== null ? `; quarantine: ${view.quarantine.reason || 'no reason given'}` : '';
    return markdownOf(`cloudsync job status: ${view.job}`, columns, rows, `**status:** ${view.code}${quarantine}`);
  }
  return emit({ rows: [view], json: view, csv: () => toCsv(['FIELD', 'VALUE'], flatten(view)), table: () => renderStatus(view, o) }, o);
}

/** Nested data as FIELD,VALUE rows for CSV. */
export function flatten(v: unknown, prefix = ''): string[][] {
  if (v === null || v === undefined) return [[prefix, '']];
  if (Array.isArray(v)) return v.length === 0 ? [[prefix, '']] : v.flatMap((x, i) => flatten(x, `${prefix}[${i}]`));
  if (typeof v === 'object') return Object.entries(v as Record<string, unknown>).flatMap(([k, x]) => flatten(x, prefix === '' ? k : `${prefix}.${k}`));
  return [[prefix, String(v)]];
}

export function renderStatus(v: StatusView, o: JobRenderOptions): string {
  const p = o.paint;
  const out: string[] = [];
  const line = (label: string, value: string): void => void out.push(`${label.padEnd(24)}${value}\n`);
  out.push(`${p.bold(v.job)} (${v.jobId})\n`);
  line('times', `local, ${utcOffset()}`);
  line('status', codeText(v.code, p));
  line('schedule', `${scheduleText(v.schedule)}, ${v.schedule.state}${v.schedule.expiration ? `, expires ${time(v.schedule.expiration)}` : ''}`);
  line('last run', runText(v.lastRun));
  line('last successful run', runText(v.lastSuccessfulRun));
  if (v.lastSuccessfulRunWithExports && v.lastSuccessfulRunWithExports.timeEnded !== v.lastSuccessfulRun?.timeEnded) line('last run with exports', runText(v.lastSuccessfulRunWithExports));
  if (v.countSuccessiveCompleteFailures > 0) line('failed runs in a row', String(v.countSuccessiveCompleteFailures));
  for (const pr of v.progress) line('progress', `${pr.completedUnits}/${pr.totalUnits} ${pr.units}${pr.at ? ` (at ${time(pr.at)})` : ''}`);
  line('steady state', v.steadyStateLastAchievedTime ? `last reached ${time(v.steadyStateLastAchievedTime)} (first ${time(v.steadyStateFirstAchievedTime)})` : 'not reached yet');
  line('escrows pruned', v.escrowsPruned ? 'yes' : 'no');
  const counts = Object.entries(v.synchronizedEntryCountByType);
  if (counts.length > 0) line('synchronised', counts.map(([k, n]) => `${n} ${k}`).join(', '));
  if (v.troubleshootingUrl) line('troubleshooting', v.troubleshootingUrl);
  const q = v.quarantine;
  if (q !== null) {
    out.push(`\n${p.red(p.bold(`Quarantine: ${q.reason || 'no reason given'}`))}\n`);
    out.push(`${q.meaning}.\n`);
    line('  since', `${time(q.currentBegan)} (series began ${time(q.seriesBegan)}, ${q.seriesCount} in the series)`);
    line('  next attempt', time(q.nextAttempt));
    if (q.error) line('  error', `${q.error.code}: ${q.error.message}`);
    out.push('What to do:\n');
    q.actions.forEach((a, i) => out.push(`  ${i + 1}. ${a}\n`));
  }
  for (const a of v.attention) if (q === null) out.push(`${p.yellow('attention:')} ${a}\n`);
  for (const w of v.warnings) out.push(`${p.yellow('warning:')} ${w}\n`);
  return out.join('');
}
