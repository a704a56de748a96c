import { existsSync, writeFileSync, utimesSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decidePrune, pruneRuns, runStartMs } from '../../src/logs/runs/index.js';
import { SyncWorkspace } from '../../src/sync/store/workspace.js';
import { cleanup, fileOf, idAt, openJournal, tempState } from './logs-runs-support.js';

afterEach(cleanup);
const KEY = 'corp.onmicrosoft.com-0123456789abcdef';
const NOW = Date.parse('2026-11-10T12:00:00Z');
const DAY = 86_400_000;

/** Ended plan-only runs, one a day, the newest yesterday. */
function runs(state: string, n: number, key = KEY): string[] {
  const ids: string[] = [];
  for (let i = n; i >= 1; i--) {
    const id = idAt(NOW - i * DAY, i);
    const j = openJournal(state, key, id, NOW - i * DAY);
    j.start({ command: 'sync', scopeKey: key, options: { apply: false } });
    j.end({ outcome: 'planned', exitCode: 0 });
    ids.push(id);
  }
  return ids; // oldest first
}

const never = () => false;

describe('retention rules', () => {
  it('keeps the newest N runs and the runs of the last D days', () => {
    const files = Array.from({ length: 6 }, (_, i) => fileOf('/s', KEY, idAt(NOW - (i + 1) * DAY, i)));
    const by = (r: { runs?: number; days?: number }) =>
      decidePrune(files, r, { running: never }, NOW)
        .filter((d) => d.prune)
        .map((d) => [d.file.runId.slice(0, 8), d.prune]);
    expect(by({ runs: 4, days: 90 })).toEqual([['20261105', 'count'], ['20261104', 'count']]);
    expect(by({ runs: 100, days: 3.5 })).toEqual([['20261106', 'age'], ['20261105', 'age'], ['20261104', 'age']]);
    expect(by({})).toEqual([]);
  });

  it('never prunes the newest run, even when every rule drops it', () => {
    const files = [fileOf('/s', KEY, idAt(NOW - 400 * DAY)), fileOf('/s', KEY, idAt(NOW - 500 * DAY))];
    const d = decidePrune(files, { runs: 1, days: 1 }, { running: never }, NOW);
    expect(d.map((x) => [x.prune, x.kept])).toEqual([[undefined, 'newest'], ['count', undefined]]);
  });

  it('keeps the newest run when the count rule alone would drop everything (runs: 0)', () => {
    const files = [0, 1].map((i) => fileOf('/s', KEY, idAt(NOW - (i + 1) * DAY, i)));
    expect(decidePrune(files, { runs: 0 }, { running: never }, NOW).map((x) => x.prune ?? x.kept)).toEqual(['newest', 'count']);
  });

  it('never prunes a run in progress', () => {
    const files = [0, 1, 2].map((i) => fileOf('/s', KEY, idAt(NOW - (i + 1) * DAY, i)));
    const running = (f: { runId: string }) => f.runId === files[1]!.runId;
    const d = decidePrune(files, { runs: 1 }, { running }, NOW);
    expect(d.map((x) => x.prune ?? x.kept)).toEqual([undefined, 'in progress', 'count']);
  });

  it('keeps an applying run the state has not folded in yet', () => {
    const files = [0, 1, 2].map((i) => fileOf('/s', KEY, idAt(NOW - (i + 1) * DAY, i), true));
    const d = decidePrune(files, { runs: 1 }, { running: never, lastRunId: files[2]!.runId }, NOW);
    expect(d.map((x) => x.prune ?? x.kept)).toEqual([undefined, 'not in the state yet', 'count']);
    expect(decidePrune(files, { runs: 1 }, { running: never }, NOW).map((x) => x.prune ?? x.kept)).toEqual([undefined, 'not in the state yet', 'not in the state yet']);
  });

  it('reads a run id as its start time', () => {
    expect(runStartMs('20260301T101500123Z-a1b2c3')).toBe(Date.parse('2026-03-01T10:15:00.123Z'));
    expect(runStartMs('nonsense')).toBeUndefined();
  });
});

describe('pruneRuns on a state directory', () => {
  it('removes journals and their apply markers, per scope; --dry-run removes nothing', () => {
    const s = tempState();
    const a = runs(s, 5);
    const b = runs(s, 2, 'corp.onmicrosoft.com-fedcba9876543210');
    writeFileSync(join(s, 'sync', KEY, 'runs', `${a[0]}.ndjson.apply`), '');
    writeFileSync(join(s, 'sync', KEY, 'state.json'), JSON.stringify({ format: 'cloudsync-state', version: 1, lastRunId: a[4], managed: {} }));
    const dry = pruneRuns(s, { runs: 2 }, { dryRun: true, now: NOW });
    expect(dry.pruned.map((d) => d.file.runId).sort()).toEqual(a.slice(0, 3).sort());
    expect(a.every((id) => existsSync(join(s, 'sync', KEY, 'runs', `${id}.ndjson`)))).toBe(true);
    const real = pruneRuns(s, { runs: 2 }, { now: NOW });
    expect(real.pruned).toHaveLength(3);
    expect(a.map((id) => existsSync(join(s, 'sync', KEY, 'runs', `${id}.ndjson`)))).toEqual([false, false, false, true, true]);
    expect(existsSync(join(s, 'sync', KEY, 'runs', `${a[0]}.ndjson.apply`))).toBe(false);
    expect(b.every((id) => existsSync(join(s, 'sync', 'corp.onmicrosoft.com-fedcba9876543210', 'runs', `${id}.ndjson`)))).toBe(true);
  });

  it('keeps a run without run-end while its scope lock is held by a live process, and prunes it once the lock is gone', () => {
    const s = tempState();
    const ids = runs(s, 3);
    // An older run, killed or still on, without run-end, applying.
    const id = idAt(NOW - 10 * DAY, 9);
    const j = openJournal(s, KEY, id, NOW - 10 * DAY);
    j.start({ command: 'sync', scopeKey: KEY, options: { apply: true } });
    j.close();
    const path = join(s, 'sync', KEY, 'runs', `${id}.ndjson`);
    utimesSync(path, new Date(), new Date());
    const lock = join(s, 'sync', KEY, 'sync.lock');
    writeFileSync(lock, JSON.stringify({ pid: process.pid, host: hostname(), startedAt: new Date(Date.now() - 60_000).toISOString(), token: 't' }));
    const held = pruneRuns(s, { runs: 1 }, { now: NOW });
    expect(held.kept.map((d) => [d.file.runId, d.kept])).toContainEqual([id, 'in progress']);
    expect(existsSync(path)).toBe(true);
    // The holder is gone: the run was interrupted, and it goes like any other.
    const gone = pruneRuns(s, { runs: 1 }, { now: NOW, isAlive: () => false });
    expect(gone.pruned.map((d) => d.file.runId)).toContain(id);
    expect(existsSync(path)).toBe(false);
    expect(existsSync(join(s, 'sync', KEY, 'runs', `${ids[2]}.ndjson`))).toBe(true);
  });

  it('runs when a sync run starts: the scope then holds the retention count, the new run included', () => {
    const s = tempState();
    const ws = SyncWorkspace.open({ tenant: 'corp.onmicrosoft.com', scope: { ous: ['OU=Staff,DC=corp,DC=example,DC=com'] }, stateDir: s, retention: { runs: 3 } });
    for (let i = 0; i < 5; i++) {
      const j = ws.startRun(() => new Date(Date.now() + i * 1000));
      j.start({ command: 'sync', scopeKey: ws.key, options: { apply: false } });
      j.end({ outcome: 'planned', exitCode: 0 });
    }
    expect(ws.runs()).toHaveLength(3);
    expect(ws.pruned?.pruned).toHaveLength(1);
  });
});
