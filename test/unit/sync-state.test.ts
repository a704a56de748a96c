import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  defaultStateDir,
  Journal,
  LockHeldError,
  plan,
  readJournal,
  scopeKey,
  SyncLock,
  SyncWorkspace,
  type JournalEvent,
} from '../../src/sync/index.js';
import { adGroup, adUser, anchorOf, ArraySource, FakeGraph, Harness, STAFF } from './sync-fakes.js';

const dirs: string[] = [];
const harnesses: Harness[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'cloudsync-state-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  for (const h of harnesses.splice(0)) h.cleanup();
});

function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '']);
  return r.pid!;
}

describe('the lock', () => {
  it('lets one run in at a time and names the holder', () => {
    const path = join(tempDir(), 'sync.lock');
    const first = SyncLock.acquire(path, { command: 'sync --apply' });
    expect(() => SyncLock.acquire(path)).toThrow(LockHeldError);
    expect(() => SyncLock.acquire(path)).toThrow(new RegExp(`pid ${process.pid} on ${hostname()}.*sync --apply`));
    first.release();
    expect(existsSync(path)).toBe(false);
    const second = SyncLock.acquire(path);
    expect(second.tookOver).toBeUndefined();
    second.release();
  });

  it('takes over a stale lock whose process is gone', () => {
    const path = join(tempDir(), 'sync.lock');
    const pid = deadPid();
    writeFileSync(path, JSON.stringify({ pid, host: hostname(), startedAt: '2026-01-01T00:00:00.000Z', token: 'old' }));
    const lock = SyncLock.acquire(path);
    expect(lock.tookOver).toMatchObject({ pid, token: 'old' });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ pid: process.pid, token: lock.info.token });
    // Nothing of the stale lock is left beside it.
    expect(readdirSync(join(path, '..'))).toEqual(['sync.lock']);
    lock.release();
  });

  it('never takes over a lock from another host, nor a live one', () => {
    const path = join(tempDir(), 'sync.lock');
    writeFileSync(path, JSON.stringify({ pid: deadPid(), host: 'other-host', startedAt: 'x', token: 't' }));
    expect(() => SyncLock.acquire(path)).toThrow(/on other-host.*delete .*sync\.lock/);
    writeFileSync(path, JSON.stringify({ pid: process.pid, host: hostname(), startedAt: 'x', token: 't' }));
    expect(() => SyncLock.acquire(path)).toThrow(LockHeldError);
    writeFileSync(path, '{"pid": 12');
    expect(() => SyncLock.acquire(path)).toThrow(/cannot be read.*delete it/);
  });

  it('does not release a lock that is no longer its own', () => {
    const path = join(tempDir(), 'sync.lock');
    const lock = SyncLock.acquire(path);
    writeFileSync(path, JSON.stringify({ pid: 1, host: 'h', startedAt: 'x', token: 'someone-else' }));
    lock.release();
    expect(JSON.parse(readFileSync(path, 'utf8')).token).toBe('someone-else');
  });
});

describe('the journal', () => {
  it('has a start line, an intent before every result, names on every operation line, and an end line', async () => {
    const h = new Harness(new ArraySource([adUser(1, 'Adele Vance'), adUser(2, 'Alex Wilber'), adGroup(10, 'Team', [`CN=Adele Vance,${STAFF}`])]), new FakeGraph());
    harnesses.push(h);
    const { journal } = await h.sync();
    const events = readJournal(journal);
    expect(events[0]).toMatchObject({ type: 'run-start', v: 1, command: 'sync', versions: { node: process.versions.node } });
    expect(events.at(-1)).toMatchObject({ type: 'run-end', outcome: 'success', counts: { succeeded: 4, failed: 0 } });
    const runIds = new Set(events.map((e) => e.runId));
    expect(runIds.size).toBe(1);
    const intents = new Map<number, number>();
    events.forEach((e, i) => {
      if (e.type === 'intent') intents.set(e.op, i);
      if (e.type === 'result') {
        expect(intents.get(e.op), `result of op ${e.op} without an earlier intent`).toBeLessThan(i);
        expect(e).toMatchObject({ status: 'success', httpStatus: expect.any(Number), requestId: expect.stringMatching(/^req-/) });
      }
      if (e.type === 'intent' || e.type === 'result' || e.type === 'planned') {
        expect(e.dn ?? e.upn ?? e.displayName).toBeTruthy();
        if (e.kind === 'user') expect(e.upn).toBeTruthy();
      }
    });
    const created = events.find((e): e is Extract<JournalEvent, { type: 'result' }> => e.type === 'result' && e.action === 'create' && e.kind === 'user')!;
    expect(created.cloudId).toMatch(/^u\d+/);
    const intent = events.find((e): e is Extract<JournalEvent, { type: 'intent' }> => e.type === 'intent' && e.action === 'create' && e.kind === 'user')!;
    expect(intent).toMatchObject({ dn: `CN=Adele Vance,${STAFF}`, upn: 'adele.vance@contoso.com', displayName: 'Adele Vance', anchor: anchorOf(1) });
    expect(intent.changes).toContainEqual({ attribute: 'onPremisesImmutableId', old: null, new: anchorOf(1) });
  });

  it('never holds a password', async () => {
    const h = new Harness(new ArraySource([adUser(1, 'Adele Vance'), adUser(2, 'Alex Wilber')]), new FakeGraph());
    harnesses.push(h);
    const { journal } = await h.sync();
    expect(h.graph.passwords).toHaveLength(2);
    const files = [journal, h.workspace().statePath];
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      for (const pw of h.graph.passwords) expect(text.includes(pw), `${f} contains a password`).toBe(false);
      expect(text).not.toMatch(/password/i);
    }
  });

  it('drops a last line cut short by a crash, but refuses garbage elsewhere', () => {
    const path = join(tempDir(), 'run.ndjson');
    const j = Journal.create(path, 'r1');
    j.warning('one');
    j.warning('two');
    j.close();
    writeFileSync(path, readFileSync(path, 'utf8') + '{"type":"intent","op":3,"act');
    expect(readJournal(path).map((e) => e.type)).toEqual(['warning', 'warning']);
    writeFileSync(path, 'nonsense\n' + readFileSync(path, 'utf8'));
    expect(() => readJournal(path)).toThrow(/line 1 is not a journal line/);
    expect(() => Journal.create(path, 'r1')).toThrow(/cannot create the run journal/);
  });
});

describe('the state store', () => {
  it('is written atomically and remembers the managed objects and the last successful count', async () => {
    const h = new Harness(new ArraySource([adUser(1, 'Adele Vance'), adGroup(10, 'Team', [])]), new FakeGraph());
    harnesses.push(h);
    await h.sync();
    const ws = h.workspace();
    const raw = JSON.parse(readFileSync(ws.statePath, 'utf8'));
    expect(raw).toMatchObject({ format: 'cloudsync-state', version: 1, lastSuccess: { counts: { total: 2, users: 1, groups: 1 } } });
    expect(Object.keys(raw.managed).sort()).toEqual([anchorOf(1), anchorOf(10)].sort());
    expect(raw.managed[anchorOf(10)]).toMatchObject({ kind: 'group', cloudId: h.graph.groupByName('Team')!.id, dn: `CN=Team,OU=Groups,DC=contoso,DC=com` });
    expect(readdirSync(ws.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('folds in the journal of a run that died before saving it', async () => {
    const h = new Harness(new ArraySource([adUser(1, 'Adele Vance'), adGroup(10, 'Team', [])]), new FakeGraph());
    harnesses.push(h);
    const ws = h.workspace();
    const { source, cloud, state } = await h.read();
    const p = plan(source, cloud, state);
    // A plan-only run's journal is never read back (this one is not even valid).
    writeFileSync(ws.journalPath('20000101T000000000Z-000000'), 'not a journal\n{\n');
    const journal = ws.startRun();
    // The run started applying, wrote its intents, one result came back, then the process died.
    journal.markApply();
    journal.intent(p.operations[0]!);
    journal.intent(p.operations[1]!);
    journal.result(p.operations[0]!, { status: 'success', httpStatus: 201, cloudId: 'u-created' });
    journal.close();
    expect(existsSync(ws.statePath)).toBe(false);
    const loaded = ws.loadState();
    expect(loaded.lastRunId).toBe(journal.runId);
    expect(loaded.managed.get(anchorOf(1))).toMatchObject({ kind: 'user', cloudId: 'u-created' });
    // The group create may have happened: remembered as pending, with its name, for recovery.
    expect(loaded.managed.get(anchorOf(10))).toMatchObject({ kind: 'group', pending: { displayName: 'Team', mailNickname: 'Team' } });
  });
});

describe('paths and keys', () => {
  it('finds the state directory by OS convention, CLOUDSYNC_STATE_DIR first', () => {
    expect(defaultStateDir({ CLOUDSYNC_STATE_DIR: '/srv/cs' }, 'linux', '/home/a')).toBe('/srv/cs');
    expect(defaultStateDir({}, 'linux', '/home/a')).toBe('/home/a/.local/state/cloudsync');
    expect(defaultStateDir({ XDG_STATE_HOME: '/x/state' }, 'linux', '/home/a')).toBe('/x/state/cloudsync');
    expect(defaultStateDir({}, 'darwin', '/Users/a')).toBe('/Users/a/Library/Application Support/cloudsync/state');
    expect(defaultStateDir({ LOCALAPPDATA: 'C:\\Users\\a\\AppData\\Local' }, 'win32', 'C:\\Users\\a')).toMatch(/AppData.Local.cloudsync.state$/);
  });

  it('keys the state by tenant and scope, whatever the DN spelling or order', () => {
    const a = scopeKey('Contoso.onmicrosoft.com', { ous: ['OU=Staff,DC=contoso,DC=com', 'OU=Groups,DC=contoso,DC=com'] });
    const b = scopeKey('contoso.onmicrosoft.com', { ous: ['ou=groups, dc=contoso, dc=com', 'OU=STAFF,DC=contoso,DC=com'] });
    expect(a).toBe(b);
    expect(a).toMatch(/^contoso\.onmicrosoft\.com-[0-9a-f]{16}$/);
    expect(scopeKey('contoso.onmicrosoft.com', { ous: ['OU=Staff,DC=contoso,DC=com'] })).not.toBe(a);
    expect(scopeKey('fabrikam.onmicrosoft.com', { ous: ['OU=Staff,DC=contoso,DC=com', 'OU=Groups,DC=contoso,DC=com'] })).not.toBe(a);
    const dir = tempDir();
    const ws = SyncWorkspace.open({ tenant: 'contoso', scope: {}, stateDir: dir });
    expect(existsSync(ws.runsDir)).toBe(true);
  });
});
