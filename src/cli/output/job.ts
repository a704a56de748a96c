/** `cloudsync job …` for people: the job list, status (with the quarantine explained), schedule, settings, scope and schema changes. */
import type { KeyValuePair } from '../../directory/entra/synchronization-types.js';
import type { SchemaChange, SchemaProblem } from '../../cloud-sync/schema.js';
import type { MappingScope } from '../../cloud-sync/scope.js';
import type { JobSettingsView, NotificationChange } from '../../cloud-sync/settings.js';
import type { JobListRow, RunSummary, ScheduleView, StatusView } from '../../cloud-sync/status.js';
import type { Context } from '../context.js';
import type { Paint } from './paint.js';
import { renderTable } from './table.js';
import { localTime, utcOffset } from './time.js';

export interface JobRenderOptions {
  paint: Paint;
  width?: number;
}

export function tableWidth(ctx: Context): { width?: number } {
  return ctx.io.stdoutIsTty ? { width: ctx.io.columns ?? 120 } : {};
}

const table = (o: JobRenderOptions, head: string[], rows: (string | number | undefined)[][], weights?: number[]): string =>
  renderTable(head, rows, { color: o.paint.enabled, ...(o.width !== undefined ? { width: o.width, ...(weights ? { weights } : {}) } : {}) });

/** Local time (the offset is said once: a column header or a `times` line), as `logs` shows it. */
const time = (t: string | null | undefined): string => (t ? localTime(t) : 'never');

const codeText = (code: string, p: Paint): string => (code === 'Active' ? p.green(code) : code === 'Quarantine' ? p.red(code) : code === 'Paused' ? p.yellow(code) : code);

export function runText(r: RunSummary | null): string {
  if (r === null) return 'never';
  return `${time(r.timeEnded ?? r.timeBegan)} ${r.state}: ${r.imported} imported, ${r.exported} exported, ${r.escrowed} escrowed, ${r.entitled} entitled${r.error ? ` — ${r.error.code}: ${r.error.message}` : ''}`;
}

export function renderJobList(rows: readonly JobListRow[], o: JobRenderOptions): string {
  const p = o.paint;
  return table(
    o,
    ['Domain', 'Template', 'Job id', 'Status', 'Every', `Last run (${utcOffset()})`, 'Quarantine'],
    rows.map((r) => [
      r.domain,
      r.template,
      r.jobId,
      codeText(r.code, p),
      `${r.intervalMinutes === null ? '?' : r.intervalMinutes} min${r.scheduleState !== 'Active' ? ` (${r.scheduleState})` : ''}`,
      r.lastRun ? `${time(r.lastRun.timeEnded ?? r.lastRun.timeBegan)}\n${r.lastRun.state}: ${r.lastRun.imported} in, ${r.lastRun.exported} out, ${r.lastRun.escrowed} escrowed` : 'never',
      r.quarantined ? p.red(`yes${r.quarantineReason ? ` (${r.quarantineReason})` : ''}`) : 'no',
    ]),
    [3, 3, 6, 2, 2, 5, 3],
  );
}

export function renderStatus(v: StatusView, o: JobRenderOptions): string {
  const p = o.paint;
  const out: string[] = [];
  const line = (label: string, value: string): void => void out.push(`${label.padEnd(24)}${value}\n`);
  out.push(`${p.bold(v.job)} (${v.jobId})\n`);
  line('times', `local, ${utcOffset()}`);
  line('status', codeText(v.code, p));
  line('schedule', `every ${v.schedule.intervalMinutes ?? v.schedule.interval} min, ${v.schedule.state}${v.schedule.expiration ? `, expires ${time(v.schedule.expiration)}` : ''}`);
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
    out.push(`\n${p.red(p.bold(`Quarantine: ${q.reason}`))}\n`);
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

export function renderSchedule(v: ScheduleView & { job: string; jobId: string }): string {
  return [
    `job        ${v.job} (${v.jobId})`,
    `interval   ${v.intervalMinutes === null ? '?' : v.intervalMinutes} minutes (${v.interval})`,
    `state      ${v.state}`,
    `expiration ${v.expiration ? `${time(v.expiration)} (${utcOffset()})` : 'none'}`,
    '',
  ].join('\n');
}

export function renderServiceAccounts(users: ReadonlyArray<Record<string, unknown>>, o: JobRenderOptions): string {
  return table(
    o,
    ['User principal name', 'Display name', 'Enabled', `Created (${utcOffset()})`, 'Id'],
    users.map((u) => [String(u.userPrincipalName ?? ''), String(u.displayName ?? ''), String(u.accountEnabled ?? ''), typeof u.createdDateTime === 'string' ? localTime(u.createdDateTime) : '', String(u.id ?? '')]),
  );
}

export function renderSettings(v: JobSettingsView, o: JobRenderOptions): string {
  const rows: (string | undefined)[][] = v.settings.map((s: KeyValuePair) => [s.name, s.value, 'job settings']);
  if (v.notification) for (const [k, val] of Object.entries(v.notification)) rows.push([k, String(val), 'SyncNotificationSettings (secret)']);
  const t = v.deleteThreshold;
  return (
    `${o.paint.bold(v.job)} (${v.jobId})\n` +
    table(o, ['Name', 'Value', 'From'], rows, [3, 5, 2]) +
    `accidental-delete threshold: ${t.enabled ? `${t.value} deletes stop a cycle (at most ${t.value - 1} go through)` : o.paint.yellow('off (any number of deletes goes through)')}  [from ${t.source}]\n`
  );
}

export function renderNotificationChange(c: NotificationChange): string {
  const keys = Object.keys(c.after) as Array<keyof NotificationChange['after']>;
  const changed = keys.filter((k) => c.before[k] !== c.after[k]);
  if (changed.length === 0) return 'no change: the settings already have these values\n';
  const text = (v: unknown): string => (v === undefined || v === null || v === '' ? '(none)' : String(v));
  return changed.map((k) => `${k}: ${text(c.before[k])} → ${text(c.after[k])}\n`).join('');
}

export function renderScope(scopes: readonly MappingScope[], o: JobRenderOptions & { job: string }): string {
  const out = [`${o.paint.bold(o.job)}\n`];
  if (scopes.length === 0) out.push('no object mapping for this object type\n');
  for (const s of scopes) {
    out.push(`\n${s.mapping} (${s.sourceObjectName} → ${s.targetObjectName})${s.enabled ? '' : o.paint.yellow(' [disabled]')}\n`);
    out.push(`  ${s.text}\n`);
    if (s.groups.length > 1 || (s.groups[0]?.length ?? 0) > 1) {
      s.groups.forEach((g, i) => out.push(`  ${i === 0 ? '  ' : 'or'} ${g.join('\n       and ')}\n`));
    }
  }
  return out.join('');
}

export function renderSchemaProblems(problems: readonly SchemaProblem[], p: Paint): string {
  return problems.map((x) => `${x.severity === 'error' ? p.red('error') : p.yellow('warning')}: ${x.path}: ${x.message}\n`).join('');
}

export function renderSchemaChanges(changes: readonly SchemaChange[], p: Paint): string {
  if (changes.length === 0) return 'no changes against the current schema\n';
  const mark = { added: p.green('+'), removed: p.red('-'), changed: p.yellow('~') };
  return `${changes.length} change(s) against the current schema:\n` + changes.map((c) => `  ${mark[c.kind]} ${c.what}${c.detail ? `: ${c.detail}` : ''}\n`).join('');
}
