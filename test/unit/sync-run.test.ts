/**
 * runSync's own decisions: when it asks, when it stops, what it journals and records, and when it
 * holds the lock. The planner and the apply have their own tests; these drive whole runs over the
 * in-memory AD and Graph of sync-fakes.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT, exitCodeForError } from '../../src/exit-codes.js';
import { LockHeldError, readJournal, runSync, type RunEndEvent, type RunStartEvent, type SyncRunOptions } from '../../src/sync/index.js';
import { adGroup, adUser, ArraySource, FakeGraph, Harness, STAFF } from './sync-fakes.js';

const harnesses: Harness[] = [];
afterEach(() => {
  for (const h of harnesses.splice(0)) h.cleanup();
});

const ADELE = `CN=Adele Vance,${STAFF}`;
const ALEX = `CN=Alex Wilber,${STAFF}`;

function setup(): Harness {
  const h = new Harness(new ArraySource([adUser(1, 'Adele Vance'), adUser(2, 'Alex Wilber'), adUser(3, 'Megan Bowen'), adGroup(10, 'Team', [ADELE, ALEX])]), new FakeGraph());
  harnesses.push(h);
  return h;
}

interface Heard {
  warn: string[];
  info: string[];
  stages: string[];
  planned: number[];
  asked: number[];
}

/** The options of a run over the harness, and what its hooks heard. */
function options(h: Harness, over: Partial<SyncRunOptions> = {}): { opts: SyncRunOptions; heard: Heard } {
  const heard: Heard = { warn: [], info: [], stages: [], planned: [], asked: [] };
  const graph = h.graph;
  const opts: SyncRunOptions = {
    workspace: h.workspace(),
    source: h.ad,
    client: Object.assign(Object.create(graph) as FakeGraph, { batchWriter: () => ({ submit: graph.submit.bind(graph), close: async () => undefined }) }),
    tenant: 'contoso',
    scope: h.scope,
    mapping: h.mapping,
    apply: false,
    command: 'sync',
    ...over,
    hooks: {
      warn: (m) => heard.warn.push(m),
      info: (m) => heard.info.push(m),
      stage: (s) => void heard.stages.push(s),
      onPlan: (p) => heard.planned.push(p.operations.length),
      ...over.hooks,
    },
  };
  return { opts, heard };
}

const confirming = (answer: boolean, asked: number[]) => ({
  confirm: async (pending: number) => {
    asked.push(pending);
    return answer;
  },
});

const end = (path: string): RunEndEvent => readJournal(path).at(-1) as RunEndEvent;

describe('runSync', () => {
  it('applies nothing when the confirmation says no: outcome planned, exit 4, the journal ends planned', async () => {
    const h = setup();
    const asked: number[] = [];
    const { opts, heard } = options(h, { hooks: confirming(false, asked) });
    const r = await runSync(opts);
    expect(asked).toEqual([r.pending]);
    expect(r.pending).toBeGreaterThan(0);
    expect(r).toMatchObject({ outcome: 'planned', exitCode: 4 });
    expect(r.applied).toBeUndefined();
    expect(h.graph.requests).toEqual([]);
    expect(heard.planned).toEqual([r.pending]);
    expect(heard.stages).not.toContain('apply');
    expect(end(r.journal!)).toMatchObject({ type: 'run-end', outcome: 'planned', exitCode: 4, counts: expect.objectContaining({ create: 4 }) });
    // Nothing applied, nothing recorded: the state is as it was.
    expect(h.workspace().loadState().managed.size).toBe(0);
  });

  it('applies when the confirmation says yes, and journals the run with its exit code', async () => {
    const h = setup();
    const asked: number[] = [];
    const { opts, heard } = options(h, { hooks: confirming(true, asked) });
    const r = await runSync(opts);
    expect(asked).toHaveLength(1);
    expect(r).toMatchObject({ outcome: 'success', exitCode: 0, mode: 'full' });
    expect(r.applied?.counts.succeeded).toBe(r.pending);
    expect(h.graph.userByUpn('adele.vance@contoso.com')).toBeDefined();
    expect(heard.stages).toEqual(['read', 'cloud-read', 'plan', 'apply', 'save']);
    const events = readJournal(r.journal!);
    expect(events[0]).toMatchObject({ type: 'run-start', command: 'sync', mode: 'full', options: expect.objectContaining({ apply: false, onDelete: 'delete' }) });
    expect(end(r.journal!)).toMatchObject({ outcome: 'success', exitCode: 0 });
    expect(h.workspace().loadState().managed.size).toBe(4);
  });

  it('stops at a blocking guard: blocked, exit 5, nothing applied, never asks', async () => {
    const h = setup();
    await runSync(options(h, { apply: true }).opts);
    h.ad.remove(`CN=Megan Bowen,${STAFF}`);
    const requests = h.graph.requests.length;
    const asked: number[] = [];
    const { opts } = options(h, { planOptions: { deleteThreshold: 0 }, hooks: confirming(true, asked) });
    const r = await runSync(opts);
    expect(r).toMatchObject({ outcome: 'blocked', exitCode: 5, blocking: { guard: 'delete-threshold', blocking: true, removals: 1 } });
    expect(r.applied).toBeUndefined();
    expect(asked).toEqual([]);
    expect(h.graph.requests).toHaveLength(requests);
    expect(h.graph.userByUpn('megan.bowen@contoso.com')?.props.accountEnabled).toBe(true);
    expect(end(r.journal!)).toMatchObject({ outcome: 'blocked', exitCode: 5, message: r.blocking!.message });
  });

  it('saves no plan (--plan-out) when a guard stopped the run, and says so', async () => {
    const h = setup();
    await runSync(options(h, { apply: true }).opts);
    h.ad.remove(`CN=Megan Bowen,${STAFF}`);
    const planOut = join(mkdtempSync(join(tmpdir(), 'cloudsync-plan-')), 'plan.json');
    const { opts, heard } = options(h, { planOut, planOptions: { deleteThreshold: 0 } });
    const r = await runSync(opts);
    expect(r.outcome).toBe('blocked');
    expect(existsSync(planOut)).toBe(false);
    expect(heard.info).toContain(`no plan saved to ${planOut}: guard delete-threshold stopped the run`);
    await runSync(options(h, { planOut }).opts);
    expect(existsSync(planOut)).toBe(true);
  });

  it('says a guard in the caller\'s words when asked to (the emulator\'s threshold message)', async () => {
    const h = setup();
    await runSync(options(h, { apply: true }).opts);
    h.ad.remove(`CN=Megan Bowen,${STAFF}`);
    const { opts } = options(h, { apply: true, planOptions: { deleteThreshold: 0 }, guardMessage: (g) => (g.guard === 'delete-threshold' ? `held: ${g.removals}` : undefined) });
    const r = await runSync(opts);
    expect(r.blocking?.message).toBe('held: 1');
    expect(readJournal(r.journal!).find((e) => e.type === 'guard')).toMatchObject({ message: 'held: 1' });
  });

  it('is interrupted by an aborted signal: nothing is sent, outcome interrupted, exit 130', async () => {
    const h = setup();
    const ac = new AbortController();
    ac.abort();
    const { opts } = options(h, { apply: true, signal: ac.signal });
    const r = await runSync(opts);
    expect(r).toMatchObject({ outcome: 'interrupted', exitCode: 130 });
    expect(h.graph.requests).toEqual([]);
    expect(r.applied?.counts.notRun).toBe(r.pending);
    expect(end(r.journal!)).toMatchObject({ outcome: 'interrupted', exitCode: 130 });
  });

  it('with apply, records an empty plan as a successful run (the shrink guard compares with its counts)', async () => {
    const h = setup();
    await runSync(options(h, { apply: true }).opts);
    const before = h.workspace().loadState().lastSuccess!;
    const r = await runSync(options(h, { apply: true }).opts);
    expect(r.pending).toBe(0);
    expect(r).toMatchObject({ outcome: 'success', exitCode: 0 });
    const after = h.workspace().loadState().lastSuccess!;
    expect(after.runId).not.toBe(before.runId);
    expect(r.journal).toContain(after.runId);
  });

  it('without apply, an empty plan ends planned with exit 0 and asks nothing', async () => {
    const h = setup();
    await runSync(options(h, { apply: true }).opts);
    const asked: number[] = [];
    const r = await runSync(options(h, { hooks: confirming(true, asked) }).opts);
    expect(r).toMatchObject({ outcome: 'planned', exitCode: 0, pending: 0 });
    expect(asked).toEqual([]);
  });

  it('holds the lock only when it may write', async () => {
    const h = setup();
    const held = h.workspace().lock({ command: 'sync' });
    try {
      // Plan only: reads, no lock needed.
      const planned = await runSync(options(h).opts);
      expect(planned.outcome).toBe('planned');
      await expect(runSync(options(h, { apply: true }).opts)).rejects.toBeInstanceOf(LockHeldError);
      await expect(runSync(options(h, { hooks: confirming(true, []) }).opts)).rejects.toBeInstanceOf(LockHeldError);
      expect(h.graph.requests).toEqual([]);
    } finally {
      held.release();
    }
    // Released after a run that took it.
    await runSync(options(h, { apply: true }).opts);
    expect(() => h.workspace().lock({ command: 'sync' }).release()).not.toThrow();
  });

  it('ends its journal failed (exit 3) when the apply throws, and rethrows', async () => {
    const h = setup();
    const { opts } = options(h, { apply: true });
    const graph = h.graph;
    const writer = { submit: graph.submit.bind(graph), close: () => Promise.reject(new Error('socket hang up')) };
    const failing = { ...opts, client: Object.assign(Object.create(graph) as FakeGraph, { batchWriter: () => writer }) };
    let journal: string | undefined;
    await expect(runSync({ ...failing, hooks: { journal: (p) => (journal = p) } })).rejects.toThrow('socket hang up');
    expect(end(journal!)).toMatchObject({ outcome: 'failed', exitCode: 3, message: 'socket hang up' });
    // The lock is released all the same.
    expect(() => h.workspace().lock({ command: 'sync' }).release()).not.toThrow();
  });

  it('runs a full read when a delta is wanted from a source that does not track changes, and says so', async () => {
    const h = setup();
    const { opts, heard } = options(h, { delta: true });
    const r = await runSync(opts);
    expect(r.mode).toBe('full');
    expect(heard.warn).toContain('test directory does not track changes: --delta runs a full read');
    expect((readJournal(r.journal!)[0] as RunStartEvent).mode).toBe('full');
  });

  it('fails before planning when a complete read is required and the read broke off', async () => {
    const h = setup();
    h.ad.failAfter = 2;
    const { opts, heard } = options(h, { apply: true, requireCompleteSource: true });
    await expect(runSync(opts)).rejects.toMatchObject({ kind: 'guard', guard: 'source-incomplete' });
    expect(heard.stages).toEqual(['read']);
    expect(h.workspace().runs()).toEqual([]);
  });

  it('journals one object only when it applies it (test-user)', async () => {
    const h = setup();
    const look = await runSync(options(h, { object: ADELE, command: 'test-user' }).opts);
    expect(look).toMatchObject({ outcome: 'planned', exitCode: 4, pending: 1 });
    expect(look.journal).toBeUndefined();
    expect(look.explained?.dn).toBe(ADELE);
    const done = await runSync(options(h, { object: ADELE, command: 'test-user', apply: true, journalOptions: { dn: ADELE, apply: true } }).opts);
    expect(done).toMatchObject({ outcome: 'success', exitCode: 0 });
    expect(h.graph.users.size).toBe(1);
    const start = readJournal(done.journal!)[0] as RunStartEvent;
    expect(start).toMatchObject({ command: 'test-user', options: { dn: ADELE, apply: true } });
    expect(start.mode).toBeUndefined();
  });
});

describe('guard errors', () => {
  it('are of kind guard, name their guard, and map to exit 5', async () => {
    const h = setup();
    const held = h.workspace().lock({ command: 'sync' });
    try {
      const e = await runSync(options(h, { apply: true }).opts).catch((x: unknown) => x);
      expect(e).toMatchObject({ kind: 'guard', guard: 'lock-held' });
      expect(exitCodeForError((e as LockHeldError).kind)).toBe(EXIT.guard);
    } finally {
      held.release();
    }
  });
});
