/**
 * Renders `cloudsync logs show`: one row per operation with its final status, the object named by
 * DN, UPN and display name (ids only with --ids), and its changes as attribute: old → new.
 */
import type { Change, ObjectRef, PropertyValue } from '../../../../sync/types.js';
import type { OperationRow, RunNote, RunSummary } from '../../../../logs/runs/types.js';
import { toCsv } from '../../../output/csv.js';
import { emit } from '../../../output/emit.js';
import type { Paint } from '../../../output/paint.js';
import { duration, type RenderOptions } from '../list/render.js';
import { clockTime, localTime, utcOffset } from '../../../output/time.js';
import { renderTable } from '../../../output/table.js';

export interface ShowOptions extends RenderOptions {
  readonly ids: boolean;
}

const value = (v: PropertyValue | undefined): string => {
  if (v === undefined || v === null) return '(none)';
  if (Array.isArray(v)) return v.length === 0 ? '(none)' : v.join(', ');
  return String(v);
};

export const changeText = (c: Change, create: boolean): string => (create ? `${c.attribute}: ${value(c.new)}` : `${c.attribute}: ${value(c.old)} → ${value(c.new)}`);

function refText(r: ObjectRef): string {
  const names = [r.upn, r.displayName !== r.upn ? r.displayName : undefined, r.dn].filter((x): x is string => x !== undefined && x !== '');
  return names.length > 0 ? names.join(' | ') : `(${r.kind} without a name)`;
}

/** The change column: attribute changes, member or manager, soft-match. */
export function rowChanges(r: OperationRow): string[] {
  const lines: string[] = [];
  if (r.matchedOn !== undefined) lines.push(`matched on ${r.matchedOn}`);
  if (r.member !== undefined) lines.push(`${r.action === 'remove-member' ? '- member' : '+ member'} ${refText(r.member)}`);
  if (r.manager !== undefined) lines.push(`manager → ${refText(r.manager)}`);
  if (r.action === 'remove-manager') lines.push('manager → (none)');
  for (const c of r.changes ?? []) lines.push(changeText(c, r.action === 'create'));
  if (r.action === 'delete') lines.push(r.kind === 'user' ? 'soft delete' : 'delete');
  return lines;
}

function statusText(r: OperationRow, paint: Paint): string {
  switch (r.status) {
    case 'success':
      return paint.green(r.status);
    case 'failed':
    case 'unknown':
      return paint.red(r.status);
    case 'skipped':
    case 'not-run':
      return paint.yellow(r.status);
    default:
      return r.status;
  }
}

const detail = (r: OperationRow): string => [r.error, r.note].filter((x) => x !== undefined).join('; ');

function memberId(r: OperationRow): string | undefined {
  const ref = r.member ?? r.manager;
  return ref?.cloudId ?? ref?.anchor;
}

export const CSV_HEADER = ['OP', 'TIME', 'ACTION', 'KIND', 'DN', 'UPN', 'DISPLAY_NAME', 'STATUS', 'CHANGES', 'MEMBER_OR_MANAGER', 'ERROR', 'NOTE', 'HTTP_STATUS', 'REQUEST_ID'];
const CSV_IDS = ['ANCHOR', 'CLOUD_ID', 'MEMBER_OR_MANAGER_ID'];

export function csvHeader(ids: boolean): string {
  return toCsv(ids ? [...CSV_HEADER, ...CSV_IDS] : CSV_HEADER, []);
}

/** RFC 4180 as toCsv writes it (CRLF, quoted when needed), by hand: CSV of 100,000 rows is the hot path. */
function csvField(v: string | number | undefined): string {
  if (v === undefined) return '';
  const t = String(v);
  return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

export function csvRows(rows: readonly OperationRow[], ids: boolean): string {
  let out = '';
  for (const r of rows) {
    const ref = r.member ?? r.manager;
    const fields = [
      r.op, r.time, r.action, r.kind, r.dn, r.upn, r.displayName, r.status,
      (r.changes ?? []).map((c) => changeText(c, r.action === 'create')).join('; '),
      ref !== undefined ? refText(ref) : undefined,
      r.error, r.note, r.httpStatus, r.requestId,
      ...(ids ? [r.anchor, r.cloudId, memberId(r)] : []),
    ];
    out += fields.map(csvField).join(',') + '\r\n';
  }
  return out;
}

export function tableRows(rows: readonly OperationRow[], o: ShowOptions): string {
  const header = ['#', 'Action', 'Object (DN | UPN | name)', 'Changes', 'Status', 'Error / note', ...(o.ids ? ['Anchor', 'Cloud id'] : [])];
  const body = rows.map((r) => [
    r.op,
    `${r.action} ${r.kind}`,
    [r.dn, r.upn, r.displayName].filter((x) => x !== undefined).join('\n') || '?',
    rowChanges(r).join('\n'),
    statusText(r, o.paint),
    detail(r),
    ...(o.ids ? [r.anchor, [r.cloudId, memberId(r) ? `member/manager ${memberId(r)}` : undefined].filter(Boolean).join('\n')] : []),
  ]);
  return renderTable(header, body, { color: o.paint.enabled, ...(o.width !== undefined ? { width: o.width, weights: o.ids ? [1, 2, 5, 5, 2, 4, 3, 3] : [1, 2, 5, 5, 2, 4] } : {}) });
}

/** One line per operation, for --follow in table format. */
export function followLine(r: OperationRow, o: ShowOptions): string {
  const who = [r.upn, r.displayName, r.dn].filter((x) => x !== undefined).join(' | ');
  const changes = rowChanges(r).join('; ');
  const d = detail(r);
  const ids = o.ids ? ` [${[r.anchor, r.cloudId].filter(Boolean).join(' ')}]` : '';
  return `${clockTime(r.time)}  #${r.op} ${r.action} ${r.kind} ${who}${ids}  ${statusText(r, o.paint)}${changes ? `  ${changes}` : ''}${d ? `  (${d})` : ''}\n`;
}

export function runHeader(s: RunSummary): string {
  const counts = s.results !== undefined ? Object.entries(s.results).map(([k, n]) => `${k} ${n}`).join(', ') : undefined;
  const end =
    s.state === 'running'
      ? 'still running'
      : s.state === 'interrupted'
        ? 'INTERRUPTED (no run-end line: the process was killed or crashed)'
        : `outcome ${s.outcome}${s.exitCode !== undefined ? ` (exit ${s.exitCode})` : ''}`;
  return `Run ${s.runId}: ${s.command} ${s.mode} (${s.read}) of ${s.scope || s.scopeKey}${s.tenant ? ` in ${s.tenant}` : ''}, started ${localTime(s.start)} (${utcOffset()}), ${duration(s.durationMs)}; ${end}${counts ? `; ${counts}` : ''}${s.message ? `; ${s.message}` : ''}\n`;
}

export function notesText(notes: readonly RunNote[]): string {
  return notes.map((n) => `${n.type}: ${n.dn ? `${n.dn}: ` : ''}${n.message}\n`).join('');
}

/** Above this many rows the table is one line per operation: a boxed table of thousands of rows is slow to draw and to read. */
export const TABLE_MAX_ROWS = 500;

export function renderShow(summary: RunSummary, rows: readonly OperationRow[], notes: readonly RunNote[], o: ShowOptions): string {
  return emit(
    {
      rows,
      json: { run: summary, operations: rows, notes },
      csv: (all) => csvHeader(o.ids) + csvRows(all, o.ids),
      table: (all) =>
        runHeader(summary) +
        (all.length === 0 ? 'No operations match.\n' : all.length > TABLE_MAX_ROWS ? all.map((r) => followLine(r, o)).join('') : tableRows(all, o)) +
        (notes.length > 0 ? '\n' + notesText(notes) : ''),
      markdown: {
        heading: `cloudsync logs show: run ${summary.runId}`,
        columns: [
          { header: '#', cell: (r) => r.op },
          { header: 'Action', cell: (r) => `${r.action} ${r.kind}` },
          { header: 'Object', cell: (r) => [r.dn, r.upn, r.displayName].filter((x) => x !== undefined).join(' / ') || '?' },
          { header: 'Changes', cell: (r) => rowChanges(r).join('; ') },
          { header: 'Status', cell: (r) => r.status },
          { header: 'Error / note', cell: detail },
        ],
        summary: runHeader(summary).trimEnd(),
      },
    },
    o,
  );
}
