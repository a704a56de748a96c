/**
 * Whether a run without a run-end line is still on. An applying run holds its scope's lock
 * (src/sync/store/lock.ts) from before its journal exists until after its run-end: a journal written
 * since a live holder took the lock is that holder's. A plan-only run holds no lock but writes its
 * whole journal in a moment, so one written to within the last minutes counts as on.
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { processAlive, type LockInfo } from '../../sync/store/lock.js';
import { scopesDir } from './discover.js';

/** How long a plan-only journal without run-end counts as still being written. */
export const PLAN_ONLY_GRACE_MS = 2 * 60_000;

export interface HeldLock {
  readonly info: LockInfo;
  /** ms since the epoch. */
  readonly since: number;
}

/** The scope's lock when a live process holds it (a lock from another host counts as held: its pid cannot be checked). */
export function heldLock(stateDir: string, scopeKey: string, isAlive: (pid: number) => boolean = processAlive): HeldLock | undefined {
  let info: LockInfo;
  try {
    info = JSON.parse(readFileSync(join(scopesDir(stateDir), scopeKey, 'sync.lock'), 'utf8')) as LockInfo;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    // Being written this instant: held.
    return { info: { pid: -1, host: '?', startedAt: new Date().toISOString(), token: '?' }, since: Date.now() };
  }
  const since = Date.parse(info.startedAt);
  if (info.host === hostname() && !isAlive(info.pid)) return undefined;
  return { info, since: Number.isFinite(since) ? since : 0 };
}

export interface ActivityInput {
  readonly mtimeMs: number;
  /** The run applies (it holds the lock while on). */
  readonly applying: boolean;
  readonly lock: HeldLock | undefined;
  readonly now: number;
}

/** A run without run-end: still on, or interrupted (killed or crashed). */
export function stillRunning(i: ActivityInput): boolean {
  // The lock's startedAt and the file's mtime come from the same clock; allow for coarse timestamps.
  if (i.lock !== undefined && i.mtimeMs >= i.lock.since - 2000) return true;
  if (i.applying) return false;
  return i.now - i.mtimeMs < PLAN_ONLY_GRACE_MS;
}
