import { afterEach, describe, expect, it } from 'vitest';
import { makeObject } from '../../src/directory/types.js';
import { andFilter, candidateAnchors, changedAfter, deltaDecision, recordRun } from '../../src/sync/read/delta.js';
import { emptyState, mappedTargets, plan, readCloud, readSource, type Operation, type SourceSnapshot, type SyncState } from '../../src/sync/index.js';
import { adGroup, adUser, anchorOf, ArraySource, FakeGraph, guid, Harness, STAFF } from './sync-fakes.js';

const DC = { invocationId: '11111111-2222-3333-4444-555555555555', usn: '5000', dnsHostName: 'dc1.corp.example.com' };

describe('deltaDecision', () => {
  it('runs full without a watermark, on another DC (or a restore), or when the USN went backwards', () => {
    expect(deltaDecision(undefined, DC)).toMatchObject({ mode: 'full', reason: expect.stringMatching(/no watermark/) });
    expect(deltaDecision({ ...DC, invocationId: 'aaaaaaaa-2222-3333-4444-555555555555' }, DC)).toMatchObject({ mode: 'full', reason: expect.stringMatching(/invocationId/) });
    expect(deltaDecision({ ...DC, usn: '6000' }, DC)).toMatchObject({ mode: 'full', reason: expect.stringMatching(/below the watermark 6000/) });
  });
  it('reads the delta from the same DC, GUID case aside', () => {
    const saved = { ...DC, invocationId: DC.invocationId.toUpperCase(), usn: '4000' };
    expect(deltaDecision(saved, DC)).toEqual({ mode: 'delta', since: saved });
  });
});

describe('filters and anchors', () => {
  it('asks for uSNChanged above the watermark, exactly, beyond 2^53', () => {
    expect(changedAfter('41')).toBe('(uSNChanged>=42)');
    expect(changedAfter('9007199254740993')).toBe('(uSNChanged>=9007199254740994)');
  });
  it('ANDs the scope filter with the change filter', () => {
    expect(andFilter(undefined, '(uSNChanged>=5)')).toBe('(uSNChanged>=5)');
    expect(andFilter('department=Sales', '(uSNChanged>=5)')).toBe('(&(department=Sales)(uSNChanged>=5))');
  });
  it('a tombstone is recognised by mS-DS-ConsistencyGuid and by objectGUID', () => {
    const t = makeObject('CN=x\\0ADEL:abc,CN=Deleted Objects,DC=c,DC=com', { objectGUID: guid(7), 'mS-DS-ConsistencyGuid': guid(8) });
    expect(candidateAnchors(t).sort()).toEqual([anchorOf(7), anchorOf(8)].sort());
    expect(candidateAnchors(makeObject('CN=y,DC=c,DC=com', { objectGUID: Buffer.alloc(3) }))).toEqual([]);
  });
});

describe('recordRun', () => {
  const prior = { runId: 'r0', time: 't0', counts: { total: 100, users: 90, groups: 10, byOu: {} } };
  function after(mode: 'full' | 'delta', outcome: string, tracked = true): SyncState {
    const s = emptyState();
    s.watermark = { ...DC, usn: '1' };
    s.lastSuccess = { runId: 'r1', time: 't1', counts: { total: 3, users: 3, groups: 0, byOu: {} } };
    recordRun(s, { mode, runId: 'r1', outcome, complete: true, prior, ...(tracked ? { watermark: DC } : {}) });
    return s;
  }
  it('only a completed apply moves the watermark', () => {
    expect(after('delta', 'success').watermark).toEqual({ ...DC, runId: 'r1' });
    expect(after('delta', 'partial').watermark?.usn).toBe('1');
    expect(after('full', 'interrupted').watermark?.usn).toBe('1');
  });
  it('a delta run keeps the full counts the shrink guard compares with; a full run keeps its own', () => {
    expect(after('delta', 'success').lastSuccess).toMatchObject({ runId: 'r1', counts: prior.counts });
    expect(after('full', 'success').lastSuccess?.counts.total).toBe(3);
  });
  it('a full run from a source without change tracking drops the watermark', () => {
    expect(after('full', 'success', false).watermark).toBeUndefined();
  });
});

describe('planning a delta', () => {
  const harnesses: Harness[] = [];
  afterEach(() => {
    for (const h of harnesses.splice(0)) h.cleanup();
  });
  const ADELE = `CN=Adele Vance,${STAFF}`;
  const ALEX = `CN=Alex Wilber,${STAFF}`;
  const MEGAN = `CN=Megan Bowen,${STAFF}`;
  const actions = (ops: readonly Operation[]) => ops.map((o) => `${o.action} ${o.upn ?? o.displayName}${'member' in o ? ` ${o.member.upn ?? '?'}` : ''}`);

  async function synced(): Promise<Harness> {
    const h = new Harness(
      new ArraySource([adUser(1, 'Adele Vance', { department: 'Retail', manager: ALEX }), adUser(2, 'Alex Wilber'), adUser(3, 'Megan Bowen'), adGroup(10, 'Retail Team', [ADELE, ALEX])]),
      new FakeGraph(),
    );
    harnesses.push(h);
    expect((await h.sync()).result.outcome).toBe('success');
    return h;
  }

  async function deltaOf(h: Harness, changed: ReturnType<typeof adUser>[], removed: string[]): Promise<SourceSnapshot> {
    const read = await readSource(new ArraySource(changed), h.scope, h.mapping);
    return { ...read, delta: { sinceUsn: '10', removed, changed: changed.length + removed.length } };
  }

  it('plans only the changed and removed objects; absent objects are unchanged, not gone', async () => {
    const h = await synced();
    const source = await deltaOf(h, [adUser(1, 'Adele Vance', { department: 'Sales', manager: ALEX })], [anchorOf(3)]);
    const cloud = await readCloud(h.graph, { targets: mappedTargets(h.mapping) });
    const state = h.workspace().loadState();
    const p = plan(source, cloud, state);
    expect(actions(p.operations)).toEqual(['update adele.vance@contoso.com', 'delete megan.bowen@contoso.com']);
    // One object of four read would trip the shrink guard in a full run; a delta has none.
    expect(p.guards).toEqual([]);
    // The same read as a full snapshot deletes what it did not read: the delta marker matters.
    const { delta: _, ...full } = source;
    expect(actions(plan(full, cloud, state, { forceDeletes: true }).operations).filter((a) => a.startsWith('delete'))).toHaveLength(3);
  });

  it('a changed group is diffed against members that did not change', async () => {
    const h = await synced();
    const source = await deltaOf(h, [adGroup(10, 'Retail Team', [ALEX, MEGAN])], []);
    const p = plan(source, await readCloud(h.graph, { targets: mappedTargets(h.mapping) }), h.workspace().loadState());
    expect(actions(p.operations)).toEqual(['add-member Retail Team megan.bowen@contoso.com', 'remove-member Retail Team adele.vance@contoso.com']);
  });

  it('a removal candidate that cloudsync does not manage is left alone', async () => {
    const h = await synced();
    const source = await deltaOf(h, [], [anchorOf(99)]);
    const p = plan(source, await readCloud(h.graph, { targets: mappedTargets(h.mapping) }), h.workspace().loadState());
    expect(p.operations).toEqual([]);
  });
});
