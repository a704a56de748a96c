/**
 * `cloudsync test-user <DN>`: one user or group through the sync pipeline, step by step; with
 * --apply its action is executed (journaled like a sync run) and Graph's answer shown.
 * `--output json` is the provisioningObjectSummary shape (docs/test-user.md).
 */
import type { ApplyResult } from '../../sync/apply.js';
import type { Context } from '../context.js';
import { EXIT } from '../output/exit-codes.js';
import { toCsv } from '../output/csv.js';
import { jsonLine } from '../output/format.js';
import { renderTestUser } from '../output/test-user.js';
import { startProgress } from '../progress.js';
import { openSource } from '../source.js';
import { requireEntra, resolveMapping, resolvePlanOptions, resolveScope, type SyncFlags } from './sync.js';

export type TestUserFlags = Omit<SyncFlags, 'plan' | 'planOut' | 'deleteThreshold' | 'forceDeletes' | 'onDelete'>;

export async function runTestUser(ctx: Context, flags: TestUserFlags, dn: string): Promise<number> {
  const cfg = ctx.config.sync ?? {};
  const { parseDn } = await import('../../directory/dn.js');
  parseDn(dn);
  const scope = await resolveScope(flags, cfg, false);
  const mapping = await resolveMapping(cfg);
  const planOptions = await resolvePlanOptions(flags, cfg);
  const sync = await import('../../sync/index.js');
  const { client, tenant, graphEndpoint } = await requireEntra(ctx, flags);
  const ws = sync.SyncWorkspace.open({ tenant, scope, stateDir: sync.defaultStateDir(ctx.io.env), retention: ctx.config.logs?.retention ?? {} });
  const lock = flags.apply ? ws.lock({ command: 'test-user' }) : undefined;
  const source = await openSource(ctx, flags);
  const progress = await startProgress(ctx, `Testing ${dn}`);
  const started = Date.now();
  try {
    const state = ws.loadState();
    const result = await sync.testUser(dn, { source, scope, mapping, target: client, state, plan: { ...planOptions, tenant, scopeKey: ws.key } });
    progress.stop();
    let applied: ApplyResult | undefined;
    const pending = result.plan.operations.length;
    if (flags.apply && pending > 0) {
      const journal = ws.startRun();
      journal.start({ command: 'test-user', tenant, scopeKey: ws.key, scope, options: { dn, apply: true } });
      journal.planned(result.plan);
      const writer = client.batchWriter();
      try {
        applied = await sync.apply(result.plan, writer, journal, { state, graphEndpoint, forcePasswordChange: cfg.forcePasswordChange ?? true });
        await writer.close();
      } catch (e) {
        journal.end({ outcome: 'failed', exitCode: EXIT.runtime, message: e instanceof Error ? e.message : String(e) });
        throw e;
      }
      // The state keeps only what this run learnt about this object; the rest is as loaded.
      ws.saveState(applied.state);
      journal.end({ outcome: applied.outcome, exitCode: applied.outcome === 'success' ? EXIT.ok : EXIT.runtime, counts: { ...result.plan.counts, ...applied.counts } });
      ctx.info(`journal: ${journal.path}`);
    }

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
    if (applied !== undefined) return applied.outcome === 'success' ? EXIT.ok : EXIT.runtime;
    return pending > 0 ? EXIT.findings : EXIT.ok;
  } finally {
    progress.stop();
    lock?.release();
    await source.close();
  }
}

function text(v: unknown): string {
  if (v === undefined) return '';
  if (v === null) return '(none)';
  return Array.isArray(v) ? v.join('; ') : String(v);
}
