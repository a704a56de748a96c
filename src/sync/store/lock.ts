/**
 * One run at a time per tenant + scope: a lock file created exclusively (O_EXCL) holding the pid,
 * host and start time. A lock left by a process that no longer runs on this host is stale and is
 * taken over; one from another host is never taken over automatically (its pid cannot be checked).
 */
import { closeSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeSync, fsyncSync } from 'node:fs';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { CloudsyncError } from '../../errors.js';
import { LockHeldError } from '../guards.js';

export interface LockInfo {
  readonly pid: number;
  readonly host: string;
  /** ISO 8601. */
  readonly startedAt: string;
  /** Tells two holders with the same pid apart. */
  readonly token: string;
  readonly runId?: string;
  readonly command?: string;
}

export interface LockOptions {
  readonly runId?: string;
  readonly command?: string;
  /** For tests: whether a pid runs on this host (default: signal 0). */
  readonly isAlive?: (pid: number) => boolean;
  readonly host?: string;
  readonly pid?: number;
}

/** Signal 0 tests for existence: ESRCH means gone, EPERM means it runs (as someone else). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(path: string): LockInfo | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    // A lock cut short while being written: treat it as held, so nothing is taken by mistake.
    return { pid: -1, host: '?', startedAt: '?', token: '?' };
  }
}

export class SyncLock {
  private released = false;

  private constructor(
    readonly path: string,
    readonly info: LockInfo,
    /** The stale lock this one replaced, if any. */
    readonly tookOver?: LockInfo,
  ) {}

  /** Takes the lock or throws LockHeldError naming the holder. */
  static acquire(path: string, opts: LockOptions = {}): SyncLock {
    const host = opts.host ?? hostname();
    const info: LockInfo = {
      pid: opts.pid ?? process.pid,
      host,
      startedAt: new Date().toISOString(),
      token: randomBytes(8).toString('hex'),
      ...(opts.runId !== undefined ? { runId: opts.runId } : {}),
      ...(opts.command !== undefined ? { command: opts.command } : {}),
    };
    const alive = opts.isAlive ?? processAlive;
    let tookOver: LockInfo | undefined;
    for (let attempt = 0; attempt < 3; attempt++) {
      if (create(path, info)) return new SyncLock(path, info, tookOver);
      const holder = readLock(path);
      if (holder === undefined) continue; // released meanwhile
      if (holder.pid <= 0) {
        throw new LockHeldError(`the lock ${path} cannot be read (cut short while being written?): if no cloudsync run is active for this tenant and scope, delete it`, path);
      }
      const sameHost = holder.host === host;
      if (!sameHost || alive(holder.pid)) {
        throw new LockHeldError(
          `another cloudsync run holds the lock for this tenant and scope (pid ${holder.pid} on ${holder.host}, since ${holder.startedAt}${holder.command ? `, ${holder.command}` : ''}): wait for it to finish${sameHost ? '' : `, or if that host no longer runs it, delete ${path}`}`,
          path,
        );
      }
      if (takeOverStale(path, holder)) tookOver = holder;
    }
    throw new LockHeldError(`could not take the lock ${path}: other runs keep racing for it; try again`, path);
  }

  /** Releases the lock if it is still ours. */
  release(): void {
    if (this.released) return;
    this.released = true;
    const now = readLock(this.path);
    if (now?.token !== this.info.token) return;
    try {
      unlinkSync(this.path);
    } catch {
      /* already gone */
    }
  }
}

function create(path: string, info: LockInfo): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new CloudsyncError('runtime', `cannot create the lock ${path}: ${(e as Error).message}; check that the state directory is writable`, { cause: e });
  }
  try {
    writeSync(fd, JSON.stringify(info) + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Moves the stale lock aside (rename is atomic) and checks that what moved is the stale lock; if a
 * live run replaced it in between, that lock is put back (link never overwrites).
 */
function takeOverStale(path: string, stale: LockInfo): boolean {
  const aside = `${path}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    renameSync(path, aside);
  } catch {
    return false;
  }
  const moved = readLock(aside);
  if (moved?.token !== stale.token) {
    try {
      linkSync(aside, path);
    } catch {
      /* someone else holds it now: they win */
    }
  }
  try {
    unlinkSync(aside);
  } catch {
    /* gone */
  }
  return moved?.token === stale.token;
}
