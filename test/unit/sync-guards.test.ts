import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import {
  apply,
  checkPlanCurrent,
  DeleteThresholdError,
  loadPlan,
  parseThreshold,
  PlanMismatchError,
  PlanStaleError,
  savePlan,
  SourceIncompleteError,
  SourceShrunkError,
  SyncGuardError,
} from '../../src/sync/index.js';
import { adGroup, adUser, ArraySource, FakeGraph, GROUPS, Harness, STAFF, withAttr } from './sync-fakes.js';

const harnesses: Harness[] = [];
afterEach(() => {
  for (const h of harnesses.splice(0)) h.cleanup();
});

/** n users in Staff, one group of all of them. */
function setup(n: number): Harness {
  const users = Array.from({ length: n }, (_, i) => adUser(i + 1, `User ${String(i + 1).padStart(3, '0')}`));
  const h = new Harness(new ArraySource([...users, adGroup(1000, 'Everyone', users.map((u) => u.dn))]), new FakeGraph());
  harnesses.push(h);
  return h;
}

async function expectNothingApplied(h: Harness, run: () => Promise<unknown>, error: new (...args: never[]) => SyncGuardError): Promise<void> {
  const before = JSON.stringify(h.graph.dump());
  const requests = h.graph.requests.length;
  await expect(run()).rejects.toBeInstanceOf(error);
  expect(h.graph.requests.length).toBe(requests);
  expect(JSON.stringify(h.graph.dump())).toBe(before);
}

describe('the delete threshold', () => {
  it('trips with more removals than allowed, and nothing is applied', async () => {
    const h = setup(12);
    await h.sync();
    h.ad.objects = h.ad.objects.filter((o, i) => i >= 5);
    const p = await h.plan({ deleteThreshold: 4 });
    expect(p.counts.delete).toBe(5);
    expect(p.guards).toEqual([expect.objectContaining({ guard: 'delete-threshold', blocking: true, removals: 5 })]);
    expect(p.guards[0]!.message).toMatch(/5 objects would be deleted, more than the delete threshold of 4.*--force-deletes/);
    await expectNothingApplied(h, () => h.sync({ deleteThreshold: 4 }), DeleteThresholdError);
  });

  it('takes a percentage of the managed objects, and --force-deletes passes it', async () => {
    const h = setup(12);
    await h.sync();
    h.ad.objects = h.ad.objects.filter((o, i) => i >= 3);
    // 13 managed objects (12 users + the group); 20% is 2.
    expect((await h.plan({ deleteThreshold: '20%' })).guards[0]).toMatchObject({ guard: 'delete-threshold', blocking: true });
    expect((await h.plan({ deleteThreshold: '25%' })).guards).toEqual([]);
    const forced = await h.sync({ deleteThreshold: '20%', forceDeletes: true });
    expect(forced.plan.guards[0]).toMatchObject({ guard: 'delete-threshold', blocking: false, forced: true });
    expect(forced.result.counts.succeeded).toBeGreaterThanOrEqual(3);
    expect(h.graph.users.size).toBe(9);
  });

  it('parses counts and percentages, and refuses anything else', () => {
    expect(parseThreshold('500')).toBe(500);
    expect(parseThreshold('10%')).toBe('10%');
    expect(() => parseThreshold('ten')).toThrow(/invalid delete threshold/);
    expect(() => parseThreshold('150%')).toThrow(/invalid delete threshold/);
  });
});

describe('an incomplete source read', () => {
  it('plans no removals and blocks the apply', async () => {
    const h = setup(6);
    await h.sync();
    h.ad.failAfter = 3;
    const p = await h.plan();
    expect(p.source.complete).toBe(false);
    expect(p.operations.filter((o) => o.action === 'delete' || o.action === 'remove-member' || o.action === 'disable')).toEqual([]);
    expect(p.guards).toEqual([expect.objectContaining({ guard: 'source-incomplete', blocking: true })]);
    expect(p.guards[0]!.message).toMatch(/stopped after 3 objects: the connection to the DC was lost/);
    expect(p.withheldRemovals).toBeGreaterThan(0);
    // Not even --force-deletes applies a plan made from a partial read.
    await expectNothingApplied(h, () => h.sync({ forceDeletes: true }), SourceIncompleteError);
  });

  it('is a failure, not a partial read, when nothing could be read', async () => {
    const h = setup(2);
    h.ad.failAfter = 0;
    await expect(h.plan()).rejects.toThrow(/connection to the DC was lost/);
  });
});

describe('a source that shrank', () => {
  it('holds removals back when far fewer objects come back than last time', async () => {
    const h = setup(10);
    await h.sync();
    h.ad.objects = h.ad.objects.slice(6);
    const p = await h.plan({ deleteThreshold: 1000 });
    expect(p.guards).toEqual([expect.objectContaining({ guard: 'source-shrunk', blocking: true })]);
    expect(p.guards[0]!.message).toMatch(/now has 5 users and groups in scope, fewer than 50% of the 11/);
    expect(p.operations.filter((o) => o.action === 'delete')).toEqual([]);
    await expectNothingApplied(h, () => h.sync({ deleteThreshold: 1000 }), SourceShrunkError);
    const forced = await h.sync({ deleteThreshold: 1000, forceDeletes: true });
    expect(forced.plan.counts.delete).toBe(6);
    // The smaller count is the new baseline.
    expect((await h.plan()).guards).toEqual([]);
  });

  it('holds removals back when an OU in scope now reads empty', async () => {
    const h = setup(2);
    h.ad.objects.push(adUser(50, 'Contractor', {}, `OU=Contractors,${STAFF.replace('OU=Staff,', '')}`));
    const scoped = new Harness(h.ad, h.graph, { ous: [STAFF, GROUPS, 'OU=Contractors,DC=contoso,DC=com'] });
    harnesses.push(scoped);
    await scoped.sync();
    scoped.ad.remove('CN=Contractor,OU=Contractors,DC=contoso,DC=com');
    const p = await scoped.plan();
    expect(p.guards[0]).toMatchObject({ guard: 'source-shrunk', blocking: true });
    expect(p.guards[0]!.message).toMatch(/OU=Contractors,DC=contoso,DC=com now reads empty \(it had 1/);
  });
});

describe('saved plans', () => {
  it('round-trip through a file and apply when nothing changed', async () => {
    const h = setup(3);
    const p = await h.plan();
    const file = join(h.stateDir, 'plan.json');
    savePlan(p, file);
    const loaded = loadPlan(file);
    expect(loaded).toEqual(p);
    const { source, cloud, state } = await h.read();
    const ws = h.workspace();
    expect(checkPlanCurrent(loaded, source, cloud, state, { tenant: 'contoso', scopeKey: ws.key })).toBe(loaded);
    const journal = ws.startRun();
    const r = await apply(loaded, h.graph, journal, { state });
    expect(r.outcome).toBe('success');
    expect(h.graph.users.size).toBe(3);
  });

  it('are refused when the source changed since, naming the object', async () => {
    const h = setup(3);
    await h.sync();
    h.ad.replace(withAttr(h.ad.objects[0]!, 'department', ['Sales']));
    const p = await h.plan();
    h.ad.replace(withAttr(h.ad.objects[0]!, 'department', ['Finance']));
    h.ad.objects.push(adUser(77, 'New Hire'));
    const { source, cloud, state } = await h.read();
    let err: unknown;
    try {
      checkPlanCurrent(p, source, cloud, state);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PlanStaleError);
    expect((err as PlanStaleError).changed).toEqual([`source: CN=User 001,${STAFF} changed`, `source: CN=New Hire,${STAFF} is new in scope`]);
    expect((err as Error).message).toMatch(/out of date, 2 difference\(s\).*make a new plan/);
  });

  it('are refused when a touched cloud object changed since', async () => {
    const h = setup(3);
    await h.sync();
    h.ad.replace(withAttr(h.ad.objects[1]!, 'department', ['Sales']));
    const p = await h.plan();
    const target = h.graph.userByUpn('user.002@contoso.com')!;
    target.props.jobTitle = 'Edited in the portal';
    const { source, cloud, state } = await h.read();
    expect(() => checkPlanCurrent(p, source, cloud, state)).toThrow(PlanStaleError);
    expect(() => checkPlanCurrent(p, source, cloud, state)).toThrow(new RegExp(`Entra: user user.002@contoso.com \\(${target.id}\\) changed`));
  });

  it('are refused for another tenant or scope, and unreadable files are input errors', async () => {
    const h = setup(1);
    const p = await h.plan();
    const { source, cloud, state } = await h.read();
    expect(() => checkPlanCurrent(p, source, cloud, state, { tenant: 'fabrikam' })).toThrow(PlanMismatchError);
    expect(() => checkPlanCurrent(p, source, cloud, state, { scopeKey: 'contoso-0000' })).toThrow(/another scope/);
    const file = join(h.stateDir, 'bad.json');
    writeFileSync(file, '{"format":"something"}');
    expect(() => loadPlan(file)).toThrow(/is not a cloudsync plan/);
  });
});
