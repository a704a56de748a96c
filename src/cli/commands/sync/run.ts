/**
 * `cloudsync sync`: read AD (or an LDIF export) and the tenant, plan, show the plan, then apply it
 * with --apply (or an interactive yes). `--plan-out` saves the plan; `--plan FILE --apply` applies a
 * saved plan after checking that neither side changed. Exit codes: docs/sync.md, "Command line".
 */
import type { ApplyResult } from '../../../sync/apply/apply.js';
import type { Plan } from '../../../sync/types.js';
import type { Context } from '../../context.js';
import { isInterrupted, type Interrupts } from '../../io.js';
import { emitOptions } from '../../output/emit.js';
import { EXIT } from '../../output/exit-codes.js';
import { isCi, startProgress, type Progress } from '../../progress.js';
import { openRun } from './open.js';
import { planScope, syncOptions, type SyncFlags } from './options.js';
import { countsLine, renderResultOnly, renderSync, type PlanRenderOptions } from './render.js';

/**
 * Ctrl-C / SIGTERM from the apply on: the first aborts `abort` so apply drops what is queued and
 * journals the requests in flight (the `interrupted` hook says how many); a second stops at once
 * (exit 130, the Io's doing). Before the apply nothing is half done: a signal stops at once.
 */
function onInterrupt(ctx: Context, abort: AbortController): Interrupts {
  const interrupts = ctx.io.interrupts();
  interrupts.signal.addEventListener('abort', () => abort.abort(interrupts.signal.reason), { once: true });
  return interrupts;
}

/** The first Ctrl-C's answer, once the writer's queue is dropped. */
export function interruptedMessage(inFlight: number, dropped: number): string {
  const waiting = inFlight === 0 ? 'no requests in flight' : `${inFlight} request(s) in flight`;
  return `interrupted: ${waiting}${dropped > 0 ? `, ${dropped} queued not sent` : ''}; Ctrl-C again to stop now (the journal records what was done)`;
}

export async function runSync(ctx: Context, flags: SyncFlags): Promise<number> {
  const o = await syncOptions(ctx, flags);
  const sync = await import('../../../sync/index.js');
  const saved = o.plan !== undefined ? sync.loadPlan(o.plan) : undefined;
  const scope = saved !== undefined ? planScope(o, saved.scope, o.plan!) : o.scope;

  const opened = await openRun(ctx, o, scope);
  const { tenant, source } = opened;
  const reading = await startProgress(ctx, `Reading ${source.description}`);
  let applying: Progress | undefined;
  const abort = new AbortController();
  let interrupts: Interrupts | undefined;
  const renderOptions: PlanRenderOptions = { ...emitOptions(ctx), applying: o.apply, full: o.full };
  const render = (plan: Plan, result?: ApplyResult) => renderSync(plan, result, renderOptions);
  const streamed = ctx.format === 'table';
  let declined = false;
  const confirm = async (pending: number): Promise<boolean> => {
    try {
      return await ctx.io.confirm(`Apply ${pending} change(s) to tenant ${tenant}?`);
    } catch (e) {
      // Ctrl-C at the prompt: nothing applied (the journal says planned), exit 130.
      if (!isInterrupted(e)) throw e;
      declined = true;
      return false;
    }
  };
  try {
    const run = await sync.runSync({
      ...opened,
      mapping: o.mapping,
      planOptions: o.planOptions,
      apply: o.apply,
      command: 'sync',
      ...(saved !== undefined ? { savedPlan: { plan: saved, path: o.plan! } } : {}),
      ...(o.planOut !== undefined ? { planOut: o.planOut } : {}),
      delta: o.delta,
      forcePasswordChange: o.forcePasswordChange,
      writeConsistencyGuid: o.writeConsistencyGuid,
      signal: abort.signal,
      hooks: {
        progress: (m) => (applying ?? reading).update(m),
        interrupted: (i) => ctx.warn(interruptedMessage(i.inFlight, i.dropped)),
        warn: (m) => ctx.warn(m),
        info: (m) => ctx.info(m),
        stage: async (stage) => {
          if (stage === 'plan') reading.stop();
          else if (stage === 'apply') {
            interrupts = onInterrupt(ctx, abort);
            applying = await startProgress(ctx, 'Applying');
          } else if (stage === 'save') applying?.stop();
        },
        onPlan: (plan) => {
          if (streamed) ctx.io.out(render(plan));
        },
        ...(o.interactive ? { confirm } : {}),
      },
    });
    const { plan, applied } = run;
    // In CI the data on stdout (JSON, markdown) is for the next step: the log gets one line.
    if (ctx.format !== 'table' && isCi(ctx.io.env)) {
      const result = applied !== undefined ? `; result: ${applied.outcome}: ${applied.counts.succeeded} succeeded, ${applied.counts.failed} failed` : '';
      ctx.info(`sync: plan: ${countsLine(plan)}${result}${run.outcome === 'blocked' ? '; stopped by a guard' : ''}`);
    }
    if (run.outcome === 'blocked') {
      if (!streamed) ctx.io.out(render(plan));
      ctx.io.err(`cloudsync: error: guard ${run.blocking!.guard}: ${run.blocking!.message}\n`);
      return run.exitCode;
    }
    if (applied === undefined) {
      if (!streamed) ctx.io.out(render(plan));
      if (declined) {
        ctx.info('interrupted: nothing was applied');
        return EXIT.interrupted;
      }
      if (run.pending > 0) ctx.info(`${run.pending} change(s) not applied: re-run with --apply to make them${o.planOut ? `, or apply the saved plan with --plan ${o.planOut} --apply` : ''}.`);
      return run.exitCode;
    }
    ctx.io.out(streamed ? renderResultOnly(plan, applied, renderOptions) : render(plan, applied));
    if (applied.counts.failed > 0) ctx.warn(`${applied.counts.failed} operation(s) failed; each is listed with Graph's error; fix the cause and run the sync again`);
    ctx.info(`journal: ${run.journal}`);
    return run.exitCode;
  } finally {
    reading.stop();
    applying?.stop();
    interrupts?.dispose();
    await source.close();
  }
}
