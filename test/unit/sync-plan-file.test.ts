/** A saved plan is checked whole on load: any damage is one clear input error, never a crash later. */
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudsyncError } from '../../src/errors.js';
import { checkPlanCurrent, loadPlan, savePlan, type Plan } from '../../src/sync/index.js';
import { readStateFile } from '../../src/sync/store/state.js';
import { adGroup, adUser, ArraySource, FakeGraph, Harness, STAFF } from './sync-fakes.js';

const harnesses: Harness[] = [];
afterEach(() => {
  for (const h of harnesses.splice(0)) h.cleanup();
});

type Edit = (p: Record<string, any>) => void; // eslint-disable-line @typescript-eslint/no-explicit-any

const DAMAGE: [string, Edit | string, RegExp][] = [
  ['null', 'null', /is not a cloudsync plan/],
  ['an array', '[]', /is not a cloudsync plan/],
  ['operations[0] = null', (p) => (p.operations[0] = null), /damaged cloudsync plan: operations\.0: /],
  ['no source digests', (p) => delete p.source.digests, /source\.digests/],
  ['tenant: 5', (p) => (p.tenant = 5), /tenant: /],
  ['skipped: null', (p) => (p.skipped = null), /skipped: /],
  ['warnings: {}', (p) => (p.warnings = {}), /warnings: /],
  ['threshold 5', (p) => (p.options.deleteThreshold = true), /options\.deleteThreshold/],
  ['protected: "x"', (p) => (p.options.protected = 'x'), /options\.protected/],
  ['an update without changes', (p) => delete p.operations[0].changes, /operations\.0\.changes: an update operation needs changes/],
  ['a member op without a member', (p) => (p.operations[0] = { seq: 1, action: 'add-member', kind: 'group', cloudId: 'g' }), /operations\.0\.member/],
  ['a change with an object value', (p) => (p.operations[0].changes[0].new = { a: 1 }), /operations\.0\.changes\.0\.new/],
  ['a digest tuple of one', (p) => (p.source.digests[Object.keys(p.source.digests)[0]!] = ['x']), /source\.digests\./],
  ['a guard of another name', (p) => (p.guards = [{ guard: 'x', blocking: true, message: 'm', removals: 0 }]), /guards\.0\.guard/],
  ['a key full of newlines', (p) => (p.counts = { ['\n'.repeat(500)]: -1 }), /counts\./],
];

describe('loadPlan', () => {
  async function saved(): Promise<{ h: Harness; file: string; plan: Plan }> {
    const h = new Harness(new ArraySource([adUser(1, 'Adele Vance'), adUser(2, 'Alex Wilber'), adGroup(10, 'Retail Team', [`CN=Adele Vance,${STAFF}`])]), new FakeGraph());
    harnesses.push(h);
    await h.sync();
    h.ad.objects[0] = adUser(1, 'Adele Vance', { department: 'Sales' });
    const plan = await h.plan();
    expect(plan.operations[0]).toMatchObject({ action: 'update' });
    const file = join(h.stateDir, 'plan.json');
    savePlan(plan, file);
    return { h, file, plan };
  }

  it('loads what savePlan wrote', async () => {
    const { file, plan } = await saved();
    expect(loadPlan(file)).toEqual(plan);
  });

  it.each(DAMAGE)('refuses a plan with %s in one line, as an input error', async (_name, edit, message) => {
    const { file, plan } = await saved();
    if (typeof edit === 'string') writeFileSync(file, edit);
    else {
      const p = JSON.parse(JSON.stringify(plan)) as Record<string, unknown>;
      edit(p);
      writeFileSync(file, JSON.stringify(p));
    }
    let error: unknown;
    try {
      loadPlan(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CloudsyncError);
    expect((error as CloudsyncError).kind).toBe('input');
    expect((error as CloudsyncError).message).toMatch(message);
    expect((error as CloudsyncError).message).not.toContain('\n');
    expect((error as CloudsyncError).message.length).toBeLessThan(300 + file.length);
  });

  it('checks a loaded plan against a fresh read without crashing', async () => {
    const { h, file } = await saved();
    const { source, cloud, state } = await h.read();
    const loaded = loadPlan(file);
    expect(checkPlanCurrent(loaded, source, cloud, state, { tenant: 'contoso', scopeKey: h.workspace().key })).toBe(loaded);
  });
});

describe('readStateFile', () => {
  it('refuses a damaged state file with one input error instead of crashing later', async () => {
    const h = new Harness(new ArraySource([adUser(1, 'Adele Vance')]), new FakeGraph());
    harnesses.push(h);
    await h.sync();
    const file = join(h.stateDir, 'state.json');
    const good = { format: 'cloudsync-state', version: 1, lastSuccess: { runId: 'r', time: 't', counts: { total: 1, users: 1, groups: 0, byOu: {} } }, managed: { a: { kind: 'user', cloudId: 'c' } } };
    writeFileSync(file, JSON.stringify(good));
    expect(readStateFile(file).managed.size).toBe(1);
    for (const bad of ['null', '5', JSON.stringify({ ...good, managed: { a: null } }), JSON.stringify({ ...good, lastSuccess: { runId: 'r', time: 't', counts: null } }), JSON.stringify({ ...good, watermark: null }), JSON.stringify({ ...good, managed: { a: { kind: 'user', cloudId: 5 } } })]) {
      writeFileSync(file, bad);
      let error: unknown;
      try {
        readStateFile(file);
      } catch (e) {
        error = e;
      }
      expect(error, bad).toBeInstanceOf(CloudsyncError);
      expect((error as CloudsyncError).message).not.toContain('\n');
    }
  });
});
