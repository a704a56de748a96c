import { CloudsyncError } from '../../../../errors.js';
import type { Context } from '../../../context.js';
import { emitOptions } from '../../../output/emit.js';
import { EXIT } from '../../../output/exit-codes.js';
import { stateDir } from '../state-dir.js';
import { logsPruneOptions, type LogsPruneFlags } from './options.js';
import { renderPrune, type PruneRow } from './render.js';

export async function runLogsPrune(ctx: Context, flags: LogsPruneFlags): Promise<number> {
  const o = await logsPruneOptions(ctx, flags);
  const runs = await import('../../../../logs/runs/index.js');
  const retention = o.retention;
  const keep = { runs: retention.runs ?? runs.DEFAULT_RETENTION.runs, days: retention.days ?? runs.DEFAULT_RETENTION.days };
  const dir = await stateDir(ctx);
  const scopeKey = o.scope !== undefined ? resolveScope(runs.listScopes(dir), o.scope) : undefined;
  const report = runs.pruneRuns(dir, retention, { dryRun: o.dryRun, ...(scopeKey !== undefined ? { scopeKey } : {}) });
  const rows: PruneRow[] = [
    ...report.pruned.map((d) => ({ runId: d.file.runId, scopeKey: d.file.scopeKey, action: o.dryRun ? 'would prune' : 'pruned', reason: d.prune === 'count' ? `beyond the newest ${keep.runs}` : `older than ${keep.days} days`, path: d.file.path })),
    ...report.kept.map((d) => ({ runId: d.file.runId, scopeKey: d.file.scopeKey, action: 'kept', reason: d.kept!, path: d.file.path })),
  ];
  ctx.io.out(renderPrune(rows, { dryRun: o.dryRun, retention: { ...runs.DEFAULT_RETENTION, ...retention }, runs: rows, errors: report.errors }, emitOptions(ctx)));
  if (ctx.format === 'table') {
    ctx.info(`${report.pruned.length} run(s) ${o.dryRun ? 'would be pruned (dry run: nothing removed)' : 'pruned'}; retention: the newest ${keep.runs} runs and ${keep.days} days per scope`);
  }
  for (const e of report.errors) ctx.warn(`cannot remove ${e.path}: ${e.message}`);
  return report.errors.length > 0 ? EXIT.runtime : EXIT.ok;
}

/** A part of a scope key naming exactly one scope. */
function resolveScope(keys: readonly string[], q: string): string {
  const m = keys.filter((k) => k.toLowerCase().includes(q.trim().toLowerCase()));
  if (m.length === 1) return m[0]!;
  throw new CloudsyncError('usage', m.length === 0 ? `no scope "${q}": the scopes are ${keys.join(', ') || '(none yet)'}` : `scope "${q}" matches ${m.join(', ')}: give more of its key`);
}
