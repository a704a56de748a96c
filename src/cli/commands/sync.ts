/**
 * `cloudsync sync`: read AD (or an LDIF export) and the tenant, plan, show the plan, then apply it
 * with --apply (or an interactive yes). `--plan-out` saves the plan; `--plan FILE --apply` applies a
 * saved plan after checking that neither side changed. Exit codes: docs/sync.md, "Command line".
 */
import type { Scope } from '../../directory/types.js';
import { CloudsyncError } from '../../errors.js';
import type { EntraClient } from '../../directory/entra/index.js';
import type { SyncConfig } from '../../config/schema.js';
import type { ApplyResult } from '../../sync/apply/apply.js';
import type { PlanOptions } from '../../sync/plan/planner.js';
import type { SyncMapping } from '../../sync/read/source.js';
import type { Plan } from '../../sync/types.js';
import type { Context } from '../context.js';
import { entraSettingsFor, openEntra, type EntraCliFlags } from '../entra.js';
import { EXIT } from '../output/exit-codes.js';
import { renderSync } from '../output/plan.js';
import { startProgress, type Progress } from '../progress.js';
import { confirm } from '../prompt.js';
import { openSource, type ConnectionFlags } from '../source.js';

export interface ScopeFlags {
  ou?: string[];
  group?: string[];
  all?: boolean;
  filter?: string;
}

export interface SyncFlags extends ConnectionFlags, EntraCliFlags, ScopeFlags {
  apply?: boolean;
  planOut?: string;
  plan?: string;
  deleteThreshold?: string;
  forceDeletes?: boolean;
  onDelete?: string;
  /** false with --no-soft-match (commander sets true otherwise: the config decides then). */
  softMatch?: boolean;
  matchGroupsByName?: boolean;
  /** Read only what changed in AD since the last completed apply (docs/sync.md, "Delta runs"). */
  delta?: boolean;
}

/**
 * The scope from the flags, else the config's `sync` section. One of --ou, --group or --all is
 * required, so a typo can never turn into "the whole directory".
 */
export async function resolveScope(flags: ScopeFlags & { baseDn?: string }, cfg: SyncConfig, required = true): Promise<Scope> {
  const fromFlags = flags.ou !== undefined || flags.group !== undefined || flags.all === true;
  const ous = fromFlags ? flags.ou : cfg.ou;
  const groups = fromFlags ? flags.group : cfg.group;
  const all = fromFlags ? flags.all === true : cfg.all === true;
  const filter = flags.filter ?? cfg.filter;
  if (all && (ous !== undefined || groups !== undefined)) throw new CloudsyncError('usage', '--all cannot be combined with --ou or --group: choose one scope');
  if (required && !all && ous === undefined && groups === undefined) {
    throw new CloudsyncError('usage', 'no sync scope: give --ou DN (repeatable), --group DN (repeatable) or --all, or set sync.ou / sync.group / sync.all in the config file');
  }
  const scope: Scope = {
    ...(flags.baseDn !== undefined ? { baseDn: flags.baseDn } : {}),
    ...(ous !== undefined ? { ous } : {}),
    ...(groups !== undefined ? { groups } : {}),
    ...(filter !== undefined ? { filter } : {}),
  };
  if (scope.filter !== undefined) {
    const { validateFilter } = await import('../../directory/filter.js');
    validateFilter(scope.filter);
  }
  const { parseDn } = await import('../../directory/dn.js');
  for (const dn of [...(scope.ous ?? []), ...(scope.groups ?? []), ...(scope.baseDn ? [scope.baseDn] : [])]) parseDn(dn);
  return scope;
}

/** The defaults with the config's overrides; a bad expression stops here (exit 2) with its column. */
export async function resolveMapping(cfg: SyncConfig): Promise<SyncMapping> {
  const { compileSyncMapping } = await import('../../sync/read/source.js');
  return compileSyncMapping(cfg.mapping ?? {});
}

/** Flags > config > library defaults. */
export async function resolvePlanOptions(flags: SyncFlags, cfg: SyncConfig): Promise<PlanOptions> {
  const { parseThreshold } = await import('../../sync/guards.js');
  const onDelete = flags.onDelete ?? cfg.onDelete;
  if (onDelete !== undefined && onDelete !== 'delete' && onDelete !== 'disable') {
    throw new CloudsyncError('usage', `--on-delete expects delete or disable, got "${onDelete}"`);
  }
  const threshold = flags.deleteThreshold !== undefined ? parseThreshold(flags.deleteThreshold) : cfg.deleteThreshold !== undefined ? parseThreshold(String(cfg.deleteThreshold)) : undefined;
  const softMatch = flags.softMatch === false ? false : cfg.softMatch;
  const byName = flags.matchGroupsByName === true ? true : cfg.groupNameMatch;
  return {
    ...(softMatch !== undefined ? { softMatch } : {}),
    ...(byName !== undefined ? { matchGroupsByName: byName } : {}),
    ...(onDelete !== undefined ? { onDelete } : {}),
    ...(threshold !== undefined ? { deleteThreshold: threshold } : {}),
    ...(flags.forceDeletes === true ? { forceDeletes: true } : {}),
    ...(cfg.shrinkRatio !== undefined ? { shrinkRatio: cfg.shrinkRatio } : {}),
    ...(cfg.protected !== undefined ? { protected: cfg.protected } : {}),
  };
}

/** Opens the tenant, or stops: a sync always needs one. */
export async function requireEntra(ctx: Context, flags: EntraCliFlags): Promise<{ client: EntraClient; tenant: string; graphEndpoint: string }> {
  const settings = await entraSettingsFor(ctx, flags);
  if (settings === undefined) {
    throw new CloudsyncError('config', 'no Entra tenant configured: set AZURE_TENANT_ID (or --tenant-id, or entra.tenantId in the config file) and credentials (docs/authentication.md)');
  }
  return { client: await openEntra(ctx, settings), tenant: settings.tenantId, graphEndpoint: settings.graphEndpoint };
}

/** What a run reads from and writes to, opened in this order: the tenant, the workspace (state, lock, journals), the source. */
export async function openRun(ctx: Context, flags: ConnectionFlags & EntraCliFlags, scope: Scope) {
  const { SyncWorkspace, defaultStateDir } = await import('../../sync/index.js');
  const { client, tenant, graphEndpoint } = await requireEntra(ctx, flags);
  const workspace = SyncWorkspace.open({ tenant, scope, stateDir: defaultStateDir(ctx.io.env), retention: ctx.config.logs?.retention ?? {} });
  const source = await openSource(ctx, flags);
  return { client, tenant, graphEndpoint, workspace, source, scope };
}

/** Aborts on Ctrl-C / SIGTERM so apply stops sending and journals what is in flight. */
function interruptSignal(ctx: Context, ac: AbortController): { dispose: () => void } {
  const onSignal = (sig: NodeJS.Signals) => {
    if (ac.signal.aborted) process.exit(EXIT.interrupted); // a second Ctrl-C: stop now
    ctx.warn(`${sig}: finishing the requests in flight, then stopping (the journal records what was done)`);
    ac.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

export async function runSync(ctx: Context, flags: SyncFlags): Promise<number> {
  const cfg = ctx.config.sync ?? {};
  if (flags.plan !== undefined && flags.planOut !== undefined) throw new CloudsyncError('usage', '--plan and --plan-out cannot be used together: --plan applies a saved plan, --plan-out saves a new one');
  const scope = await resolveScope(flags, cfg);
  const mapping = await resolveMapping(cfg);
  const planOptions = await resolvePlanOptions(flags, cfg);
  const wantDelta = flags.delta === true || (flags.delta === undefined && cfg.delta === true);
  if (wantDelta && (flags.plan !== undefined || flags.planOut !== undefined)) {
    throw new CloudsyncError('usage', '--delta cannot be used with --plan or --plan-out: a saved plan is checked against a full read; drop --delta');
  }
  const sync = await import('../../sync/index.js');
  const saved = flags.plan !== undefined ? sync.loadPlan(flags.plan) : undefined;

  const opened = await openRun(ctx, flags, scope);
  const { tenant, source } = opened;
  const interactive = !flags.apply && ctx.io.stdinIsTty && ctx.io.stderrIsTty && ctx.format === 'table';
  const reading = await startProgress(ctx, `Reading ${source.description}`);
  let applying: Progress | undefined;
  const abort = new AbortController();
  let interrupt: { dispose: () => void } | undefined;
  const width = ctx.io.columns;
  const render = (plan: Plan, result?: ApplyResult) => renderSync(plan, result, { format: ctx.format, paint: ctx.paint, ...(width ? { width } : {}), applying: flags.apply === true });
  const streamed = ctx.format === 'table';
  const stopApplying = () => {
    applying?.stop();
    interrupt?.dispose();
  };
  try {
    const run = await sync.runSync({
      ...opened,
      mapping,
      planOptions,
      apply: flags.apply === true,
      command: 'sync',
      ...(saved !== undefined ? { savedPlan: { plan: saved, path: flags.plan! } } : {}),
      ...(flags.planOut !== undefined ? { planOut: flags.planOut } : {}),
      delta: wantDelta,
      forcePasswordChange: cfg.forcePasswordChange ?? true,
      writeConsistencyGuid: cfg.writeConsistencyGuid === true,
      signal: abort.signal,
      hooks: {
        progress: (m) => (applying ?? reading).update(m),
        warn: (m) => ctx.warn(m),
        info: (m) => ctx.info(m),
        stage: async (stage) => {
          if (stage === 'plan') reading.stop();
          else if (stage === 'apply') {
            interrupt = interruptSignal(ctx, abort);
            applying = await startProgress(ctx, 'Applying');
          } else if (stage === 'save') stopApplying();
        },
        onPlan: (plan) => {
          if (streamed) ctx.io.out(render(plan));
        },
        ...(interactive ? { confirm: (pending: number) => confirm(`Apply ${pending} change(s) to tenant ${tenant}?`) } : {}),
      },
    });
    const { plan, applied } = run;
    if (run.outcome === 'blocked') {
      if (!streamed) ctx.io.out(render(plan));
      ctx.io.err(`cloudsync: error: guard ${run.blocking!.guard}: ${run.blocking!.message}\n`);
      return run.exitCode;
    }
    if (applied === undefined) {
      if (!streamed) ctx.io.out(render(plan));
      if (run.pending > 0) ctx.info(`${run.pending} change(s) not applied: re-run with --apply to make them${flags.planOut ? `, or apply the saved plan with --plan ${flags.planOut} --apply` : ''}.`);
      return run.exitCode;
    }
    ctx.io.out(streamed ? renderResultOnly(plan, applied, ctx, width) : render(plan, applied));
    if (applied.counts.failed > 0) ctx.warn(`${applied.counts.failed} operation(s) failed; each is listed with Graph's error; fix the cause and run the sync again`);
    ctx.info(`journal: ${run.journal}`);
    return run.exitCode;
  } finally {
    reading.stop();
    stopApplying();
    await source.close();
  }
}

/** After the plan table was shown: only the operations' results (failures first) and the totals. */
function renderResultOnly(plan: Plan, result: ApplyResult, ctx: Context, width: number | undefined): string {
  const failedSeqs = new Set(result.results.filter((r) => r.status !== 'success').map((r) => r.seq));
  const subset: Plan = { ...plan, operations: plan.operations.filter((op) => failedSeqs.has(op.seq)), skipped: [] };
  const text = renderSync(subset, result, { format: 'table', paint: ctx.paint, ...(width ? { width } : {}), applying: true });
  // The subset's own counts line would describe only the failures: keep the result line.
  return text
    .split('\n')
    .filter((l) => !l.startsWith('Source ') && !l.startsWith('Plan: '))
    .join('\n');
}
