/**
 * `cloudsync mapping test`: each target attribute of one object, its expression and its value; a
 * table headed by the object for people, one JSON document, one NDJSON line per attribute, or CSV.
 */
import type { ObjectKind, PropertyValue } from '../../../sync/types.js';
import { emit, tableOf, type Column, type EmitOptions } from '../../output/emit.js';

export interface MappingRow {
  target: string;
  expression: string;
  /** The value written; "ignored" when IgnoreFlowIfNullOrEmpty (or an error) leaves the property alone. */
  value: PropertyValue | 'ignored';
  applyOn: 'always' | 'create';
  reference?: true;
  error?: string;
}

export interface MappedObject {
  readonly dn: string;
  readonly kind: ObjectKind;
  readonly anchor?: string | undefined;
  /** Why the object cannot be synchronised, if it cannot. */
  readonly problem?: string | undefined;
  readonly rows: readonly MappingRow[];
}

function show(v: PropertyValue | 'ignored'): string {
  if (v === null) return '(none)';
  if (Array.isArray(v)) return v.length === 0 ? '(none)' : v.join('; ');
  return String(v);
}

const CSV: readonly Column<MappingRow>[] = [
  { header: 'TARGET', cell: (r) => r.target },
  { header: 'EXPRESSION', cell: (r) => r.expression },
  { header: 'VALUE', cell: (r) => show(r.value) },
  { header: 'APPLYON', cell: (r) => r.applyOn },
  { header: 'ERROR', cell: (r) => r.error },
];

export function renderMappingTest(m: MappedObject, o: EmitOptions): string {
  const { dn, kind, anchor } = m;
  const p = o.paint;
  const table: readonly Column<MappingRow>[] = [
    { header: 'Target', weight: 3, cell: (r) => `${r.target}${r.applyOn === 'create' ? ' (on create)' : ''}${r.reference ? ' (reference)' : ''}` },
    { header: 'Expression', weight: 6, cell: (r) => r.expression },
    {
      header: 'Value',
      weight: 4,
      cell: (r) => (r.error !== undefined ? p.red(`error: ${r.error}`) : r.value === 'ignored' ? p.dim('(ignored: not written)') : show(r.value)),
    },
  ];
  return emit(
    {
      rows: m.rows,
      json: { dn, kind, ...(anchor ? { anchor } : {}), ...(m.problem ? { problem: m.problem } : {}), attributes: m.rows },
      ndjson: { line: (r) => ({ dn, kind, ...r }) },
      csv: CSV,
      table: (rows) => `${dn} (${kind}${anchor ? `, source anchor ${anchor}` : ''})\n${tableOf(table, rows, o)}`,
    },
    o,
  );
}
