/**
 * `cloudsync test-user <DN>`: one user or group through the sync pipeline, step by step; with
 * --apply its action is executed (journaled like a sync run) and Graph's answer shown.
 * `--output json` is the provisioningObjectSummary shape (docs/test-user.md).
 */
import type { Context } from '../context.js';
import { toCsv } from '../output/csv.js';
import { jsonLine } from '../output/format.js';
import { renderTestUser } from '../output/test-user.js';
import { startProgress } from '../progress.js';
import { openRun, resolveMapping, resolvePlanOptions, resolveScope, type SyncFlags } from './sync.js';

export type TestUserFlags = Omit<SyncFlags, 'plan' | 'planOut' | 'deleteThreshold' | 'forceDeletes' | 'onDelete'>;

export async function runTestUser(ctx: Context, flags: TestUserFlags, dn: string): Promise<number> {
  const cfg = ctx.config.sync ?? {};
  const { parseDn } = await import('../../directory/dn.js');
  parseDn(dn);
  const scope = await resolveScope(flags, cfg, false);
  const mapping = await resolveMapping(cfg);
  const planOptions = await resolvePlanOptions(flags, cfg);
  const sync = await import('../../sync/index.js');
  const opened = await openRun(ctx, flags, scope);
  const { tenant, source } = opened;
  const progress = await startProgress(ctx, `Testing ${dn}`);
  const started = Date.now();
  try {
    const run = await sync.runSync({
      ...opened,
      mapping,
      planOptions,
      object: dn,
      apply: flags.apply === true,
      command: 'test-user',
      journalOptions: { dn, apply: true },
      forcePasswordChange: cfg.forcePasswordChange ?? true,
      hooks: { stage: (stage) => (stage === 'apply' ? progress.stop() : undefined) },
    });
    progress.stop();
    const result = run.explained!;
    const applied = run.applied;
    if (run.journal !== undefined) ctx.info(`journal: ${run.journal}`);

    switch (ctx.format) {
      case 'json':
      case 'ndjson': {
        const summary = sync.toProvisioningObjectSummary(result, { tenantId: tenant, ...(applied ? { applied } : {}), durationMs: Date.now() - started });
        ctx.io.out(jsonLine(summary, ctx.format === 'json'));
        break;
      }
      case 'csv':
        ctx.io.out(
          toCsv(
            ['TARGET', 'EXPRESSION', 'RESULT', 'WRITTEN', 'ENTRA', 'CHANGED', 'ERROR'],
            result.steps.flow.map((f) => [f.target, f.expression, text(f.result), text(f.written), text(f.cloudValue), f.changed ? 'yes' : 'no', f.error]),
          ),
        );
        break;
      case 'table': {
        const width = ctx.io.stdoutIsTty ? (ctx.io.columns ?? 120) : undefined;
        ctx.io.out(renderTestUser(result, applied, { paint: ctx.paint, ...(width ? { width } : {}) }));
        break;
      }
    }
    return run.exitCode;
  } finally {
    progress.stop();
    await source.close();
  }
}

function text(v: unknown): string {
  if (v === undefined) return '';
  if (v === null) return '(none)';
  return Array.isArray(v) ? v.join('; ') : String(v);
}
