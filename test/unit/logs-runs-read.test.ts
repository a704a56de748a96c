import { appendFileSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { followJournal, listJournals, listRuns, readFirstLine, readLastLines, resolveRun, summarizeRun } from '../../src/logs/runs/index.js';
import type { JournalEvent } from '../../src/sync/store/journal.js';
import { clean, cleanup, fileOf, idAt, OPS, openJournal, tempState } from './logs-runs-support.js';

afterEach(cleanup);
const KEY = 'corp.onmicrosoft.com-0123456789abcdef';
const T0 = Date.parse('2026-03-01T10:15:00Z');

function fileFor(state: string, id: string, key = KEY) {
  const f = listJournals(state).find((j) => j.runId === id && j.scopeKey === key)!;
  return { ...f, size: statSync(f.path).size };
}

describe('head and tail reads', () => {
  it('reads the first and last complete lines of a large journal and leaves out a cut-short last line', () => {
    const s = tempState();
    const id = idAt(T0);
    const j = openJournal(s, KEY, id, T0);
    j.start({ command: 'sync', scopeKey: KEY, options: { apply: true } });
    for (let i = 0; i < 3000; i++) j.append({ type: 'planned', ...clean({ ...OPS.updateBob, op: i + 1 }) });
    j.close();
    const path = fileOf(s, KEY, id).path;
    expect(statSync(path).size).toBeGreaterThan(64 * 1024 * 2);
    expect(JSON.parse(readFirstLine(path)!).type).toBe('run-start');
    expect(readLastLines(path, 2).map((l) => JSON.parse(l).op)).toEqual([2999, 3000]);
    appendFileSync(path, '{"type":"intent","op":1,"acti');
    expect(readLastLines(path, 1).map((l) => JSON.parse(l).op)).toEqual([3000]);
  });

  it('handles a journal that is one line without its newline, and an empty one', () => {
    const s = tempState();
    const p = join(s, 'one.ndjson');
    writeFileSync(p, '{"type":"run-start"');
    expect(readLastLines(p, 1)).toEqual([]);
    expect(readFirstLine(p)).toBe('{"type":"run-start"');
    writeFileSync(p, '');
    expect(readFirstLine(p)).toBeUndefined();
    expect(readLastLines(p, 1)).toEqual([]);
  });
});

describe('run summaries', () => {
  it('takes counts by action and by result from run-end', async () => {
    const s = tempState();
    const id = idAt(T0);
    const j = openJournal(s, KEY, id, T0);
    j.start({ command: 'sync', tenant: 'corp.onmicrosoft.com', scopeKey: KEY, scope: { ous: ['OU=Staff,DC=corp,DC=example,DC=com'], groups: ['CN=Sync,DC=corp,DC=example,DC=com'] }, mode: 'delta', options: { apply: true } });
    j.end({ outcome: 'partial', exitCode: 3, counts: { create: 2, update: 0, delete: 1, total: 3, unchanged: 7, succeeded: 2, failed: 1, skipped: 0, notRun: 0 } });
    const r = (await summarizeRun(fileFor(s, id), { lock: undefined }))!;
    expect(r).toMatchObject({ runId: id, command: 'sync', mode: 'apply', read: 'delta', state: 'ended', outcome: 'partial', exitCode: 3, tenant: 'corp.onmicrosoft.com' });
    expect(r.actions).toEqual({ create: 2, delete: 1 });
    expect(r.results).toEqual({ succeeded: 2, failed: 1 });
    expect(r.scope).toBe('OU=Staff,DC=corp,DC=example,DC=com; group CN=Sync,DC=corp,DC=example,DC=com');
  });

  it('a journal without run-end: interrupted once nothing holds the lock, counted from its lines, duration to its last line', async () => {
    const s = tempState();
    const id = idAt(T0);
    const j = openJournal(s, KEY, id, T0);
    j.start({ command: 'sync', scopeKey: KEY, options: { apply: true } });
    j.append({ type: 'planned', ...clean(OPS.createJane) });
    j.append({ type: 'planned', ...clean(OPS.updateBob) });
    j.append({ type: 'intent', ...clean(OPS.createJane) });
    j.append({ type: 'result', ...clean(OPS.createJane), status: 'success' });
    j.close();
    appendFileSync(fileOf(s, KEY, id).path, '{"type":"intent","op":2,');
    const r = (await summarizeRun(fileFor(s, id), { lock: undefined }))!;
    expect(r.state).toBe('interrupted');
    expect(r.outcome).toBe('interrupted');
    expect(r.actions).toEqual({ create: 1, update: 1 });
    expect(r.results).toEqual({ succeeded: 1 });
    expect(r.durationMs).toBe(40); // the test clock: 10 ms a line, start → the last complete line
    // The same journal while a live process holds the scope's lock it was written under: running.
    const lock = { info: { pid: process.pid, host: hostname(), startedAt: new Date(Date.now() - 5000).toISOString(), token: 't' }, since: Date.now() - 5000 };
    const live = (await summarizeRun(fileFor(s, id), { lock }))!;
    expect(live.state).toBe('running');
    expect(live.outcome).toBe('running');
  });
});

describe('the run list and run ids', () => {
  async function three(s: string) {
    const ids = [idAt(T0, 1), idAt(T0 + 3_600_000, 2), idAt(T0 + 7_200_000, 3)];
    const keys = [KEY, 'other.onmicrosoft.com-fedcba9876543210', KEY];
    ids.forEach((id, i) => {
      const j = openJournal(s, keys[i]!, id, T0 + i * 3_600_000);
      j.start({ command: i === 1 ? 'test-user' : 'sync', tenant: keys[i]!.split('-')[0], scopeKey: keys[i], options: { apply: i > 0 } });
      j.end({ outcome: i === 2 ? 'partial' : 'success', exitCode: i === 2 ? 3 : 0 });
    });
    return ids;
  }

  it('lists every scope newest first, filtered by time, failure and scope, limited', async () => {
    const s = tempState();
    const ids = await three(s);
    expect((await listRuns(s)).map((r) => r.runId)).toEqual([...ids].reverse());
    expect((await listRuns(s, { since: T0 + 3_600_000 })).map((r) => r.runId)).toEqual([ids[2], ids[1]]);
    expect((await listRuns(s, { failed: true })).map((r) => r.runId)).toEqual([ids[2]]);
    expect((await listRuns(s, { scope: 'OTHER' })).map((r) => r.command)).toEqual(['test-user']);
    expect(await listRuns(s, { limit: 1 })).toHaveLength(1);
  });

  it('resolves last, an id and a unique prefix; names the runs when an id is unknown', async () => {
    const s = tempState();
    const ids = await three(s);
    const js = listJournals(s);
    expect(resolveRun(js, 'last').runId).toBe(ids[2]);
    expect(resolveRun(js, ids[0]!).runId).toBe(ids[0]);
    expect(resolveRun(js, ids[1]!.slice(0, 11)).runId).toBe(ids[1]);
    expect(() => resolveRun(js, '2026')).toThrow(/ambiguous/);
    expect(() => resolveRun(js, 'nope')).toThrow(new RegExp(`no run "nope": the runs are ${ids[2]}, ${ids[1]}, ${ids[0]}`));
    expect(() => resolveRun([], 'last')).toThrow(/no run journals yet/);
  });
});

describe('following a journal', () => {
  it('yields lines as they are appended, in pieces, until run-end', async () => {
    const s = tempState();
    const id = idAt(T0);
    const j = openJournal(s, KEY, id, T0);
    j.start({ command: 'sync', scopeKey: KEY, options: { apply: true } });
    // From here on lines are appended by hand (the Journal writes at its own file position).
    j.close();
    const path = fileOf(s, KEY, id).path;
    const seen: JournalEvent[] = [];
    const done = (async () => {
      const gen = followJournal(path, { pollMs: 10, stillRunning: () => true });
      for (;;) {
        const n = await gen.next();
        if (n.done) return n.value;
        seen.push(n.value);
      }
    })();
    const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
    await wait(50);
    // A line written in two pieces, split inside a multi-byte character.
    const line = Buffer.from(JSON.stringify({ type: 'warning', message: 'Grüße aus Köln', runId: id, time: new Date().toISOString() }) + '\n');
    const cut = line.indexOf(Buffer.from('ü')) + 1;
    appendFileSync(path, line.subarray(0, cut));
    await wait(50);
    expect(seen.map((e) => e.type)).toEqual(['run-start']);
    appendFileSync(path, line.subarray(cut));
    await wait(50);
    expect(seen.map((e) => e.type)).toEqual(['run-start', 'warning']);
    expect((seen[1] as { message: string }).message).toBe('Grüße aus Köln');
    appendFileSync(path, JSON.stringify({ type: 'run-end', outcome: 'success', durationMs: 5, runId: id, time: new Date().toISOString() }) + '\n');
    expect(await done).toEqual({ reason: 'run-end' });
    expect(seen.map((e) => e.type)).toEqual(['run-start', 'warning', 'run-end']);
  });

  it('stops when the writer is gone without a run-end', async () => {
    const s = tempState();
    const id = idAt(T0);
    const j = openJournal(s, KEY, id, T0);
    j.start({ command: 'sync', scopeKey: KEY, options: { apply: true } });
    j.close();
    const gen = followJournal(fileOf(s, KEY, id).path, { pollMs: 10, quietMs: 30, stillRunning: () => false });
    expect((await gen.next()).value).toMatchObject({ type: 'run-start' });
    expect(await gen.next()).toEqual({ done: true, value: { reason: 'interrupted' } });
  });
});
