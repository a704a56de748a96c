/**
 * Where a tenant + scope keeps its state, lock and run journals:
 *
 *   <state dir>/sync/<scope key>/state.json
 *   <state dir>/sync/<scope key>/sync.lock
 *   <state dir>/sync/<scope key>/runs/<run id>.ndjson
 *
 * The state dir is CLOUDSYNC_STATE_DIR, else the OS convention (docs/sync.md).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { normalizeDn } from '../../directory/dn.js';
import type { Scope } from '../../directory/types.js';
import { CloudsyncError } from '../../errors.js';
import { Journal, newRunId, readJournal } from './journal.js';
import { SyncLock, type LockOptions } from './lock.js';
import { DEFAULT_RETENTION, pruneRuns, type PruneReport, type Retention } from '../../logs/runs/retention.js';
import { foldEvent, readStateFile, writeStateFile, type SyncState } from './state.js';

/** The state directory: CLOUDSYNC_STATE_DIR, else per OS (XDG on Linux, LOCALAPPDATA on Windows, Application Support on macOS). */
export function defaultStateDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = homedir()): string {
  const explicit = env.CLOUDSYNC_STATE_DIR?.trim();
  if (explicit) return explicit;
  if (platform === 'win32') return join(env.LOCALAPPDATA?.trim() || join(home, 'AppData', 'Local'), 'cloudsync', 'state');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'cloudsync', 'state');
  const xdg = env.XDG_STATE_HOME?.trim();
  return join(xdg ? xdg : join(home, '.local', 'state'), 'cloudsync');
}

function safeDn(dn: string): string {
  try {
    return normalizeDn(dn);
  } catch {
    return dn.trim().toLowerCase();
  }
}

/** The scope in a canonical form: DNs normalized and sorted, so the same scope always keys the same state. */
export function canonicalScope(scope: Scope): Record<string, unknown> {
  return {
    base: scope.baseDn === undefined ? null : safeDn(scope.baseDn),
    ous: [...(scope.ous ?? [])].map(safeDn).sort(),
    groups: [...(scope.groups ?? [])].map(safeDn).sort(),
    filter: scope.filter?.trim() ?? null,
  };
}

/** `<tenant>-<16 hex of the scope>`: one state, lock and journal folder per tenant and scope. */
export function scopeKey(tenant: string, scope: Scope): string {
  const t = tenant.trim().toLowerCase().replace(/[^a-z0-9.-]/g, '_') || 'tenant';
  const h = createHash('sha256').update(JSON.stringify(canonicalScope(scope))).digest('hex').slice(0, 16);
  return `${t}-${h}`;
}

export interface WorkspaceOptions {
  readonly tenant: string;
  readonly scope: Scope;
  /** Default: defaultStateDir(). */
  readonly stateDir?: string;
  /** Journals kept (config `logs.retention`; default 100 runs and 90 days). */
  readonly retention?: Retention;
}

export class SyncWorkspace {
  readonly key: string;
  readonly dir: string;
  readonly runsDir: string;
  readonly statePath: string;
  readonly lockPath: string;

  /** What the retention removed when this run started (undefined before startRun). */
  pruned?: PruneReport;

  private constructor(
    readonly tenant: string,
    readonly scope: Scope,
    private readonly stateDir: string,
    private readonly retention: Retention = {},
  ) {
    this.key = scopeKey(tenant, scope);
    this.dir = join(stateDir, 'sync', this.key);
    this.runsDir = join(this.dir, 'runs');
    this.statePath = join(this.dir, 'state.json');
    this.lockPath = join(this.dir, 'sync.lock');
  }

  /** Opens (creating the folders) the workspace of a tenant and scope. */
  static open(opts: WorkspaceOptions): SyncWorkspace {
    const ws = new SyncWorkspace(opts.tenant, opts.scope, opts.stateDir ?? defaultStateDir(), opts.retention);
    try {
      mkdirSync(ws.runsDir, { recursive: true, mode: 0o700 });
    } catch (e) {
      throw new CloudsyncError('runtime', `cannot create the state directory ${ws.dir}: ${(e as Error).message}; set CLOUDSYNC_STATE_DIR to a writable folder`, { cause: e });
    }
    return ws;
  }

  lock(opts: LockOptions = {}): SyncLock {
    return SyncLock.acquire(this.lockPath, opts);
  }

  /** Run ids of the journals here, oldest first. */
  runs(): string[] {
    return readdirSync(this.runsDir)
      .filter((f) => f.endsWith('.ndjson'))
      .map((f) => f.slice(0, -'.ndjson'.length))
      .sort();
  }

  journalPath(runId: string): string {
    return join(this.runsDir, `${runId}.ndjson`);
  }

  /**
   * The state, with the journals of later applying runs folded in: a run killed before it saved
   * the state still left its intents and results, and they are not lost. Plan-only journals are
   * not read (they carry no apply marker).
   */
  loadState(): SyncState {
    const state = readStateFile(this.statePath, this.tenant, this.key);
    for (const runId of this.runs()) {
      if (state.lastRunId !== undefined && runId <= state.lastRunId) continue;
      const path = this.journalPath(runId);
      if (!existsSync(Journal.applyMarker(path))) continue;
      for (const e of readJournal(path)) foldEvent(state, e);
      state.lastRunId = runId;
    }
    return state;
  }

  saveState(state: SyncState): void {
    writeStateFile(this.statePath, state);
  }

  /**
   * Starts a run's journal (a new file). Older journals beyond the retention go first, so a
   * scope keeps at most `runs` journals once this run is written (the retention never removes
   * the newest run, one still on, nor an applying run not yet folded into the state).
   */
  startRun(clock?: () => Date): Journal {
    const r = this.retention;
    try {
      // One less than the retention: the run starting now is the one more.
      this.pruned = pruneRuns(this.stateDir, { ...r, runs: (r.runs ?? DEFAULT_RETENTION.runs) - 1 }, { scopeKey: this.key });
    } catch {
      // Pruning is housekeeping: it never stops a run.
    }
    const runId = newRunId(clock?.() ?? new Date());
    return Journal.create(this.journalPath(runId), runId, clock);
  }
}
