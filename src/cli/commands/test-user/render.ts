/**
 * `cloudsync test-user` for people: the six steps (import, scope, validation, match, attribute
 * flow, action) one after the other, then Graph's answer when the action was applied.
 */
import type { ApplyResult } from '../../../sync/apply/apply.js';
import type { TestUserResult } from '../../../sync/explain/test-user.js';
import type { PropertyValue } from '../../../sync/types.js';
import { toCsv } from '../../output/csv.js';
import { emit, markdownOf, type Column, type EmitOptions } from '../../output/emit.js';
import type { Paint } from '../../output/paint.js';
import { renderTable } from '../../output/table.js';
import { describeOperation } from '../sync/render.js';

const show = (v: PropertyValue | 'ignored' | undefined): string => {
  if (v === undefined) return '';
  if (v === null) return '(none)';
  if (Array.isArray(v)) return v.length === 0 ? '(none)' : v.join('; ');
  return String(v);
};

/** A flow value in CSV: lists joined with "; ", null as (none). */
function text(v: unknown): string {
  if (v === undefined) return '';
  if (v === null) return '(none)';
  return Array.isArray(v) ? v.join('; ') : String(v);
}

type Flow = TestUserResult['steps']['flow'][number];

/**
 * test-user's answer: the steps for people (table), the attribute flow as CSV, and Graph's
 * provisioningObjectSummary shape as JSON (one line in NDJSON).
 */
export function renderTestUserResult(r: TestUserResult, applied: ApplyResult | undefined, summary: unknown, o: EmitOptions & { allAttributes?: boolean }): string {
  if (o.format === 'markdown') return markdownTestUser(r, applied, o.allAttributes === true);
  return emit<unknown>(
    {
      rows: [summary],
      json: summary,
      csv: () =>
        toCsv(
          ['TARGET', 'EXPRESSION', 'RESULT', 'WRITTEN', 'ENTRA', 'CHANGED', 'ERROR'],
          r.steps.flow.map((f: Flow) => [f.target, f.expression, text(f.result), text(f.written), text(f.cloudValue), f.changed ? 'yes' : 'no', f.error]),
        ),
      table: () => renderTestUser(r, applied, { paint: o.paint, allAttributes: o.allAttributes === true, ...(o.width !== undefined ? { width: o.width } : {}) }),
    },
    o,
  );
}

/** Markdown: the attribute flow (the rows the table shows) and the action as the summary line. */
function markdownTestUser(r: TestUserResult, applied: ApplyResult | undefined, all: boolean): string {
  const columns: Column<Flow>[] = [
    { header: 'Target', cell: (f) => f.target },
    { header: 'Result', cell: (f) => show(f.result) },
    { header: 'In Entra', cell: (f) => show(f.cloudValue) },
    { header: 'Changed', cell: (f) => (f.error !== undefined ? `error: ${f.error}` : f.changed ? 'yes' : '') },
  ];
  const s = r.steps;
  const result = applied !== undefined ? `; applied: ${applied.outcome}` : '';
  return markdownOf(`cloudsync test-user: ${r.dn}`, columns, shownFlow(s.flow, all), `**${s.action.action}:** ${s.action.reason}${result}`);
}

/** Attributes listed in the import step; the rest is in --output json. */
const IMPORT_SHOWN = ['objectClass', 'objectGUID', 'mS-DS-ConsistencyGuid', 'userPrincipalName', 'sAMAccountName', 'displayName', 'mail', 'userAccountControl', 'member', 'memberOf', 'manager'];

/** A value worth a row in the attribute flow: not (none), an empty list or a flow Entra ignores. */
const isSet = (v: PropertyValue | 'ignored' | undefined): boolean => v !== undefined && v !== null && v !== 'ignored' && !(Array.isArray(v) && v.length === 0);

/** The flow rows people look at: a value set on either side, a change or an error (all of them with --all-attributes). */
function shownFlow(flow: readonly Flow[], all: boolean): Flow[] {
  return all ? [...flow] : flow.filter((f) => f.changed || f.error !== undefined || isSet(f.result) || isSet(f.written) || isSet(f.cloudValue));
}

export function renderTestUser(r: TestUserResult, applied: ApplyResult | undefined, o: { paint: Paint; width?: number; allAttributes?: boolean }): string {
  const p = o.paint;
  const s = r.steps;
  const table = (head: string[], rows: (string | number | undefined)[][], weights?: number[]) =>
    renderTable(head, rows, { color: p.enabled, ...(o.width !== undefined ? { width: o.width, ...(weights ? { weights } : {}) } : {}) });
  const out: string[] = [];
  const h = (n: number, title: string) => out.push(`${p.bold(`${n}. ${title}`)}\n`);

  h(1, 'Import');
  out.push(`${r.dn}\n`);
  if (s.import.problem !== undefined) out.push(`${p.red('cannot be synchronised')}: ${s.import.problem}\n`);
  else out.push(`${s.import.kind}, source anchor ${s.import.anchor} (from ${s.import.anchorSource})${s.import.objectGuid ? `, objectGUID ${s.import.objectGuid}` : ''}\n`);
  const lower = new Map(Object.keys(s.import.attributes).map((k) => [k.toLowerCase(), k]));
  const shown = IMPORT_SHOWN.flatMap((n) => {
    const k = lower.get(n.toLowerCase());
    return k === undefined ? [] : [[k, s.import.attributes[k]!.join('\n')]];
  });
  if (shown.length > 0) out.push(table(['Attribute', 'Value'], shown, [1, 3]));
  out.push(`${Object.keys(s.import.attributes).length} attributes read (all of them in --output json)\n\n`);

  h(2, 'Scope');
  out.push(`${s.scope.inScope ? p.green('in scope') : p.yellow('out of scope')} (${s.scope.rule}): ${s.scope.reason}\n\n`);

  h(3, 'Validation');
  if (s.validation.findings.length === 0) out.push('no findings\n\n');
  else {
    out.push(table(['Severity', 'Rule', 'Attribute', 'Message'], s.validation.findings.map((f) => [f.severity === 'error' ? p.red(f.severity) : p.yellow(f.severity), f.ruleId, f.attribute, f.message]), [1, 2, 2, 6]));
    out.push('\n');
  }

  h(4, 'Match');
  if (s.match === undefined) out.push('not matched (the object is not synchronised)\n\n');
  else {
    out.push(`${s.match.how}${s.match.cloudId ? `: ${s.match.cloudName ?? ''} (${s.match.cloudId})` : ''} — ${s.match.reason}\n`);
    if (s.match.skip) out.push(`${p.yellow('left alone')} (${s.match.skip.rule}): ${s.match.skip.reason}\n`);
    out.push('\n');
  }

  h(5, 'Attribute flow');
  const flow = shownFlow(s.flow, o.allAttributes === true);
  const unset = s.flow.length - flow.length;
  if (flow.length === 0) out.push(unset > 0 ? `(none set)\n${unset} mapped attributes without a value on either side and no change (--all-attributes to list them)\n\n` : '(none)\n\n');
  else {
    out.push(
      table(
        ['Target', 'Expression', 'Source values', 'Result', 'In Entra', 'Changed'],
        flow.map((f) => [
          `${f.target}${f.applyOn === 'create' ? '\n(on create)' : ''}`,
          f.expression,
          Object.entries(f.sourceValues)
            .map(([k, v]) => `${k}: ${v.length === 0 ? '(none)' : v.join('; ')}`)
            .join('\n'),
          f.error !== undefined ? p.red(`error: ${f.error}`) : `${show(f.result)}${f.written !== undefined ? `\nwritten: ${show(f.written)}` : ''}`,
          show(f.cloudValue),
          f.changed ? p.yellow('yes') : 'no',
        ]),
        [3, 5, 4, 4, 3, 1],
      ),
    );
    if (unset > 0) out.push(`${unset} more mapped attributes without a value on either side and no change (--all-attributes to list them)\n`);
    out.push('\n');
  }
  if (r.members !== undefined) out.push(`members: ${r.members.ad} in AD${r.members.cloud !== undefined ? `, ${r.members.cloud} in Entra` : ''} (memberships are synchronised by cloudsync sync)\n\n`);

  h(6, 'Action');
  out.push(`${s.action.action}: ${s.action.reason}\n`);
  if (s.action.operations.length > 0) {
    const bySeq = new Map((applied?.results ?? []).map((x) => [x.seq, x]));
    out.push(
      table(
        ['#', 'Action', 'Change', ...(applied ? ['Graph answer'] : [])],
        s.action.operations.map((op) => {
          const res = bySeq.get(op.seq);
          const answer = res === undefined ? '' : `${res.status}${res.httpStatus !== undefined ? ` ${res.httpStatus}` : ''}${res.cloudId ? ` id ${res.cloudId}` : ''}${res.requestId ? `\nrequest-id ${res.requestId}` : ''}${res.error ? `\n${res.error.message}` : ''}${res.note ? `\n${res.note}` : ''}`;
          return [op.seq, op.action, describeOperation(op).join('\n'), ...(applied ? [res?.status === 'failed' ? p.red(answer) : answer] : [])];
        }),
        applied ? [1, 2, 6, 4] : [1, 2, 8],
      ),
    );
    if (!applied) out.push(`not applied: run again with --apply to make ${s.action.operations.length === 1 ? 'this change' : 'these changes'}\n`);
  }
  for (const w of r.warnings) out.push(`${p.yellow('warning:')} ${w}\n`);
  return out.join('');
}
