/**
 * One sync run, start to end. This is the only place that sequences a run:
 *
 *   lock (only when the run may write) → change watermark (read BEFORE the source, so a change
 *   made during the read is read again next time) → source read (full, or delta with its
 *   fall-backs to full) → cloud read → plan (or check a saved plan as current) → save the plan
 *   (--plan-out) → journal start + planned → guards → confirmation → apply (through the batch
 *   writer, cancellable) → record the run + save the state → consistency-GUID write-back →
 *   journal end.
 *
 * `cloudsync sync`, `cloudsync test-user --apply` (one object: `object`) and the emulator's cloud
 * sync cycles call it. It never prints: messages go to the hooks; it returns the plan, what the
 * apply did and the outcome, with the exit code its journal recorded.
 */
import { CloudsyncError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import type { DirectorySource, DirectoryWriter, Scope } from '../directory/types.js';
import { apply, type ApplyInterrupt, type ApplyResult, type CloudWriter } from './apply/apply.js';
import { writeBackConsistencyGuid } from './apply/writeback.js';
import { testUser, type TestUserResult } from './explain/test-user.js';
import { checkPlanCurrent } from './plan/current.js';
import { SourceIncompleteError } from './guards.js';
import { plan as makePlan, recordedOptions, type PlanOptions } from './plan/planner.js';
import { readCloud, uniqueInTenant, type CloudTarget } from './read/cloud.js';
import { detectOwnership, hasOwnershipClient } from './read/ownership.js';
import { deltaDecision, readDelta, recordRun, tracksChanges, type DcWatermark } from './read/delta.js';
import { mappedTargets, readSource, type SyncMapping } from './read/source.js';
import type { Journal, RunOutcome } from './store/journal.js';
import { savePlan } from './store/plan-file.js';
import type { SyncState, Watermark } from './store/state.js';
import type { SyncWorkspace } from './store/workspace.js';
import type { CloudSnapshot, GuardTrip, Plan, SourceCounts, SourceSnapshot } from './types.js';

/** Entra as a run uses it: the reads, and a batch writer for the apply. */
export interface SyncRunTarget extends CloudTarget {
  batchWriter(): CloudWriter & { close(): Promise<void> };
}

/** The steps of a run, announced to `hooks.stage` as each begins. */
export type RunStage = 'read' | 'cloud-read' | 'plan' | 'apply' | 'save';

export interface SyncRunHooks {
  /** What the run is doing now (a spinner's text). */
  progress?(message: string): void;
  warn?(message: string): void;
  info?(message: string): void;
  /** A step begins; awaited (the CLI starts its apply spinner and Ctrl-C handling at 'apply', and ends them at 'save'). */
  stage?(stage: RunStage): void | Promise<void>;
  /** The run's journal was created (its path, also when the run then throws). */
  journal?(path: string): void;
  /** `signal` stopped the apply: it drops what is queued and waits for the requests in flight. */
  interrupted?(i: ApplyInterrupt): void;
  /** The plan, once journaled and before the guards and the apply (the CLI streams its table). */
  onPlan?(plan: Plan): void;
  /**
   * Without `apply`: asked when changes are pending and nothing blocks; true applies them. Giving
   * it means the run may write, so it takes the lock.
   */
  confirm?(pending: number): Promise<boolean>;
}

export interface SyncRunOptions {
  /** The workspace of this tenant + scope: state, lock and journals. */
  readonly workspace: SyncWorkspace;
  /** Opened by the caller, which closes it. */
  readonly source: DirectorySource;
  readonly client: SyncRunTarget;
  readonly tenant: string;
  readonly graphEndpoint?: string;
  readonly scope: Scope;
  readonly mapping: SyncMapping;
  readonly planOptions?: PlanOptions;
  /** Apply without asking (--apply). */
  readonly apply: boolean;
  /** The journal's command ('sync', 'test-user', 'cloud-sync-cycle'). */
  readonly command: string;
  /** The options the journal records (default: the plan's options, apply and the plan file). */
  readonly journalOptions?: Readonly<Record<string, unknown>>;
  /**
   * Ownership recorded in Entra (docs/state.md): the application holding the extensions (default:
   * the app the client signs in as); false: local state only. Used when the client can request.
   */
  readonly ownership?: { readonly extensionAppId?: string } | false;
  /** Take the workspace's lock when the run may write (default true). */
  readonly lock?: boolean;
  /** One object by DN, step by step (test-user): no full read; journaled only when it applies. */
  readonly object?: string;
  /** Apply this saved plan once a fresh plan shows it is current (--plan FILE). */
  readonly savedPlan?: { readonly plan: Plan; readonly path: string };
  /** Save the plan to this file (--plan-out). */
  readonly planOut?: string;
  /** Read only what changed since the last completed apply, when the watermark allows. */
  readonly delta?: boolean;
  /** Read the DC's change watermark, so the next run may be a delta (default true). */
  readonly changeTracking?: boolean;
  /** A source read that did not complete fails the run (SourceIncompleteError) instead of being planned with a blocking guard. */
  readonly requireCompleteSource?: boolean;
  /** Another message for a guard (the emulator says the delete threshold in Entra's terms). */
  readonly guardMessage?: (trip: GuardTrip) => string | undefined;
  readonly forcePasswordChange?: boolean;
  /** Write mS-DS-ConsistencyGuid = objectGUID back to AD where it is empty (needs a live AD). */
  readonly writeConsistencyGuid?: boolean;
  /** Stops the apply: requests in flight are awaited and journaled, nothing new is sent. */
  readonly signal?: AbortSignal;
  readonly hooks?: SyncRunHooks;
}

export interface SyncRunResult {
  readonly plan: Plan;
  /** As journaled: success, partial, interrupted (applied), planned (not applied), blocked (a guard). */
  readonly outcome: RunOutcome;
  /** The exit code for this outcome (the journal records it). */
  readonly exitCode: number;
  /** Changes pending in the plan. */
  readonly pending: number;
  readonly applied?: ApplyResult;
  /** The blocking guard, when one stopped the run. */
  readonly blocking?: GuardTrip;
  readonly mode?: 'full' | 'delta';
  /** What the source read held (full and delta runs). */
  readonly sourceCounts?: SourceCounts;
  /** The state after the run (as loaded when nothing was applied). */
  readonly state: SyncState;
  /** test-user's steps (runs with `object`). */
  readonly explained?: TestUserResult;
  readonly journal?: string;
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

const outcomeExit = (r: ApplyResult): number => (r.outcome === 'success' ? EXIT.ok : r.outcome === 'interrupted' ? EXIT.interrupted : EXIT.runtime);

interface ReadResult {
  snapshot: SourceSnapshot;
  mode: 'full' | 'delta';
  watermark?: DcWatermark;
  since?: Watermark;
}

/** The watermark first, then the source: a delta read when wanted and possible, else a full one. */
async function readSide(o: SyncRunOptions, state: SyncState): Promise<ReadResult> {
  const { source, scope, mapping, hooks = {} } = o;
  const readOpts = {
    isUnique: uniqueInTenant(o.client),
    onProgress: (n: number) => hooks.progress?.(`Reading ${source.description}: ${n.toLocaleString('en')} objects`),
  };
  const wantDelta = o.delta === true;
  let watermark: DcWatermark | undefined;
  if (o.changeTracking !== false && tracksChanges(source)) {
    try {
      watermark = await source.changeWatermark();
    } catch (e) {
      if (wantDelta) hooks.warn?.(`cannot read the DC's change watermark (${message(e)}): this run is a full run`);
    }
  } else if (wantDelta) {
    hooks.warn?.(`${source.description} does not track changes: --delta runs a full read`);
  }
  if (wantDelta && watermark !== undefined && tracksChanges(source)) {
    const decision = deltaDecision(state.watermark, watermark);
    if (decision.mode === 'full') hooks.warn?.(`--delta: ${decision.reason}; this run is a full run`);
    else {
      const r = await readDelta(source, scope, mapping, decision.since, readOpts);
      if ('fullReason' in r) hooks.warn?.(`--delta: ${r.fullReason}; this run is a full run`);
      else {
        const since = decision.since;
        hooks.info?.(
          `read ${r.delta!.changed} changed object(s) since USN ${since.usn} on ${since.dnsHostName || watermark.dnsHostName} (${r.counts.users} user(s) and ${r.counts.groups} group(s) in scope, ${r.delta!.removed.length} removal candidate(s))`,
        );
        return { snapshot: r, mode: 'delta', watermark, since };
      }
    }
  }
  const snapshot = await readSource(source, scope, mapping, readOpts);
  return { snapshot, mode: 'full', ...(watermark !== undefined ? { watermark } : {}) };
}

/** Reads both sides and plans (or checks the saved plan); test-user's one object is read and planned by testUser. */
async function readAndPlan(o: SyncRunOptions, state: SyncState): Promise<{ plan: Plan; read?: ReadResult; cloud?: CloudSnapshot; explained?: TestUserResult }> {
  const { workspace: ws, tenant, hooks = {} } = o;
  const ownership =
    o.ownership !== false && hasOwnershipClient(o.client)
      ? await detectOwnership(o.client, {
          tenant,
          forest: o.scope.baseDn ?? '',
          scopeKey: ws.key,
          ...(o.ownership?.extensionAppId !== undefined ? { extensionAppId: o.ownership.extensionAppId } : {}),
          managedLocally: state.managed.size,
          ...(hooks.warn !== undefined ? { warn: hooks.warn } : {}),
        })
      : undefined;
  const planOptions = { ...o.planOptions, tenant, scopeKey: ws.key, ...(ownership !== undefined ? { ownership } : {}) };
  await hooks.stage?.('read');
  if (o.object !== undefined) {
    const explained = await testUser(o.object, { source: o.source, scope: o.scope, mapping: o.mapping, target: o.client, state, plan: planOptions });
    return { plan: explained.plan, explained };
  }
  const read = await readSide(o, state);
  const { snapshot } = read;
  if (!snapshot.complete) {
    const reason = snapshot.incompleteReason ?? 'the source read did not complete';
    if (o.requireCompleteSource === true) throw new SourceIncompleteError(snapshot.incompleteReason ?? 'the read did not complete');
    hooks.warn?.(reason);
  }
  await hooks.stage?.('cloud-read');
  hooks.progress?.('Reading the tenant');
  const cloud = await readCloud(o.client, {
    targets: mappedTargets(o.mapping),
    ...(ownership !== undefined ? { ownership: ownership.names } : {}),
    onProgress: (what, n) => hooks.progress?.(`Reading the tenant: ${n.toLocaleString('en')} ${what}`),
  });
  await hooks.stage?.('plan');
  let plan: Plan;
  if (o.savedPlan !== undefined) {
    plan = checkPlanCurrent(o.savedPlan.plan, snapshot, cloud, state, { tenant, scopeKey: ws.key, ...(ownership !== undefined ? { ownership } : {}) });
    hooks.info?.(`the saved plan ${o.savedPlan.path} is current: ${plan.operations.length} operation(s)`);
  } else {
    plan = makePlan(snapshot, cloud, state, planOptions);
  }
  if (o.guardMessage !== undefined) {
    const reword = o.guardMessage;
    plan = { ...plan, guards: plan.guards.map((g) => ((m) => (m === undefined ? g : { ...g, message: m }))(reword(g))) };
  }
  const stopped = plan.guards.find((g) => g.blocking);
  if (o.planOut !== undefined && stopped !== undefined) {
    // A later --apply of it would be refused by the same guard: nothing to save.
    hooks.info?.(`no plan saved to ${o.planOut}: guard ${stopped.guard} stopped the run`);
  } else if (o.planOut !== undefined) {
    savePlan(plan, o.planOut);
    hooks.info?.(`plan saved to ${o.planOut} (apply it with: cloudsync sync --plan ${o.planOut} --apply; the plan keeps its scope)`);
  }
  return { plan, read, cloud };
}

/** Performs one run (see the top of this file). Throws what stops it; a journal it started ends 'failed' or 'blocked' first. */
export async function runSync(o: SyncRunOptions): Promise<SyncRunResult> {
  const { workspace: ws, tenant, hooks = {} } = o;
  const mayWrite = o.apply || hooks.confirm !== undefined;
  const lock = o.lock !== false && mayWrite ? ws.lock({ command: o.command }) : undefined;
  let journal: Journal | undefined;
  try {
    const state = ws.loadState();
    const { plan, read, cloud, explained } = await readAndPlan(o, state);
    const pending = plan.operations.length;
    const base = {
      plan,
      pending,
      state,
      ...(read !== undefined ? { mode: read.mode, sourceCounts: read.snapshot.counts } : {}),
      ...(explained !== undefined ? { explained } : {}),
    };
    const object = o.object !== undefined;
    // One object is journaled only when it is applied; a whole run always.
    if (object && !(o.apply && pending > 0)) {
      return { ...base, outcome: 'planned', exitCode: pending > 0 && !o.apply ? EXIT.findings : EXIT.ok };
    }

    journal = ws.startRun();
    hooks.journal?.(journal.path);
    const since = read?.since;
    journal.start({
      command: o.command,
      tenant,
      scopeKey: ws.key,
      scope: o.scope,
      ...(read !== undefined ? { mode: read.mode } : {}),
      ...(since !== undefined ? { watermark: { invocationId: since.invocationId, usn: since.usn, dnsHostName: since.dnsHostName } } : {}),
      options: o.journalOptions ?? { ...recordedOptions(plan.options), apply: o.apply, ...(o.savedPlan ? { planFile: o.savedPlan.path } : {}) },
    });
    journal.planned(plan);
    for (const w of plan.warnings) hooks.warn?.(`${w.dn ? `${w.dn}: ` : ''}${w.message}`);
    hooks.onPlan?.(plan);

    const blocking = plan.guards.find((g) => g.blocking);
    for (const g of plan.guards.filter((x) => !x.blocking)) hooks.warn?.(`guard ${g.guard}: ${g.message}`);
    if (blocking !== undefined) {
      journal.end({ outcome: 'blocked', exitCode: EXIT.guard, message: blocking.message });
      return { ...base, outcome: 'blocked', exitCode: EXIT.guard, blocking, journal: journal.path };
    }
    if (!o.apply) {
      const confirmed = pending > 0 && hooks.confirm !== undefined && (await hooks.confirm(pending));
      if (!confirmed) {
        const exitCode = pending === 0 ? EXIT.ok : EXIT.findings;
        journal.end({ outcome: 'planned', exitCode, counts: { ...plan.counts } });
        return { ...base, outcome: 'planned', exitCode, journal: journal.path };
      }
    }

    // With --apply even an empty plan runs: it records the bindings and the successful run's counts (the shrink guard compares with them).
    await hooks.stage?.('apply');
    const priorSuccess = state.lastSuccess;
    const writer = o.client.batchWriter();
    const applied = await apply(plan, writer, journal, {
      state,
      ...(o.graphEndpoint !== undefined ? { graphEndpoint: o.graphEndpoint } : {}),
      ...(o.forcePasswordChange !== undefined ? { forcePasswordChange: o.forcePasswordChange } : {}),
      ...(cloud !== undefined ? { cloud } : {}),
      ...(o.signal !== undefined ? { signal: o.signal } : {}),
      onInterrupt: (i) => hooks.interrupted?.(i),
      onProgress: (p) => hooks.progress?.(`Applying phase ${p.phase}/5: ${p.done}/${p.total}${p.failed ? `, ${p.failed} failed` : ''}`),
    });
    await writer.close();
    await hooks.stage?.('save');
    // test-user: the state keeps only what this run learnt about this object; the rest is as loaded.
    if (read !== undefined) {
      const { mode, watermark, snapshot } = read;
      recordRun(applied.state, { mode, runId: journal.runId, ...(watermark !== undefined ? { watermark } : {}), outcome: applied.outcome, complete: snapshot.complete, ...(priorSuccess !== undefined ? { prior: priorSuccess } : {}) });
    }
    ws.saveState(applied.state);
    if (read !== undefined && o.writeConsistencyGuid === true && o.signal?.aborted !== true) await writeBack(o, read.snapshot, journal);
    const exitCode = outcomeExit(applied);
    journal.end({ outcome: applied.outcome, exitCode, counts: { ...plan.counts, ...applied.counts } });
    return { ...base, outcome: applied.outcome, exitCode, applied, state: applied.state, journal: journal.path };
  } catch (e) {
    if (journal !== undefined) {
      const guard = e instanceof CloudsyncError && e.kind === 'guard';
      try {
        journal.end({ outcome: guard ? 'blocked' : 'failed', exitCode: guard ? EXIT.guard : EXIT.runtime, message: message(e) });
      } catch {
        /* the journal is best effort once the run failed */
      }
    }
    throw e;
  } finally {
    lock?.release();
  }
}

/** mS-DS-ConsistencyGuid = objectGUID where AD has none, so the anchor survives a forest move. */
async function writeBack(o: SyncRunOptions, snapshot: SourceSnapshot, journal: Journal): Promise<void> {
  const source = o.source as DirectorySource & Partial<DirectoryWriter>;
  if (typeof source.modify !== 'function') {
    o.hooks?.warn?.('sync.writeConsistencyGuid needs a live AD (not --from): mS-DS-ConsistencyGuid was not written');
    return;
  }
  const results = await writeBackConsistencyGuid(source as DirectoryWriter, snapshot, journal);
  const written = results.filter((r) => r.status === 'success' && r.note === undefined).length;
  const failed = results.filter((r) => r.status === 'failed');
  o.hooks?.info?.(`mS-DS-ConsistencyGuid written back on ${written} object(s)${failed.length ? `; ${failed.length} failed (first: ${failed[0]?.dn}: ${failed[0]?.error})` : ''}`);
}
