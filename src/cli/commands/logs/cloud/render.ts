/**
 * Renders `logs cloud`: for people, quarantine notices first, then one summary line per cycle
 * followed by its records (time, action, status, object, changes old → new, error with Graph's
 * reason, recommended action and cloudsync's explanation); for scripts, one flat row per record
 * (CSV, JSON, NDJSON) with names, and ids only with --ids. Field names: docs/logs.md.
 */
import type { CloudLogsResult, JobNotice } from '../../../../logs/cloud/read.js';
import type { Cycle, CycleCounts, LogRow } from '../../../../logs/cloud/rows.js';
import { toCsv } from '../../../output/csv.js';
import { clockTime, shortTime, utcOffset } from '../../../output/time.js';
import { emit, type EmitOptions } from '../../../output/emit.js';
import type { Paint } from '../../../output/paint.js';

export interface LogsCloudRenderOptions extends EmitOptions {
  readonly ids: boolean;
  readonly now?: Date;
}

/** "14:02:05" today, "2026-11-01 14:02:05" on another day (local time; the offset is in the footer). */
export function cycleTime(iso: string, now: Date = new Date()): string {
  return shortTime(iso, now);
}

const COUNT_WORDS: Array<[keyof CycleCounts, string]> = [
  ['created', 'created'],
  ['updated', 'updated'],
  ['deleted', 'deleted'],
  ['disabled', 'disabled'],
  ['stagedDelete', 'staged for deletion'],
  ['other', 'other'],
  ['failed', 'failed'],
  ['skipped', 'skipped'],
  ['warnings', 'with warnings'],
];

export function summaryLine(c: Cycle, now?: Date): string {
  const parts = COUNT_WORDS.filter(([k]) => c.counts[k] > 0).map(([k, w]) => `${c.counts[k]} ${w}`);
  return `cycle ${cycleTime(c.start, now)} ${c.jobName}: ${parts.join(', ')}`;
}

const value = (v: string | null): string => (v === null || v === '' ? '(none)' : v);

export function changesText(row: LogRow): string {
  return row.changes.map((c) => `${c.attribute}: ${value(c.oldValue)} → ${value(c.newValue)}`).join('; ');
}

function holderName(h: { displayName?: string; userPrincipalName?: string; mail?: string; kind: string }): string {
  const upn = h.userPrincipalName ?? h.mail;
  return `${h.kind} ${h.displayName && upn ? `${h.displayName} <${upn}>` : (upn ?? h.displayName ?? '(unnamed)')}`;
}

/** The explanation of a record's error or skip, one line, for CSV/JSON. */
export function explanationText(row: LogRow): string {
  const parts: string[] = [];
  const conflict = row.error?.conflict;
  if (conflict) {
    const who = conflict.holders.length > 0 ? `held by ${conflict.holders.map(holderName).join(', ')}` : 'no other cloud object holds it now (it may have been fixed since)';
    parts.push(`${conflict.conflict.property} ${conflict.conflict.value}: ${who}`);
  }
  const e = row.error?.explanation ?? row.skip;
  if (e) parts.push(`${e.meaning}; ${e.fix}`);
  return parts.join('. ');
}

function quarantineLines(jobs: readonly JobNotice[], p: Paint, now?: Date): string {
  let out = '';
  for (const j of jobs) {
    if (!j.quarantine) continue;
    const q = j.quarantine;
    out += `${p.red('QUARANTINE')} ${j.name}${q.since ? ` since ${cycleTime(q.since, now)}` : ''} (${q.reason}): ${q.explanation.meaning}\n`;
    if (q.error) out += `  error: ${q.error}\n`;
    if (q.nextAttempt) out += `  next attempt: ${cycleTime(q.nextAttempt, now)}\n`;
    out += `  → ${q.explanation.fix}\n`;
  }
  return out === '' ? '' : `${out}\n`;
}

const STATUS_WORD: Record<string, string> = { success: 'success', failure: 'FAILED', skipped: 'skipped', warning: 'warning' };
const INDENT = ' '.repeat(12);

function rowLines(row: LogRow, o: LogsCloudRenderOptions): string {
  const p = o.paint;
  const status = STATUS_WORD[row.status] ?? row.status;
  const painted = row.status === 'failure' ? p.red(status) : row.status === 'warning' ? p.yellow(status) : row.status === 'skipped' ? p.dim(status) : p.green(status);
  const dn = row.source?.dn !== undefined && row.source.dn !== row.label ? `  ${p.dim(row.source.dn)}` : '';
  let out = `  ${clockTime(row.time, o.now)}  ${row.action.padEnd(12)} ${painted}${' '.repeat(Math.max(1, 8 - status.length))}${row.label}${dn}\n`;
  const changes = changesText(row);
  if (changes !== '') out += `${INDENT}${changes}\n`;
  if (row.error) {
    out += `${INDENT}${p.red(row.error.code || 'error')}: ${row.error.reason}\n`;
    const details = detailsText(row.error.additionalDetails, row.error.reason, o.ids);
    if (details !== '') out += `${INDENT}details: ${details}\n`;
    if (row.error.recommendedAction) out += `${INDENT}Entra: ${row.error.recommendedAction}\n`;
    const c = row.error.conflict;
    if (c) {
      const who = c.holders.length > 0 ? `is held by ${c.holders.map(holderName).join(', ')}` : 'is held by no other cloud object now (fixed since?)';
      out += `${INDENT}${p.bold(`${c.conflict.property} ${c.conflict.value}`)} ${who}\n`;
    }
    if (row.error.explanation) out += `${INDENT}→ ${row.error.explanation.meaning}; ${row.error.explanation.fix}\n`;
  } else if (row.skip) {
    out += `${INDENT}→ ${row.skip.meaning}; ${row.skip.fix}\n`;
  }
  if (o.ids) out += `${INDENT}${p.dim(idsText(row))}\n`;
  return out;
}

function idsText(row: LogRow): string {
  const r = row.record;
  return `ids: record ${r.id} change ${r.changeId} cycle ${r.cycleId} job ${r.jobId} service principal ${r.servicePrincipal?.id || '-'} source ${r.sourceIdentity?.id || '-'} target ${r.targetIdentity?.id || '-'}`;
}

export function flatRow(row: LogRow, cycleStart: string, ids: boolean): Record<string, string | number> {
  const r = row.record;
  const out: Record<string, string | number> = {
    time: row.time,
    job: row.jobName,
    cycleStart,
    action: row.action,
    status: row.status,
    object: row.label,
    name: row.target?.name ?? row.source?.name ?? '',
    userPrincipalName: row.target?.upn ?? '',
    objectType: row.target?.kind ?? (r.sourceIdentity?.identityType || r.targetIdentity?.identityType || ''),
    sourceDn: row.source?.dn ?? '',
    changes: changesText(row),
    errorCode: row.error?.code ?? '',
    reason: row.error?.reason ?? '',
    additionalDetails: detailsText(row.error?.additionalDetails, row.error?.reason, ids),
    recommendedAction: row.error?.recommendedAction ?? '',
    explanation: explanationText(row),
    durationMs: r.durationInMilliseconds ?? 0,
  };
  if (ids) {
    Object.assign(out, {
      id: r.id,
      changeId: r.changeId,
      cycleId: r.cycleId,
      jobId: r.jobId,
      servicePrincipalId: r.servicePrincipal?.id ?? '',
      sourceId: r.sourceIdentity?.id ?? '',
      targetId: r.targetIdentity?.id ?? '',
    });
  }
  return out;
}

export function renderLogsCloud(result: CloudLogsResult, o: LogsCloudRenderOptions): string {
  const starts = new Map<LogRow, string>();
  for (const c of result.cycles) for (const row of c.rows) starts.set(row, c.start);
  const ordered = result.cycles.flatMap((c) => c.rows);
  // Scripts get one flat record per row (built only for them); people get cycles of records.
  const flat = o.format === 'table' ? [] : ordered.map((row) => flatRow(row, starts.get(row) ?? row.time, o.ids));
  return emit(
    {
      rows: flat,
      csv: (rows) => {
        const header = Object.keys(flatRow(ordered[0] ?? emptyRow(), '', o.ids));
        return toCsv(header, rows.map((x) => header.map((h) => x[h])));
      },
      table: () => {
        let out = quarantineLines(result.jobs, o.paint, o.now);
        if (result.cycles.length === 0) return `${out}no provisioning records match\n${out !== '' ? `\n(times are local, ${utcOffset(o.now)})\n` : ''}`;
        const parts: string[] = [];
        for (const c of result.cycles) parts.push(`${o.paint.bold(summaryLine(c, o.now))}\n${c.rows.map((row) => rowLines(row, o)).join('')}`);
        out += parts.join('\n');
        return `${out}\n(times are local, ${utcOffset(o.now)})\n`;
      },
    },
    o,
  );
}

function emptyRow(): LogRow {
  return {
    record: { id: '', changeId: '', cycleId: '', jobId: '', servicePrincipal: { id: '', displayName: '' }, sourceIdentity: { id: '' }, targetIdentity: { id: '' } } as never,
    time: '',
    jobName: '',
    action: 'other',
    status: 'success',
    label: '',
    changes: [],
  };
}

/** Graph's own message (additionalDetails) when it adds to the reason; its request id only with --ids. */
function detailsText(details: string | undefined, reason: string | undefined, ids: boolean): string {
  if (details === undefined || details.trim() === '' || details === reason) return '';
  return ids ? details : details.replace(/[\s,;]*request-id:? [0-9a-f-]{36}/gi, '').trim();
}

/** The closing line on stderr: what was read, filtered, paced and looked up. */
export function statsLine(result: CloudLogsResult): string {
  const s = result.stats;
  return (
    `${result.rows.length} record(s) in ${result.cycles.length} cycle(s)${result.rows.length !== s.records ? ` (${s.records} read, the rest filtered out)` : ''}; ` +
    `${s.requests} log request(s)${s.pacerWaitMs > 0 ? `, ${(s.pacerWaitMs / 1000).toFixed(1)} s paced for the reports throttle` : ''}, ${s.lookups} name lookup(s)${s.adSearches > 0 ? `, ${s.adSearches} AD search(es)` : ''}`
  );
}
