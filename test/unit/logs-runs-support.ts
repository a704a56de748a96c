/** Journals for the logs tests, written by the real Journal class into a temporary state dir. */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Journal } from '../../src/sync/store/journal.js';
import type { JournalFile } from '../../src/logs/runs/types.js';

export const dirs: string[] = [];
export function tempState(): string {
  const d = mkdtempSync(join(tmpdir(), 'cloudsync-logs-'));
  dirs.push(d);
  return d;
}
export function cleanup(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** A run id for a start time, as newRunId makes them. */
export function idAt(t: number, n = 1): string {
  return `${new Date(t).toISOString().replace(/[-:.]/g, '')}-${n.toString(16).padStart(6, '0')}`;
}

export function openJournal(state: string, key: string, runId: string, at: number = Date.parse(runId.slice(0, 4) + '-01-01')): Journal {
  const dir = join(state, 'sync', key, 'runs');
  mkdirSync(dir, { recursive: true });
  let t = at;
  return Journal.create(join(dir, `${runId}.ndjson`), runId, () => new Date((t += 10)));
}

export const jane = { kind: 'user' as const, dn: 'CN=Jane Doe,OU=Staff,DC=corp,DC=example,DC=com', upn: 'jane@corp.example.com', displayName: 'Jane Doe', anchor: 'amFuZQ==', cloudId: '11111111-1111-4111-8111-111111111111' };
export const bob = { kind: 'user' as const, dn: 'CN=Bob Stone,OU=Staff,DC=corp,DC=example,DC=com', upn: 'bob@corp.example.com', displayName: 'Bob Stone', anchor: 'Ym9i', cloudId: '22222222-2222-4222-8222-222222222222' };
export const sales = { kind: 'group' as const, dn: 'CN=Sales,OU=Groups,DC=corp,DC=example,DC=com', displayName: 'Sales', anchor: 'c2FsZXM=', cloudId: '33333333-3333-4333-8333-333333333333' };

/** Operation fields as the Journal writes them. */
export const OPS = {
  createJane: { op: 1, action: 'create' as const, ...jane, cloudId: undefined, changes: [{ attribute: 'displayName', old: null, new: 'Jane Doe' }, { attribute: 'department', old: null, new: 'Sales' }] },
  updateBob: { op: 2, action: 'update' as const, ...bob, changes: [{ attribute: 'department', old: 'Sales', new: 'Finance' }, { attribute: 'onPremisesExtensionAttributes.extensionAttribute1', old: null, new: 'X' }] },
  addJane: { op: 3, action: 'add-member' as const, ...sales, member: jane },
  managerBob: { op: 4, action: 'set-manager' as const, ...bob, manager: jane },
  deleteOld: { op: 5, action: 'delete' as const, kind: 'user' as const, dn: 'CN=Old Timer,OU=Gone,DC=corp,DC=example,DC=com', upn: 'old@corp.example.com', displayName: 'Old Timer', cloudId: '44444444-4444-4444-8444-444444444444' },
};

export const clean = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

export function fileOf(state: string, key: string, runId: string, applyMarker = false, mtimeMs = Date.now()): JournalFile {
  return { scopeKey: key, runId, path: join(state, 'sync', key, 'runs', `${runId}.ndjson`), size: 0, mtimeMs, applyMarker };
}
