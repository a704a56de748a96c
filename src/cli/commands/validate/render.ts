import type { Finding } from '../../../validate/findings.js';
import type { ValidateResult } from '../../../validate/run.js';
import { toCsv } from '../../output/csv.js';
import { emit, type EmitOptions } from '../../output/emit.js';
import { COMPACT_BELOW, renderTable } from '../../output/table.js';
import { wrapCell } from '../../output/wrap.js';
import type { Paint } from '../../output/paint.js';

/** IdFix's export header, exactly (ACTION is left empty for the user to fill in). */
export const IDFIX_CSV_HEADER = [
  'DISTINGUISHEDNAME',
  'COMMONNAME',
  'OBJECTCLASS',
  'ATTRIBUTE',
  'ERROR',
  'VALUE',
  'UPDATE',
  'PROPOSEDACTION',
  'ACTION',
] as const;
const ENTRA_CSV_EXTRA = ['RULE', 'SEVERITY', 'MESSAGE', 'RELATED'] as const;

/** The stable JSON shape of one finding (docs/validate.md). */
export function findingJson(f: Finding): Record<string, unknown> {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    dn: f.dn,
    cn: f.cn,
    objectClass: f.objectClass,
    attribute: f.attribute,
    value: f.value ?? null,
    message: f.message,
    suggestedValue: f.suggestedValue ?? null,
    proposedAction: f.proposedAction ?? null,
    idfixErrors: f.idfixErrors ?? [],
    related: f.related ?? [],
  };
}

function errorText(f: Finding): string {
  return f.idfixErrors && f.idfixErrors.length > 0 ? f.idfixErrors.join(', ') : f.ruleId;
}

function idfixRow(f: Finding): string[] {
  return [f.dn, f.cn, f.objectClass, f.attribute, errorText(f), f.value ?? '', f.suggestedValue ?? '', f.proposedAction ?? '', ''];
}

const UTF8_BOM = '\uFEFF';

export type RenderContext = EmitOptions;

export function renderValidateResult(r: ValidateResult, ctx: RenderContext): string {
  return emit(
    {
      rows: r.findings,
      json: { summary: r.summary, findings: r.findings.map(findingJson), ...(r.matches ? { matches: r.matches } : {}) },
      ndjson: { line: (f) => ({ type: 'finding', ...findingJson(f) }), trailer: { type: 'summary', ...r.summary } },
      // A UTF-8 byte-order mark: this is the CSV a person opens in Excel to fill in ACTION, and
      // without it Excel reads UTF-8 as the ANSI code page (`Carl Ã˜konom`). `fix` skips it.
      csv: (findings) =>
        UTF8_BOM +
        (r.summary.rules === 'idfix'
          ? toCsv(IDFIX_CSV_HEADER, findings.map(idfixRow))
          : toCsv(
              [...IDFIX_CSV_HEADER, ...ENTRA_CSV_EXTRA],
              findings.map((f) => [...idfixRow(f), f.ruleId, f.severity, f.message, (f.related ?? []).join('; ')]),
            )),
      table: () => renderFindingsTable(r, ctx),
      markdown: {
        heading: 'cloudsync validate',
        columns: [
          { header: 'Object', cell: (f) => f.dn },
          { header: 'Attribute', cell: (f) => f.attribute },
          { header: 'Value', cell: (f) => f.value ?? '(missing)' },
          { header: 'Severity', cell: (f) => f.severity },
          { header: 'Problem', cell: (f) => f.message },
          { header: 'Suggested value', cell: (f) => f.suggestedValue ?? '' },
        ],
        summary: summaryLine(r),
      },
    },
    ctx,
  );
}

function renderFindingsTable(r: ValidateResult, ctx: RenderContext): string {
  const { paint } = ctx;
  const s = r.summary;
  let out = '';
  if (r.findings.length > 0) {
    const groups = new Map<string, { rule: string; severity: string; attribute: string; count: number; objects: Set<string> }>();
    for (const f of r.findings) {
      const key = `${f.ruleId}\u0000${f.attribute}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { rule: f.ruleId, severity: f.severity, attribute: f.attribute, count: 0, objects: new Set() }));
      g.count++;
      g.objects.add(f.dn);
    }
    const summaryRows = [...groups.values()]
      .sort((a, b) => (a.severity === b.severity ? b.count - a.count : a.severity === 'error' ? -1 : 1))
      .map((g) => [g.rule, sev(g.severity, paint), g.attribute, g.count, g.objects.size]);
    out += paint.bold('Findings by rule and attribute') + '\n';
    out += renderTable(['Rule', 'Severity', 'Attribute', 'Findings', 'Objects'], summaryRows, { color: paint.enabled, ...(ctx.width !== undefined ? { width: ctx.width } : {}) });
    out += '\n' + paint.bold('Details') + '\n';
    if (ctx.width !== undefined && ctx.width < COMPACT_BELOW) {
      out += r.findings.map((f) => findingBlock(f, ctx.width!, paint)).join('');
    } else {
      const detailRows = r.findings.map((f) => [f.dn, f.attribute, f.value ?? '(missing)', f.severity, f.message, f.suggestedValue ?? '']);
      out += renderTable(['Object', 'Attribute', 'Value', 'Severity', 'Problem', 'Suggested value'], detailRows, {
        color: paint.enabled,
        ...(ctx.width !== undefined ? { width: ctx.width, weights: [3, 1.5, 2.2, 0.9, 4.2, 2] } : {}),
      });
    }
    out += '\n';
  }
  const verdict =
    s.errors > 0
      ? paint.red(`${s.errors} error(s)`) + (s.warnings > 0 ? `, ${paint.yellow(`${s.warnings} warning(s)`)}` : '')
      : s.warnings > 0
        ? paint.yellow(`${s.warnings} warning(s)`)
        : paint.green('no problems found');
  out +=
    `${verdict} in ${s.objectsWithFindings} of ${s.objectsValidated} object(s) validated ` +
    `(${s.objectsRead} read, ${s.objectsSkipped} skipped as IdFix skips them; rules: ${s.rules}; ${s.durationMs} ms)\n`;
  if (s.matchCounts) {
    const m = s.matchCounts;
    out += `Against the tenant: ${m.hard} hard match(es), ${m['soft-upn']} soft match(es) on UPN, ${m['soft-smtp']} on primary SMTP, ${m.new} new object(s)` +
      (s.directoryQuota ? `; directory quota ${s.directoryQuota.used}/${s.directoryQuota.total}` : '') + '\n';
  }
  if (s.rules === 'entra' && !s.verifiedDomainsChecked) {
    out += paint.dim('UPN suffixes were not checked against the tenant: configure Entra credentials (docs/authentication.md) or pass --verified-domains a.com,b.com') + '\n';
  }
  return out;
}

/** The summary line without colours (markdown). */
export function summaryLine(r: ValidateResult): string {
  const s = r.summary;
  const verdict = s.errors > 0 ? `${s.errors} error(s)${s.warnings > 0 ? `, ${s.warnings} warning(s)` : ''}` : s.warnings > 0 ? `${s.warnings} warning(s)` : 'no problems found';
  return `**${verdict}** in ${s.objectsWithFindings} of ${s.objectsValidated} object(s) validated (${s.objectsRead} read, ${s.objectsSkipped} skipped; rules: ${s.rules})`;
}

function sev(s: string, paint: Paint): string {
  return s === 'error' ? paint.red('error') : paint.yellow('warning');
}

/**
 * A narrow terminal's view of one finding (instead of six cramped columns): the object, then
 * indented "severity attribute: value", the problem and the suggested value, wrapped on words.
 */
function findingBlock(f: Finding, width: number, paint: Paint): string {
  const indent = (text: string): string[] => wrapCell(text, width - 2).split('\n').map((l) => `  ${l}`);
  const head = `${f.attribute}: ${f.value ?? '(missing)'}`;
  const [first = '', ...rest] = indent(`${f.severity} ${head}`);
  return [
    ...wrapCell(f.dn, width).split('\n').map((l) => paint.bold(l)),
    `  ${sev(f.severity, paint)}${first.slice(2 + f.severity.length)}`,
    ...rest,
    ...indent(f.message),
    ...(f.suggestedValue ? indent(`suggested: ${f.suggestedValue}`) : []),
    '',
  ].join('\n') + '\n';
}
