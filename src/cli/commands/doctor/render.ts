import type { CheckResult } from '../../../doctor/types.js';
import { emit, type Column, type EmitOptions } from '../../output/emit.js';
import type { Paint } from '../../output/paint.js';

export type CheckCounts = Record<CheckResult['status'], number>;

export function countChecks(results: readonly CheckResult[]): CheckCounts {
  const counts = { pass: 0, warn: 0, fail: 0, skip: 0 };
  for (const r of results) counts[r.status]++;
  return counts;
}

/** One check, as it is printed the moment it finishes (table format). */
export function checkLine(r: CheckResult, p: Paint): string {
  const mark = { pass: p.green('pass'), warn: p.yellow('warn'), fail: p.red('FAIL'), skip: p.dim('skip') }[r.status];
  return `${mark}  ${r.target}  ${r.check}: ${r.detail}${r.fix ? `\n      → ${r.fix}` : ''}\n`;
}

const CSV: readonly Column<CheckResult>[] = [
  { header: 'TARGET', cell: (r) => r.target },
  { header: 'CHECK', cell: (r) => r.check },
  { header: 'STATUS', cell: (r) => r.status },
  { header: 'DETAIL', cell: (r) => r.detail },
  { header: 'FIX', cell: (r) => r.fix },
];

/** After every check: the summary line (the table's lines were printed live), or the whole report for scripts. */
export function renderDoctor(results: readonly CheckResult[], o: EmitOptions): string {
  const counts = countChecks(results);
  return emit(
    {
      rows: results,
      json: { ok: counts.fail === 0 && counts.skip < results.length, counts, checks: results },
      csv: CSV,
      table: () => `\n${counts.pass} passed, ${counts.warn} warnings, ${counts.fail} failed, ${counts.skip} skipped\n`,
    },
    o,
  );
}
