import type { SchemaChange, SchemaProblem } from '../../../../cloud-sync/schema.js';
import { emit, type EmitOptions } from '../../../output/emit.js';
import { jsonLine } from '../../../output/format.js';
import type { Paint } from '../../../output/paint.js';

export interface SchemaImportResult {
  job: string;
  changes: readonly SchemaChange[];
  warnings: readonly SchemaProblem[];
  written: boolean;
}

/** The import's result for scripts: JSON, or one compact JSON line (NDJSON and CSV). People see the changes instead. */
export function renderImportResult(r: SchemaImportResult, o: EmitOptions): string {
  return emit({ rows: [r], json: r, csv: () => jsonLine(r), table: () => '' }, o);
}

export function renderSchemaProblems(problems: readonly SchemaProblem[], p: Paint): string {
  return problems.map((x) => `${x.severity === 'error' ? p.red('error') : p.yellow('warning')}: ${x.path}: ${x.message}\n`).join('');
}

export function renderSchemaChanges(changes: readonly SchemaChange[], p: Paint): string {
  if (changes.length === 0) return 'no changes against the current schema\n';
  const mark = { added: p.green('+'), removed: p.red('-'), changed: p.yellow('~') };
  return `${changes.length} change(s) against the current schema:\n` + changes.map((c) => `  ${mark[c.kind]} ${c.what}${c.detail ? `: ${c.detail}` : ''}\n`).join('');
}
