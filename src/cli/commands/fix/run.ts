import { applyFixRows, readFixRows } from '../../../validate/fix/index.js';
import type { Context } from '../../context.js';
import { planShowApply } from './execute.js';
import { fixOptions, type FixFlags } from './options.js';

/** `cloudsync fix <findings.csv>`: the rows whose ACTION is set, planned, shown, applied. */
export async function runFix(ctx: Context, flags: FixFlags, csvPath: string): Promise<number> {
  const o = await fixOptions(ctx, flags);
  const rows = await readFixRows(csvPath);
  return planShowApply(ctx, o, (dir, apply, undoPath) => applyFixRows(rows, dir, { apply, source: csvPath, ...(undoPath ? { undoPath } : {}) }));
}
