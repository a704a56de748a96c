/**
 * The state store of one tenant + scope: which anchors cloudsync manages (and, for groups, their
 * cloud ids, since Graph gives groups no immutable id), the counts of the last successful run and
 * the last run folded in. Written atomically (temp file, fsync, rename). The journals of runs that
 * ended without saving the state (a crash) are folded in when the state is loaded, so the state
 * never forgets an object that a killed run created.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { CloudsyncError } from '../../errors.js';
import type { JournalEvent } from './journal.js';
import type { ObjectKind, SourceCounts } from '../types.js';
import { stateFileSchema } from './state-schema.js';
import { echo } from '../../util/echo.js';

export interface ManagedEntry {
  readonly kind: ObjectKind;
  /** The Entra object id, when known (always for groups that exist). */
  readonly cloudId?: string;
  /** The AD DN last seen, to name the object once it has left the scope. */
  readonly dn?: string;
  /**
   * A group create whose answer never came (the run was killed): the name and nickname it was
   * created with and when, so the next plan can find the group it made.
   */
  readonly pending?: { readonly displayName: string | null; readonly mailNickname: string | null; readonly time: string };
}

export interface LastSuccess {
  readonly runId: string;
  readonly time: string;
  readonly counts: { readonly total: number; readonly users: number; readonly groups: number; readonly byOu: Readonly<Record<string, number>> };
}

/** Where a delta run starts: the DC (invocationId) and its highestCommittedUSN read before the last good read. */
export interface Watermark {
  readonly invocationId: string;
  readonly usn: string;
  readonly dnsHostName: string;
  /** The run that recorded it. */
  readonly runId?: string;
}

export interface SyncState {
  readonly tenant?: string;
  readonly scopeKey?: string;
  /** anchor → what cloudsync manages. Only these are ever disabled or deleted. */
  readonly managed: Map<string, ManagedEntry>;
  /** The newest run whose journal is folded into this state. */
  lastRunId?: string;
  lastSuccess?: LastSuccess;
  /** Set only after an apply run that completed (full or delta); absent = the next --delta runs full. */
  watermark?: Watermark;
}

interface StateFile {
  format: 'cloudsync-state';
  version: 1;
  tenant?: string;
  scopeKey?: string;
  lastRunId?: string;
  lastSuccess?: LastSuccess;
  watermark?: Watermark;
  managed: Record<string, ManagedEntry>;
}

export function emptyState(tenant?: string, scopeKey?: string): SyncState {
  return { ...(tenant !== undefined ? { tenant } : {}), ...(scopeKey !== undefined ? { scopeKey } : {}), managed: new Map() };
}

export function successCounts(c: SourceCounts): LastSuccess['counts'] {
  return { total: c.users + c.groups, users: c.users, groups: c.groups, byOu: { ...c.byOu } };
}

/** Reads a state file; a missing file is the empty state. */
export function readStateFile(path: string, tenant?: string, scopeKey?: string): SyncState {
  if (!existsSync(path)) return emptyState(tenant, scopeKey);
  let raw: StateFile;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8')) as StateFile;
  } catch (e) {
    throw new CloudsyncError('input', `the sync state ${path} is not valid JSON (${echo((e as Error).message, 160)}); restore it from a backup or remove it (cloudsync then manages nothing until the next run matches objects again)`);
  }
  if (raw === null || typeof raw !== 'object' || raw.format !== 'cloudsync-state' || raw.version !== 1 || typeof raw.managed !== 'object' || raw.managed === null) {
    throw new CloudsyncError('input', `${path} is not a cloudsync state file (format ${echo(String(raw?.format), 40)} version ${echo(String(raw?.version), 20)})`);
  }
  const checked = stateFileSchema.safeParse(raw);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    throw new CloudsyncError('input', `the sync state ${path} is damaged: ${echo(issue.path.join('.'), 80)}: ${echo(issue.message, 160)}; restore it from a backup or remove it`);
  }
  const managed = new Map<string, ManagedEntry>();
  for (const [anchor, e] of Object.entries(raw.managed)) if (e.kind === 'user' || e.kind === 'group') managed.set(anchor, e);
  return {
    ...(raw.tenant !== undefined ? { tenant: raw.tenant } : tenant !== undefined ? { tenant } : {}),
    ...(raw.scopeKey !== undefined ? { scopeKey: raw.scopeKey } : scopeKey !== undefined ? { scopeKey } : {}),
    managed,
    ...(raw.lastRunId !== undefined ? { lastRunId: raw.lastRunId } : {}),
    ...(raw.lastSuccess !== undefined ? { lastSuccess: raw.lastSuccess } : {}),
    ...(raw.watermark !== undefined && typeof raw.watermark.invocationId === 'string' && /^\d+$/.test(String(raw.watermark.usn)) ? { watermark: raw.watermark } : {}),
  };
}

/** Writes atomically: a reader sees the old file or the new one, never a mix. */
export function writeStateFile(path: string, state: SyncState): void {
  const file: StateFile = {
    format: 'cloudsync-state',
    version: 1,
    ...(state.tenant !== undefined ? { tenant: state.tenant } : {}),
    ...(state.scopeKey !== undefined ? { scopeKey: state.scopeKey } : {}),
    ...(state.lastRunId !== undefined ? { lastRunId: state.lastRunId } : {}),
    ...(state.lastSuccess !== undefined ? { lastSuccess: state.lastSuccess } : {}),
    ...(state.watermark !== undefined ? { watermark: state.watermark } : {}),
    managed: Object.fromEntries([...state.managed].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  };
  writeFileAtomic(path, JSON.stringify(file, null, 1) + '\n');
}

/** temp + fsync + rename + directory fsync. */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
    throw new CloudsyncError('runtime', `cannot write ${path}: ${(e as Error).message}`, { cause: e });
  }
  try {
    const dir = openSync(dirname(path), 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  } catch {
    // Directories cannot be opened for fsync on Windows; the rename is still atomic there.
  }
}

const definitelyNotDone = (status: number | undefined): boolean => status !== undefined && status >= 400 && status < 500;

/**
 * Folds one journal event into the state. Intents count as "may have happened": an object a
 * create was sent for is managed from then on, even if the answer never came.
 */
export function foldEvent(state: SyncState, e: JournalEvent): void {
  const m = state.managed;
  switch (e.type) {
    case 'bind':
      for (const b of e.bindings) m.set(b.anchor, { kind: b.kind, cloudId: b.cloudId, ...(b.dn !== undefined ? { dn: b.dn } : {}) });
      for (const a of e.unbind) m.delete(a);
      return;
    case 'intent': {
      if (e.anchor === undefined) return;
      const dn = e.dn !== undefined ? { dn: e.dn } : {};
      if (e.action === 'create') {
        if (e.kind === 'user') {
          if (!m.has(e.anchor)) m.set(e.anchor, { kind: 'user', ...dn });
        } else if (m.get(e.anchor)?.cloudId === undefined) {
          const nick = e.changes?.find((c) => c.attribute.toLowerCase() === 'mailnickname')?.new;
          m.set(e.anchor, { kind: 'group', ...dn, pending: { displayName: e.displayName ?? null, mailNickname: typeof nick === 'string' ? nick : null, time: e.time } });
        }
      } else if ((e.action === 'adopt' || e.action === 'restore') && e.cloudId !== undefined) {
        m.set(e.anchor, { kind: e.kind, cloudId: e.cloudId, ...dn });
      }
      return;
    }
    case 'result': {
      if (e.anchor === undefined) return;
      if (e.action === 'create') {
        if (e.status === 'success' && e.cloudId !== undefined) m.set(e.anchor, { kind: e.kind, cloudId: e.cloudId, ...(e.dn !== undefined ? { dn: e.dn } : {}) });
        else if (e.status !== 'success' && e.kind === 'group' && m.get(e.anchor)?.cloudId === undefined && definitelyNotDone(e.httpStatus)) m.delete(e.anchor);
      } else if (e.action === 'delete' && e.kind === 'group' && e.status === 'success') {
        // Security groups are deleted for good in Entra: nothing is left to manage.
        m.delete(e.anchor);
      }
      return;
    }
    default:
      return;
  }
}
