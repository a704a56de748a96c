/**
 * Renders a sync plan and the result of applying it: a table for people (creates, updates with
 * old → new, adopts, disables, deletes, restores, membership changes, counts), one JSON document,
 * NDJSON lines (one per operation, then one per result) or CSV rows. Field names: docs/sync.md.
 */
import type { ApplyResult, OperationResult } from '../../../sync/apply/apply.js';
import type { Change, ObjectRef, Operation, Plan, PlanWarning, PropertyValue, SkippedObject } from '../../../sync/types.js';
import { toCsv } from '../../output/csv.js';
import { emit, type EmitOptions } from '../../output/emit.js';
import { renderTable } from '../../output/table.js';

export interface PlanRenderOptions extends EmitOptions {
  /** Whether the plan is being applied (the table says "nothing changed" otherwise). */
  readonly applying?: boolean;
  /** Every row in the table (`--full`); otherwise a plan longer than PLAN_TABLE_ROWS shows its first rows and the counts. */
  readonly full?: boolean;
}

/** Rows a plan's table shows without --full: enough to review, not 5,000 screens. */
export const PLAN_TABLE_ROWS = 200;

const show = (v: PropertyValue | undefined): string => {
  if (v === undefined || v === null) return '(none)';
  if (Array.isArray(v)) return v.length === 0 ? '(none)' : v.join('; ');
  return String(v);
};

/** How people name an object: UPN, else display name, else DN, else the cloud id. */
export function refName(r: ObjectRef): string {
  return r.upn ?? r.displayName ?? r.dn ?? r.cloudId ?? r.anchor ?? '?';
}

function changeLines(changes: readonly Change[] | undefined, arrow: boolean): string[] {
  return (changes ?? []).map((c) => (arrow ? `${c.attribute}: ${show(c.old)} → ${show(c.new)}` : `${c.attribute}: ${show(c.new)}`));
}

/** One operation's change column as text lines. */
export function describeOperation(op: Operation): string[] {
  switch (op.action) {
    case 'create':
      return changeLines(op.changes, false);
    case 'restore':
      return [`restore the soft-deleted ${op.kind} ${op.cloudId}`];
    case 'adopt':
      return [`soft match on ${op.matchedOn} (cloud ${op.kind} ${op.cloudId})`, ...changeLines(op.changes, true)];
    case 'update':
    case 'disable':
      return changeLines(op.changes, true).concat(op.action === 'disable' && (op.changes ?? []).length === 0 ? ['accountEnabled → false'] : []);
    case 'delete':
      return [op.kind === 'user' ? 'soft delete (restorable for 30 days)' : 'delete (security groups are deleted for good)'];
    case 'set-manager':
      return [`manager: ${op.oldManagerId ?? '(none)'} → ${op.manager ? refName(op.manager) : '?'}`];
    case 'remove-manager':
      return [`manager: ${op.oldManagerId ?? '(none)'} → (none)`];
    case 'add-member':
      return [`+ member ${refName(op.member)}`];
    case 'remove-member':
      return [`- member ${refName(op.member)}`];
  }
}

const ACTION_ORDER = ['create', 'restore', 'adopt', 'update', 'set-manager', 'remove-manager', 'add-member', 'remove-member', 'disable', 'delete'] as const;

/** "3 create, 1 update, 2 add-member (40 unchanged)". */
export function countsLine(plan: Plan): string {
  const parts = ACTION_ORDER.filter((a) => plan.counts[a] > 0).map((a) => `${plan.counts[a]} ${a}`);
  const body = parts.length > 0 ? parts.join(', ') : 'no changes';
  return `${body} (${plan.counts.unchanged} unchanged${plan.skipped.length > 0 ? `, ${plan.skipped.length} skipped` : ''})`;
}

function opJson(op: Operation, result?: OperationResult): Record<string, unknown> {
  return { ...op, ...(result !== undefined ? { result: resultJson(result) } : {}) };
}

function resultJson(r: OperationResult): Record<string, unknown> {
  return {
    seq: r.seq,
    action: r.action,
    status: r.status,
    ...(r.httpStatus !== undefined ? { httpStatus: r.httpStatus } : {}),
    ...(r.requestId !== undefined ? { requestId: r.requestId } : {}),
    ...(r.cloudId !== undefined ? { cloudId: r.cloudId } : {}),
    ...(r.attempts !== undefined ? { attempts: r.attempts } : {}),
    ...(r.error !== undefined ? { error: r.error } : {}),
    ...(r.note !== undefined ? { note: r.note } : {}),
  };
}

/** The plan's summary fields (no per-object data), shared by JSON and NDJSON. */
function summaryJson(plan: Plan): Record<string, unknown> {
  return {
    createdAt: plan.createdAt,
    ...(plan.tenant !== undefined ? { tenant: plan.tenant } : {}),
    ...(plan.scopeKey !== undefined ? { scopeKey: plan.scopeKey } : {}),
    scope: plan.scope,
    options: plan.options,
    source: { description: plan.source.description, complete: plan.source.complete, counts: plan.source.counts, ...(plan.source.incompleteReason ? { incompleteReason: plan.source.incompleteReason } : {}) },
    counts: plan.counts,
    guards: plan.guards,
    withheldRemovals: plan.withheldRemovals,
  };
}

/** A line of the plan's NDJSON: its operations, then the objects it leaves alone, then its warnings (CSV has no warnings). */
type PlanRow = { readonly op: Operation } | { readonly skipped: SkippedObject } | { readonly warning: PlanWarning };

const CSV_HEADER = ['SEQ', 'ACTION', 'KIND', 'DISTINGUISHEDNAME', 'USERPRINCIPALNAME', 'DISPLAYNAME', 'CLOUDID', 'CHANGES', 'STATUS', 'HTTPSTATUS', 'REQUESTID', 'ERROR'];

/** The plan (and, when applied, the result) in the chosen format. */
export function renderSync(plan: Plan, result: ApplyResult | undefined, o: PlanRenderOptions): string {
  const bySeq = new Map((result?.results ?? []).map((r) => [r.seq, r]));
  const rows: PlanRow[] = [...plan.operations.map((op) => ({ op })), ...plan.skipped.map((skipped) => ({ skipped })), ...plan.warnings.map((warning) => ({ warning }))];
  return emit(
    {
      rows,
      json: {
        plan: { ...summaryJson(plan), operations: plan.operations.map((op) => opJson(op, bySeq.get(op.seq))), skipped: plan.skipped, warnings: plan.warnings },
        applied: result !== undefined,
        ...(result !== undefined ? { result: { outcome: result.outcome, counts: result.counts } } : {}),
      },
      ndjson: {
        line: (r) => ('op' in r ? { type: 'operation', ...opJson(r.op, bySeq.get(r.op.seq)) } : 'skipped' in r ? { type: 'skipped', ...r.skipped } : { type: 'warning', ...r.warning }),
        trailer: { type: 'summary', ...summaryJson(plan), applied: result !== undefined, ...(result !== undefined ? { outcome: result.outcome, result: result.counts } : {}) },
      },
      csv: (all) =>
        toCsv(
          CSV_HEADER,
          all.flatMap((r) => {
            if ('op' in r) {
              const { op } = r;
              const res = bySeq.get(op.seq);
              return [[op.seq, op.action, op.kind, op.dn, op.upn, op.displayName, res?.cloudId ?? op.cloudId, describeOperation(op).join('; '), res?.status ?? 'planned', res?.httpStatus, res?.requestId, res?.error?.message ?? res?.note]];
            }
            if ('skipped' in r) {
              const s = r.skipped;
              return [['', 'skip', s.kind, s.dn, s.upn, s.displayName, s.cloudId, `${s.rule}: ${s.reason}`, 'skipped', '', '', '']];
            }
            return [];
          }),
        ),
      table: () => renderPlanTable(plan, result, o),
      markdown: {
        heading: result === undefined ? 'cloudsync sync: plan' : 'cloudsync sync: result',
        rows: rows.filter((r) => !('warning' in r)),
        columns: [
          { header: '#', cell: (r) => ('op' in r ? r.op.seq : '') },
          { header: 'Action', cell: (r) => ('op' in r ? r.op.action : 'skip') },
          { header: 'Object', cell: (r) => ('op' in r ? `${r.op.kind} ${refName(r.op)}` : 'skipped' in r ? `${r.skipped.kind} ${refName(r.skipped)}` : '') },
          { header: 'Change', cell: (r) => ('op' in r ? describeOperation(r.op).join('; ') : 'skipped' in r ? `${r.skipped.rule}: ${r.skipped.reason}` : '') },
          ...(result !== undefined ? [{ header: 'Result', cell: (r: PlanRow) => ('op' in r ? (bySeq.get(r.op.seq)?.status ?? 'not run') : '') }] : []),
        ],
        summary:
          `**Plan:** ${countsLine(plan)}` +
          (result !== undefined ? `<br>**Result:** ${result.outcome}: ${result.counts.succeeded} succeeded, ${result.counts.failed} failed, ${result.counts.skipped} skipped` : ''),
      },
    },
    o,
  );
}

/** After the plan table was shown: only the operations' results (failures first) and the totals. */
export function renderResultOnly(plan: Plan, result: ApplyResult, o: PlanRenderOptions): string {
  const failedSeqs = new Set(result.results.filter((r) => r.status !== 'success').map((r) => r.seq));
  const subset: Plan = { ...plan, operations: plan.operations.filter((op) => failedSeqs.has(op.seq)), skipped: [] };
  const text = renderSync(subset, result, { ...o, format: 'table', applying: true, full: true });
  // The subset's own counts line would describe only the failures: keep the result line.
  return text
    .split('\n')
    .filter((l) => !l.startsWith('Source ') && !l.startsWith('Plan: '))
    .join('\n');
}

function renderPlanTable(plan: Plan, result: ApplyResult | undefined, o: PlanRenderOptions): string {
  const p = o.paint;
  const colour = (action: string): string =>
    action === 'delete' || action === 'disable' || action === 'remove-member' || action === 'remove-manager'
      ? p.red(action)
      : action === 'create' || action === 'restore' || action === 'add-member'
        ? p.green(action)
        : action === 'skip'
          ? p.dim(action)
          : p.yellow(action);
  const status = (r: OperationResult | undefined): string => {
    if (r === undefined) return result === undefined ? '' : p.dim('not run');
    const text = r.status === 'failed' ? `failed${r.httpStatus ? ` ${r.httpStatus}` : ''}: ${r.error?.message ?? ''}` : r.note ? `${r.status} (${r.note})` : r.status;
    return r.status === 'success' ? p.green(text) : r.status === 'failed' ? p.red(text) : p.yellow(text);
  };
  const bySeq = new Map((result?.results ?? []).map((r) => [r.seq, r]));
  const header = ['#', 'Action', 'Object', 'Change', ...(result !== undefined ? ['Result'] : [])];
  const rows = plan.operations.map((op) => [op.seq, colour(op.action), `${op.kind} ${refName(op)}${op.dn && op.upn ? `\n${op.dn}` : ''}`, describeOperation(op).join('\n'), ...(result !== undefined ? [status(bySeq.get(op.seq))] : [])]);
  for (const s of plan.skipped) rows.push(['', colour('skip'), `${s.kind} ${refName(s)}`, `${s.rule}: ${s.reason}`, ...(result !== undefined ? [''] : [])]);
  const src = plan.source.counts;
  let out = `Source ${plan.source.description}: ${src.users} users, ${src.groups} groups in scope, ${src.excluded} excluded (${src.read} read)\n`;
  const hidden = o.full === true ? 0 : Math.max(0, rows.length - PLAN_TABLE_ROWS);
  if (hidden > 0) rows.length = PLAN_TABLE_ROWS;
  if (rows.length > 0) out += renderTable(header, rows, { color: p.enabled, ...(o.width !== undefined ? { width: o.width, weights: result !== undefined ? [1, 3, 10, 12, 6] : [1, 3, 10, 14] } : {}) });
  if (hidden > 0) out += `… ${hidden} more rows not shown: --full lists them all (-o json and -o csv are always complete)\n`;
  out += `Plan: ${countsLine(plan)}${result === undefined && !o.applying && plan.operations.length > 0 ? ' — nothing changed yet' : ''}\n`;
  if (result !== undefined) {
    const c = result.counts;
    out += `Result: ${result.outcome}: ${c.succeeded} succeeded, ${c.failed} failed, ${c.skipped} skipped${c.notRun > 0 ? `, ${c.notRun} not run` : ''}\n`;
  }
  return out;
}
