import { emit, tableOf, type Column, type EmitOptions } from '../../../output/emit.js';

/** One journal the retention looked at: removed (or would be), or kept and why. */
export interface PruneRow {
  runId: string;
  scopeKey: string;
  action: string;
  reason: string;
  path: string;
}

const CSV: readonly Column<PruneRow>[] = [
  { header: 'RUN_ID', cell: (r) => r.runId },
  { header: 'SCOPE_KEY', cell: (r) => r.scopeKey },
  { header: 'ACTION', cell: (r) => r.action },
  { header: 'REASON', cell: (r) => r.reason },
  { header: 'PATH', cell: (r) => r.path },
];

const TABLE: readonly Column<PruneRow>[] = [
  { header: 'Run', cell: (r) => r.runId },
  { header: 'Scope', cell: (r) => r.scopeKey },
  { header: 'Action', cell: (r) => r.action },
  { header: 'Reason', cell: (r) => r.reason },
];

/** The rows (table: only when there are some; the summary line goes to stderr), or the report for scripts. */
export function renderPrune(rows: readonly PruneRow[], json: unknown, o: EmitOptions): string {
  // The table is not wrapped to the terminal: run ids and scope keys read best whole.
  return emit({ rows, json, csv: CSV, table: (all) => (all.length > 0 ? tableOf(TABLE, all, o) : '') }, o);
}
