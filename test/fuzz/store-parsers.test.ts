/** Fuzz: saved plan files (damaged copies of a real plan) and run journals (damaged lines). */
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listJournals, makeFilter, readRunOperations, summarizeRun } from '../../src/logs/runs/index.js';
import { countOperations } from '../../src/logs/runs/stream.js';
import { checkPlanCurrent, loadPlan, savePlan, type Plan } from '../../src/sync/index.js';
import { parseJournalLine } from '../../src/sync/store/journal-line.js';
import { Journal } from '../../src/sync/store/journal.js';
import { readStateFile, writeStateFile } from '../../src/sync/store/state.js';
import { adGroup, adUser, ArraySource, FakeGraph, Harness, STAFF } from '../unit/sync-fakes.js';
import { params, parsesOrFailsCleanly } from './support.js';

const dir = mkdtempSync(join(tmpdir(), 'cloudsync-fuzz-'));
let plan: Plan;
let harness: Harness;
let fresh: Awaited<ReturnType<Harness['read']>>;
beforeAll(async () => {
  harness = new Harness(new ArraySource([adUser(1, 'Adele Vance'), adUser(2, 'Alex Wilber'), adGroup(10, 'Retail Team', [`CN=Adele Vance,${STAFF}`])]), new FakeGraph());
  await harness.sync();
  harness.ad.objects[0] = adUser(1, 'Adele Vance', { department: 'Sales' });
  harness.ad.objects.pop();
  plan = await harness.plan({ deleteThreshold: 100 });
  fresh = await harness.read();
});
afterAll(() => {
  harness.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

/** A JSON value to put somewhere a plan has something else. */
const junk = fc.oneof(
  fc.constantFrom(null, 5, -1, 1.5, '', 'x'.repeat(5000), true, [], {}, [null], { a: null }, '\n\u001b'),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Every path to a value in a JSON tree. */
function paths(v: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (v !== null && typeof v === 'object') for (const [k, c] of Object.entries(v)) paths(c, [...at, Array.isArray(v) ? Number(k) : k], out);
  return out;
}

function damage(p: unknown, path: readonly (string | number)[], value: unknown, remove: boolean): unknown {
  const copy = JSON.parse(JSON.stringify(p)) as Record<string | number, unknown>;
  if (path.length === 0) return value;
  let node = copy as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (remove) delete node[last];
  else node[last] = value;
  return copy;
}

describe('fuzz: saved plans', () => {
  it('load or fail with a one-line input error; a loaded plan has its fields (300 runs)', () => {
    const all = paths(JSON.parse(JSON.stringify(plan)));
    let n = 0;
    fc.assert(
      fc.property(fc.constantFrom(...all), junk, fc.boolean(), (path, value, remove) => {
        const file = join(dir, `plan-${n++}.json`);
        writeFileSync(file, JSON.stringify(damage(plan, path, value, remove)) ?? '');
        const loaded = parsesOrFailsCleanly(() => loadPlan(file), { path: file });
        if (loaded !== undefined) {
          expect(Array.isArray(loaded.operations) && loaded.operations.every((o) => typeof o.seq === 'number' && typeof o.action === 'string')).toBe(true);
          expect(typeof loaded.source.fingerprint).toBe('string');
          // Checked against a fresh read: current, or a clean refusal (stale, mismatched, guarded).
          parsesOrFailsCleanly(() => checkPlanCurrent(loaded, fresh.source, fresh.cloud, fresh.state, { tenant: 'contoso', scopeKey: harness.workspace().key }));
        }
      }),
      params(300),
    );
    savePlan(plan, join(dir, 'good.json'));
    expect(loadPlan(join(dir, 'good.json'))).toEqual(plan);
  });
});

describe('fuzz: sync state files', () => {
  it('load or fail with a one-line input error (200 runs)', () => {
    const good = join(dir, 'state-good.json');
    writeStateFile(good, { ...fresh.state, lastSuccess: { runId: 'r', time: 't', counts: { total: 2, users: 2, groups: 0, byOu: {} } }, watermark: { invocationId: 'i', usn: '5', dnsHostName: 'dc' } });
    const state: unknown = JSON.parse(readFileSync(good, 'utf8'));
    const all = paths(state);
    let n = 0;
    fc.assert(
      fc.property(fc.constantFrom(...all), junk, fc.boolean(), (path, value, remove) => {
        const file = join(dir, `state-${n++}.json`);
        writeFileSync(file, JSON.stringify(damage(state, path, value, remove)) ?? '');
        parsesOrFailsCleanly(() => readStateFile(file), { path: file });
      }),
      params(200),
    );
  });
});

const KEY = 'contoso.onmicrosoft.com-0123456789abcdef';
const LINE_TYPES = ['run-start', 'planned', 'intent', 'result', 'guard', 'warning', 'ad-write', 'run-end', 'bind', 'other'];

describe('fuzz: run journals', () => {
  it('every reader drops damaged lines and never throws (150 runs)', async () => {
    const field = fc.oneof(junk, fc.constantFrom('update', 'user', 'success', 'failed', 'Jane', '2026-01-01T00:00:00.000Z'), fc.integer());
    const event = fc.record(
      { type: fc.constantFrom(...LINE_TYPES), op: fc.oneof(fc.integer({ min: 1, max: 5 }), junk), action: field, kind: field, upn: field, dn: field, status: field, time: field, changes: fc.oneof(junk, fc.constant([{ attribute: 'department', old: null, new: 'x' }])), member: field, error: field, message: field, command: field, scope: field },
      { requiredKeys: ['type'] },
    );
    const line = fc.oneof(
      { weight: 4, arbitrary: event.map((e) => JSON.stringify(e)) },
      { weight: 1, arbitrary: fc.constantFrom('null', '5', '[]', '"x"', '{', '{"type":"planned","op":1,"acti', '') },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
    );
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 25 }), fc.boolean(), async (lines, cut) => {
        const state = join(dir, `state-${n++}`);
        const runId = `20260301T101500000Z-${n.toString(16).padStart(6, '0')}`;
        mkdirSync(join(state, 'sync', KEY, 'runs'), { recursive: true });
        const path = join(state, 'sync', KEY, 'runs', `${runId}.ndjson`);
        const j = Journal.create(path, runId, () => new Date(0));
        j.start({ command: 'sync', scopeKey: KEY, options: { apply: true } });
        j.close();
        const text = lines.join('\n');
        appendFileSync(path, cut ? text : text + '\n');
        for (const l of lines) parsesOrFailsCleanly(() => parseJournalLine(l), { also: [SyntaxError] });
        const f = { ...listJournals(state)[0]!, size: statSync(path).size };
        await summarizeRun(f, { lock: undefined, now: 0 });
        await countOperations(path);
        for (const filter of [{}, { user: 'jane' }, { failed: true }, { attribute: 'department', action: ['update'] }]) {
          const r = await readRunOperations(f, makeFilter(filter), { lock: undefined, now: 0 });
          for (const row of r.rows) expect(typeof row.op).toBe('number');
        }
      }),
      params(150),
    );
  });
});

describe('fuzz: journal lines', () => {
  it('parseJournalLine answers an event or a SyntaxError (2000 runs)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)), fc.string({ unit: 'binary', maxLength: 80 })), (l) => {
        parsesOrFailsCleanly(() => parseJournalLine(l), { also: [SyntaxError] });
      }),
      params(2000),
    );
  });
});
