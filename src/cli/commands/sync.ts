/**
 * `cloudsync sync`: read AD (or an LDIF export) and the tenant, plan, show the plan, then apply it
 * with --apply (or an interactive yes). `--plan-out` saves the plan; `--plan FILE --apply` applies a
 * saved plan after checking that neither side changed. Exit codes: docs/sync.md, "Command line".
 */
import type { Scope } from '../../directory/types.js';
import { CloudsyncError } from '../../errors.js';
import type { EntraClient } from '../../directory/entra/index.js';
import type { SyncConfig } from '../../config/schema.js';
import type { ApplyResult } from '../../sync/apply.js';
import type { PlanOptions } from '../../sync/plan.js';
import type { SyncMapping } from '../../sync/source.js';
import type { Plan } from '../../sync/types.js';
import type { Context } from '../context.js';
import { entraSettingsFor, openEntra, type EntraCliFlags } from '../entra.js';
import { EXIT } from '../output/exit-codes.js';
import { renderSync } from '../output/plan.js';
import { startProgress } from '../progress.js';
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
  const { compileSyncMapping } = await import('../../sync/source.js');
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

/** SelectUniqueValue's check: no user holds the value in that property. */
export function uniqueInTenant(client: EntraClient): (value: string, target: string) => Promise<boolean> {
  return async (value, target) => {
    const filter = encodeURIComponent(`${target} eq '${value.replace(/'/g, "''")}'`);
    for await (const _ of client.pages(`/users?$filter=${filter}&$select=id&$top=1`)) return false;
    return true;
  };
}

/** Aborts on Ctrl-C / SIGTERM so apply stops sending and journals what is in flight. */
function interruptSignal(ctx: Context): { signal: AbortSignal; dispose: () => void } {
  const ac = new AbortController();
  const onSignal = (sig: NodeJS.Signals) => {
    if (ac.signal.aborted) process.exit(EXIT.interrupted); // a second Ctrl-C: stop now
    ctx.warn(`${sig}: finishing the requests in flight, then stopping (the journal records what was done)`);
    ac.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: ac.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

const outcomeExit = (r: ApplyResult): number => (r.outcome === 'success' ? EXIT.ok : r.outcome === 'interrupted' ? EXIT.interrupted : EXIT.runtime);

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

  const { client, tenant, graphEndpoint } = await requireEntra(ctx, flags);
  const ws = sync.SyncWorkspace.open({ tenant, scope, stateDir: sync.defaultStateDir(ctx.io.env), retention: ctx.config.logs?.retention ?? {} });
  const interactive = !flags.apply && ctx.io.stdinIsTty && ctx.io.stderrIsTty && ctx.format === 'table';
  // A run that may write holds the lock from before it reads until it is done; plan-only runs read only.
  const lock = flags.apply || interactive ? ws.lock({ command: 'sync' }) : undefined;
  const source = await openSource(ctx, flags);
  const progress = await startProgress(ctx, `Reading ${source.description}`);
  let journal: import('../../sync/journal.js').Journal | undefined;
  try {
    const state = ws.loadState();
    const readOpts = {
      isUnique: uniqueInTenant(client),
      onProgress: (n: number) => progress.update(`Reading ${source.description}: ${n.toLocaleString('en')} objects`),
    };
    // The watermark is read BEFORE the source: a change made during the read is read again next time.
    let watermark: import('../../sync/delta.js').DcWatermark | undefined;
    if (sync.tracksChanges(source)) {
      try {
        watermark = await source.changeWatermark();
      } catch (e) {
        if (wantDelta) ctx.warn(`cannot read the DC's change watermark (${e instanceof Error ? e.message : String(e)}): this run is a full run`);
      }
    } else if (wantDelta) {
      ctx.warn(`${source.description} does not track changes: --delta runs a full read`);
    }
    let snapshot: import('../../sync/types.js').SourceSnapshot | undefined;
    let since: import('../../sync/state.js').Watermark | undefined;
    if (wantDelta && watermark !== undefined && sync.tracksChanges(source)) {
      const decision = sync.deltaDecision(state.watermark, watermark);
      if (decision.mode === 'full') ctx.warn(`--delta: ${decision.reason}; this run is a full run`);
      else {
        const r = await sync.readDelta(source, scope, mapping, decision.since, readOpts);
        if ('fullReason' in r) ctx.warn(`--delta: ${r.fullReason}; this run is a full run`);
        else {
          snapshot = r;
          since = decision.since;
          ctx.info(`read ${r.delta!.changed} changed object(s) since USN ${since.usn} on ${since.dnsHostName || watermark.dnsHostName} (${r.counts.users} user(s) and ${r.counts.groups} group(s) in scope, ${r.delta!.removed.length} removal candidate(s))`);
        }
      }
    }
    const mode: 'full' | 'delta' = snapshot === undefined ? 'full' : 'delta';
    snapshot ??= await sync.readSource(source, scope, mapping, readOpts);
    if (!snapshot.complete) ctx.warn(snapshot.incompleteReason ?? 'the source read did not complete');
    progress.update('Reading the tenant');
    const cloud = await sync.readCloud(client, {
      targets: sync.mappedTargets(mapping),
      onProgress: (what, n) => progress.update(`Reading the tenant: ${n.toLocaleString('en')} ${what}`),
    });
    progress.stop();

    let plan: Plan;
    if (saved !== undefined) {
      plan = sync.checkPlanCurrent(saved, snapshot, cloud, state, { tenant, scopeKey: ws.key });
      ctx.info(`the saved plan ${flags.plan} is current: ${plan.operations.length} operation(s)`);
    } else {
      plan = sync.plan(snapshot, cloud, state, { ...planOptions, tenant, scopeKey: ws.key });
    }
    if (flags.planOut !== undefined) {
      sync.savePlan(plan, flags.planOut);
      ctx.info(`plan saved to ${flags.planOut} (apply it with: cloudsync sync --plan ${flags.planOut} --apply, and the same scope)`);
    }

    journal = ws.startRun();
    journal.start({
      command: 'sync',
      tenant,
      scopeKey: ws.key,
      scope,
      mode,
      ...(since !== undefined ? { watermark: { invocationId: since.invocationId, usn: since.usn, dnsHostName: since.dnsHostName } } : {}),
      options: { ...sync.recordedOptions(plan.options), apply: flags.apply === true, ...(flags.plan ? { planFile: flags.plan } : {}) } });
    journal.planned(plan);
    for (const w of plan.warnings) ctx.warn(`${w.dn ? `${w.dn}: ` : ''}${w.message}`);
    const width = ctx.io.stdoutIsTty ? (ctx.io.columns ?? 120) : undefined;
    const render = (result?: ApplyResult) => renderSync(plan, result, { format: ctx.format, paint: ctx.paint, ...(width ? { width } : {}), applying: flags.apply === true });
    const streamed = ctx.format === 'table';
    if (streamed) ctx.io.out(render());

    const blocking = plan.guards.find((g) => g.blocking);
    for (const g of plan.guards.filter((x) => !x.blocking)) ctx.warn(`guard ${g.guard}: ${g.message}`);
    if (blocking !== undefined) {
      if (!streamed) ctx.io.out(render());
      ctx.io.err(`cloudsync: error: guard ${blocking.guard}: ${blocking.message}\n`);
      journal.end({ outcome: 'blocked', exitCode: EXIT.guard, message: blocking.message });
      return EXIT.guard;
    }
    const pending = plan.operations.length;
    if (!flags.apply) {
      if (pending === 0) {
        if (!streamed) ctx.io.out(render());
        journal.end({ outcome: 'planned', exitCode: EXIT.ok, counts: { ...plan.counts } });
        return EXIT.ok;
      }
      if (!interactive || !(await confirm(`Apply ${pending} change(s) to tenant ${tenant}?`))) {
        if (!streamed) ctx.io.out(render());
        ctx.info(`${pending} change(s) not applied: re-run with --apply to make them${flags.planOut ? `, or apply the saved plan with --plan ${flags.planOut} --apply` : ''}.`);
        journal.end({ outcome: 'planned', exitCode: EXIT.findings, counts: { ...plan.counts } });
        return EXIT.findings;
      }
    }
    // With --apply even an empty plan runs: it records the bindings and the successful run's counts (the shrink guard compares with them).
    const priorSuccess = state.lastSuccess;
    const interrupt = interruptSignal(ctx);
    const writer = client.batchWriter();
    const applyProgress = await startProgress(ctx, 'Applying');
    let result: ApplyResult;
    try {
      result = await sync.apply(plan, writer, journal, {
        state,
        graphEndpoint,
        forcePasswordChange: cfg.forcePasswordChange ?? true,
        cloud,
        signal: interrupt.signal,
        onProgress: (p) => applyProgress.update(`Applying phase ${p.phase}/5: ${p.done}/${p.total}${p.failed ? `, ${p.failed} failed` : ''}`),
      });
      await writer.close();
    } finally {
      applyProgress.stop();
      interrupt.dispose();
    }
    sync.recordRun(result.state, { mode, runId: journal.runId, ...(watermark !== undefined ? { watermark } : {}), outcome: result.outcome, complete: snapshot.complete, ...(priorSuccess !== undefined ? { prior: priorSuccess } : {}) });
    ws.saveState(result.state);
    if (cfg.writeConsistencyGuid === true && !interrupt.signal.aborted) await writeBack(ctx, source, snapshot, journal);
    const code = outcomeExit(result);
    journal.end({ outcome: result.outcome, exitCode: code, counts: { ...plan.counts, ...result.counts } });
    ctx.io.out(streamed ? renderResultOnly(plan, result, ctx, width) : render(result));
    if (result.counts.failed > 0) ctx.warn(`${result.counts.failed} operation(s) failed; each is listed with Graph's error; fix the cause and run the sync again`);
    ctx.info(`journal: ${journal.path}`);
    return code;
  } catch (e) {
    if (journal !== undefined) {
      const guard = e instanceof sync.SyncGuardError;
      try {
        journal.end({ outcome: guard ? 'blocked' : 'failed', exitCode: guard ? EXIT.guard : EXIT.runtime, message: e instanceof Error ? e.message : String(e) });
      } catch {
        /* the journal is best effort once the run failed */
      }
    }
    throw e;
  } finally {
    progress.stop();
    lock?.release();
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

/** Opt-in (sync.writeConsistencyGuid): mS-DS-ConsistencyGuid = objectGUID where AD has none, so the anchor survives a forest move. */
async function writeBack(
  ctx: Context,
  source: Awaited<ReturnType<typeof openSource>>,
  snapshot: import('../../sync/types.js').SourceSnapshot,
  journal: import('../../sync/journal.js').Journal,
): Promise<void> {
  if (typeof source.modify !== 'function') {
    ctx.warn('sync.writeConsistencyGuid needs a live AD (not --from): mS-DS-ConsistencyGuid was not written');
    return;
  }
  const { writeBackConsistencyGuid } = await import('../../sync/writeback.js');
  const results = await writeBackConsistencyGuid(source as Parameters<typeof writeBackConsistencyGuid>[0], snapshot, journal);
  const written = results.filter((r) => r.status === 'success' && r.note === undefined).length;
  const failed = results.filter((r) => r.status === 'failed');
  ctx.info(`mS-DS-ConsistencyGuid written back on ${written} object(s)${failed.length ? `; ${failed.length} failed (first: ${failed[0]?.dn}: ${failed[0]?.error})` : ''}`);
}
