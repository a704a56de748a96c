/**
 * One synchronization cycle of a job: cloudsync's own sync run (src/sync/run.ts: read → cloud
 * read → plan → apply, journaled; no lock, always a full read, the delete threshold in Entra's
 * terms) against the configuration's source and scope, writing through this
 * emulator's Graph endpoint; then the journal becomes provisioning-log records. A cycle held by
 * the delete threshold applies nothing and stages the deletes; a source that cannot be read
 * fails the cycle (the job is quarantined by afterCycle).
 */
import { randomUUID } from 'node:crypto';
import type { EntraClient } from '../../directory/entra/client.js';
import type { DirectorySource } from '../../directory/types.js';
import { runSync, type RunStage } from '../../sync/run.js';
import { readJournal, type JournalEvent } from '../../sync/store/journal.js';
import type { SyncState } from '../../sync/store/state.js';
import { deleteThreshold } from './defaults.js';
import type { CycleOutcome } from './lifecycle.js';
import type { ConfigurationRecord, JobRecord } from './model.js';
import { jobMapping, jobScope, workspace } from './pipeline.js';
import { describeSource, openSyncSource } from './source.js';

export interface CycleDeps {
  tenantId: string;
  workDir: string;
  graphEndpoint: string;
  client: EntraClient;
  env?: NodeJS.ProcessEnv;
}

export interface CycleResult {
  outcome: CycleOutcome;
  activity: string;
  /** The journal of the run (absent when nothing ran: no source, or it could not be read). */
  events?: JournalEvent[];
  staged: boolean;
}

/** Objects the configuration has in the cloud: bound to a cloud id (a create that failed is managed, but not synchronised). */
function managedCounts(state: SyncState | undefined): { user: number; group: number } {
  const out = { user: 0, group: 0 };
  for (const e of state?.managed.values() ?? []) if (e.cloudId !== undefined) out[e.kind]++;
  return out;
}

/**
 * The plan's threshold is "the most deletes a run may make"; Entra's DeleteThresholdValue is the
 * number that stops the cycle ("if this number is reached, the synchronization stops"): value - 1.
 */
function planThreshold(job: JobRecord): number {
  return Math.max(0, deleteThreshold(job) - 1);
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** A cycle that threw (Graph unreachable, a bug): it failed as a whole. */
export function crashed(began: number, full: boolean, e: unknown): CycleOutcome {
  return {
    began,
    ended: Date.now(),
    full,
    imported: 0,
    entitled: 0,
    changedObjects: 0,
    exports: 0,
    exported: 0,
    failed: 0,
    stagedDeletes: 0,
    forcedDeletes: false,
    synchronized: { user: 0, group: 0 },
    error: { code: 'SynchronizationFailed', message: message(e), tenantActionable: false },
  };
}

export async function runCycle(deps: CycleDeps, config: ConfigurationRecord, job: JobRecord): Promise<CycleResult> {
  const began = Date.now();
  const activity = randomUUID();
  const full = job.next.full;
  const base = { began, full, imported: 0, entitled: 0, changedObjects: 0, exports: 0, exported: 0, failed: 0, stagedDeletes: 0, forcedDeletes: false };
  const scope = jobScope(job);
  const ws = workspace(deps.workDir, config.servicePrincipalId, deps.tenantId);
  if (config.source === undefined) {
    return { outcome: { ...base, ended: Date.now(), synchronized: managedCounts(ws.loadState()) }, activity, staged: false };
  }
  const failed = (e: unknown, synchronized = managedCounts(undefined)): CycleResult => ({
    outcome: { ...base, ended: Date.now(), synchronized, error: { code: 'SourceUnavailable', message: `Cannot read ${describeSource(config.source!)}: ${message(e)}`, tenantActionable: true } },
    activity,
    staged: false,
  });
  let source: DirectorySource;
  try {
    source = await openSyncSource(config.source, deps.env);
  } catch (e) {
    return failed(e);
  }
  // The stage the run reached and its journal: a failed read fails the cycle as a source problem,
  // a failed apply as one with a journal; anything else (Graph unreachable) crashes it.
  let stage: RunStage | undefined;
  let journalPath: string | undefined;
  const forceDeletes = job.next.forceDeletes;
  const value = deleteThreshold(job);
  try {
    const run = await runSync({
      workspace: ws,
      source,
      client: deps.client,
      tenant: deps.tenantId,
      graphEndpoint: deps.graphEndpoint,
      scope,
      mapping: jobMapping(job),
      // Cloud Sync's only removal guard is its delete threshold (accidental deletes prevention).
      planOptions: { deleteThreshold: planThreshold(job), forceDeletes, shrinkRatio: 0, removalGuard: false, onDelete: 'delete' },
      apply: true,
      command: 'cloud-sync-cycle',
      journalOptions: { jobId: job.id, servicePrincipalId: config.servicePrincipalId, forceDeletes },
      lock: false,
      changeTracking: false,
      requireCompleteSource: true,
      // The held cycle's guard message in Entra's terms (it becomes the staged deletes' log text).
      guardMessage: (g) => (g.guard === 'delete-threshold' && g.blocking ? `${g.removals} objects would be deleted, reaching the accidental-delete threshold of ${value}` : undefined),
      hooks: {
        stage: (s) => {
          stage = s;
        },
        journal: (path) => {
          journalPath = path;
        },
      },
    });
    const { plan } = run;
    const counted = { ...base, imported: run.sourceCounts!.read, entitled: run.sourceCounts!.users + run.sourceCounts!.groups };
    const changedObjects = new Set(plan.operations.map((op) => op.anchor ?? op.cloudId ?? op.dn ?? String(op.seq))).size;
    const events = readJournal(run.journal!);
    if (run.blocking !== undefined) {
      const blocking = run.blocking;
      const staged = blocking.guard !== 'source-incomplete';
      if (!staged) return { ...failed(new Error(blocking.message), managedCounts(run.state)), events };
      // A delta cycle still imported the changes it then held back.
      return { outcome: { ...counted, ended: Date.now(), changedObjects, stagedDeletes: Math.max(1, blocking.removals), synchronized: managedCounts(run.state) }, activity, events, staged: true };
    }
    const result = run.applied!;
    return {
      outcome: {
        ...counted,
        ended: Date.now(),
        changedObjects,
        exports: result.counts.succeeded + result.counts.failed,
        exported: result.counts.succeeded,
        failed: result.counts.failed,
        forcedDeletes: forceDeletes,
        synchronized: managedCounts(result.state),
      },
      activity,
      events,
      staged: false,
    };
  } catch (e) {
    if (stage === 'read') return failed(e, managedCounts(ws.loadState()));
    if (stage === 'apply' && journalPath !== undefined) return { ...failed(e, managedCounts(ws.loadState())), events: readJournal(journalPath) };
    throw e;
  } finally {
    await source.close();
  }
}
