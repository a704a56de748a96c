import type { OwnershipSetup } from '../../../directory/entra/ownership.js';
import { emit, type Column, type EmitOptions } from '../../output/emit.js';

interface Row {
  readonly name: string;
  readonly status: 'exists' | 'created' | 'missing';
}

const COLUMNS: readonly Column<Row>[] = [
  { header: 'EXTENSION', cell: (r) => r.name },
  { header: 'STATUS', cell: (r) => r.status },
];

/**
 * `cloudsync setup` output. JSON: {appId, appObjectId, anchor, marker, existing, created};
 * CSV/NDJSON: one row per extension; table: one line each, what existed and what was created.
 */
export function renderSetup(s: OwnershipSetup, o: EmitOptions): string {
  const rows: Row[] = [
    ...s.existing.map((name) => ({ name, status: 'exists' as const })),
    ...s.created.map((name) => ({ name, status: 'created' as const })),
    ...s.missing.map((name) => ({ name, status: 'missing' as const })),
  ];
  const json = { appId: s.appId, appObjectId: s.appObjectId, anchor: s.names.anchor, marker: s.names.marker, existing: s.existing, created: s.created, missing: s.missing };
  const table = (): string =>
    rows.map((r) => `${r.status === 'created' ? o.paint.green('created') : r.status === 'missing' ? o.paint.yellow('missing') : 'exists '} ${r.name}\n`).join('') +
    `on application ${s.appId}: ${s.missing.length > 0 ? `${s.missing.length} missing, not created` : s.created.length === 0 ? 'nothing to do' : `${s.created.length} created`}\n`;
  return emit({ rows, json, csv: COLUMNS, table }, o);
}
