import type { Modification } from '../../../directory/types.js';
import type { RowResult } from '../../../validate/fix/index.js';
import { emit, tableOf, type Column, type EmitOptions } from '../../output/emit.js';
import type { Paint } from '../../output/paint.js';

function describeChanges(changes: readonly Modification[]): string {
  return changes
    .map((c) => {
      const vals = c.values.map((v) => (typeof v === 'string' ? `'${v}'` : `<${v.length} bytes>`)).join(', ');
      return c.operation === 'delete' && c.values.length === 0 ? `delete ${c.attribute}` : `${c.operation} ${c.attribute} ${vals}`;
    })
    .join('; ');
}

function resultJson(r: RowResult): Record<string, unknown> {
  return {
    line: r.row.line,
    dn: r.row.dn,
    attribute: r.row.attribute,
    action: r.row.action,
    value: r.row.value,
    update: r.row.update,
    status: r.status,
    changes: r.changes.map((c) => ({ operation: c.operation, attribute: c.attribute, values: c.values.map(String) })),
    reason: r.reason ?? null,
  };
}

const CSV: readonly Column<RowResult>[] = [
  { header: 'LINE', cell: (r) => r.row.line },
  { header: 'DISTINGUISHEDNAME', cell: (r) => r.row.dn },
  { header: 'ATTRIBUTE', cell: (r) => r.row.attribute },
  { header: 'ACTION', cell: (r) => r.row.action },
  { header: 'STATUS', cell: (r) => r.status },
  { header: 'CHANGES', cell: (r) => describeChanges(r.changes) },
  { header: 'REASON', cell: (r) => r.reason },
];

function tableColumns(p: Paint): Column<RowResult>[] {
  const colour = (s: string) => (s === 'applied' ? p.green(s) : s === 'failed' || s === 'refused' ? p.red(s) : s === 'planned' ? p.yellow(s) : p.dim(s));
  return [
    { header: 'Line', cell: (r) => r.row.line },
    { header: 'Object', cell: (r) => r.row.dn },
    { header: 'Attribute', cell: (r) => r.row.attribute },
    { header: 'Action', cell: (r) => r.row.action || '-' },
    { header: 'Status', cell: (r) => colour(r.status) },
    { header: 'Change / reason', cell: (r) => r.reason ?? describeChanges(r.changes) },
  ];
}

/** The plan (applied: false) or the result of `fix` / `undo`. */
export function renderFixResults(results: readonly RowResult[], applied: boolean, o: EmitOptions): string {
  const counts = new Map<string, number>();
  for (const r of results) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  const summary = Object.fromEntries(counts);
  return emit(
    {
      rows: results,
      json: { applied, summary, rows: results.map(resultJson) },
      ndjson: { line: resultJson, trailer: { type: 'summary', applied, ...summary } },
      csv: CSV,
      table: (rows) => {
        // Not wrapped to the terminal: the change column is the one to read whole.
        const table = tableOf(tableColumns(o.paint), rows, { paint: o.paint });
        const line = [...counts].map(([k, v]) => `${v} ${k}`).join(', ') || 'no rows';
        return `${table}${applied ? 'Result' : 'Plan (nothing changed)'}: ${line}\n`;
      },
    },
    o,
  );
}
