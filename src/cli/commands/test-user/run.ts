/**
 * `cloudsync test-user <DN>`: one user or group through the sync pipeline, step by step; with
 * --apply its action is executed (journaled like a sync run) and Graph's answer shown.
 * `--output json` is the provisioningObjectSummary shape (docs/test-user.md).
 */
import type { Context } from '../../context.js';
import { emitOptions } from '../../output/emit.js';
import { startProgress } from '../../progress.js';
import { openRun } from '../sync/open.js';
import { testUserOptions, type TestUserFlags } from './options.js';
import { renderTestUserResult } from './render.js';

export async function runTestUser(ctx: Context, flags: TestUserFlags, dn: string): Promise<number> {
  const o = await testUserOptions(ctx, flags, dn);
  const sync = await import('../../../sync/index.js');
  const opened = await openRun(ctx, o, o.scope);
  const { tenant, source } = opened;
  const progress = await startProgress(ctx, `Testing ${o.dn}`);
  const started = Date.now();
  try {
    const run = await sync.runSync({
      ...opened,
      mapping: o.mapping,
      planOptions: o.planOptions,
      object: o.dn,
      apply: o.apply,
      command: 'test-user',
      journalOptions: { dn: o.dn, apply: true },
      forcePasswordChange: o.forcePasswordChange,
      hooks: { stage: (stage) => (stage === 'apply' ? progress.stop() : undefined) },
    });
    progress.stop();
    const result = run.explained!;
    const applied = run.applied;
    if (run.journal !== undefined) ctx.info(`journal: ${run.journal}`);
    const summary = sync.toProvisioningObjectSummary(result, { tenantId: tenant, ...(applied ? { applied } : {}), durationMs: Date.now() - started });
    ctx.io.out(renderTestUserResult(result, applied, summary, { ...emitOptions(ctx), allAttributes: o.allAttributes }));
    return run.exitCode;
  } finally {
    progress.stop();
    await source.close();
  }
}
