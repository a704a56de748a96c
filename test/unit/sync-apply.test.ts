import { afterEach, describe, expect, it } from 'vitest';
import { MemoryDirectory } from '../support/memory-directory.js';
import { apply, plan, readJournal, readSource, testUser, toProvisioningObjectSummary, writeBackConsistencyGuid, type ApplyProgress, type ResultEvent } from '../../src/sync/index.js';
import { adGroup, adUser, anchorOf, ArraySource, FakeGraph, guid, GROUPS, Harness, STAFF, withAttr } from './sync-fakes.js';

const harnesses: Harness[] = [];
function setup(objects: ReturnType<typeof adUser>[]): Harness {
  const h = new Harness(new ArraySource(objects), new FakeGraph());
  harnesses.push(h);
  return h;
}
afterEach(() => {
  for (const h of harnesses.splice(0)) h.cleanup();
});

const ADELE = `CN=Adele Vance,${STAFF}`;
const ALEX = `CN=Alex Wilber,${STAFF}`;

describe('apply', () => {
  it('goes on when one object fails, says who holds the conflicting address, and skips what depended on it', async () => {
    const h = setup([adUser(1, 'Adele Vance'), adUser(2, 'Alex Wilber', { mail: 'sales@contoso.com', manager: ADELE }), adGroup(10, 'Team', [ADELE, ALEX])]);
    const sales = h.graph.addGroup({ displayName: 'Sales', mailNickname: 'sales', mail: 'sales@contoso.com' });
    const { result, journal } = await h.sync();
    expect(result.outcome).toBe('partial');
    expect(result.counts).toEqual({ succeeded: 3, failed: 1, skipped: 2, notRun: 0 });
    const failed = result.results.find((r) => r.status === 'failed')!;
    expect(failed).toMatchObject({ action: 'create', httpStatus: 400, error: { code: 'Request_BadRequest' } });
    expect(failed.error!.message).toBe(`create of user alex.wilber@contoso.com failed: mail sales@contoso.com already belongs to group Sales (${sales.id}); remove it from one of them (400 Request_BadRequest)`);
    expect(result.results.filter((r) => r.status === 'skipped').map((r) => [r.action, r.note])).toEqual([
      ['set-manager', 'not sent: alex.wilber@contoso.com was not created'],
      ['add-member', 'not sent: the member alex.wilber@contoso.com was not created'],
    ]);
    const lines = readJournal(journal).filter((e): e is ResultEvent => e.type === 'result' && e.status === 'failed');
    expect(lines).toEqual([expect.objectContaining({ upn: 'alex.wilber@contoso.com', requestId: 'err-400', error: failed.error })]);
    expect(h.graph.groupByName('Team')!.members.size).toBe(1);
  });

  it('treats "already done" answers as success, so a re-run after a crash converges', async () => {
    const h = setup([adUser(1, 'Adele Vance'), adGroup(10, 'Team', [ADELE])]);
    const first = await h.sync();
    // The member add is sent again (as after a crash before its answer was journaled).
    const planned = first.plan.operations.find((o) => o.action === 'add-member')!;
    const addMember = { ...planned, cloudId: h.graph.groupByName('Team')!.id, member: { kind: 'user' as const, cloudId: h.graph.userByUpn('adele.vance@contoso.com')!.id } };
    const ws = h.workspace();
    const state = ws.loadState();
    const replay = { ...first.plan, operations: [addMember], bindings: [], unbind: [] };
    const r = await apply(replay, h.graph, ws.startRun(), { state });
    expect(r.results).toEqual([expect.objectContaining({ status: 'success', httpStatus: 400, note: 'already a member' })]);
  });

  it('reports progress per phase and stops sending when aborted', async () => {
    const users = Array.from({ length: 120 }, (_, i) => adUser(i + 1, `User ${i + 1}`));
    const h = setup(users);
    const { source, cloud, state } = await h.read();
    const p = plan(source, cloud, state);
    const seen: ApplyProgress[] = [];
    const controller = new AbortController();
    const r = await apply(p, { submit: (req) => {
      if (h.graph.requests.length === 60) controller.abort();
      return h.graph.submit(req);
    } }, h.workspace().startRun(), { state, signal: controller.signal, onProgress: (x) => seen.push(x) });
    expect(r.outcome).toBe('interrupted');
    expect(r.counts.notRun).toBeGreaterThan(0);
    expect(r.counts.succeeded + r.counts.notRun).toBe(120);
    expect(seen.at(-1)).toMatchObject({ phase: 1, total: 120 });
    expect(seen.map((x) => x.done)).toEqual([...seen.map((x) => x.done)].sort((a, b) => a - b));
    // An interrupted run is not a successful one: the shrink guard keeps the old baseline.
    expect(r.state.lastSuccess).toBeUndefined();
  });
});

describe('test-user', () => {
  it('takes a new user through every step, and its plan creates it', async () => {
    const h = setup([adUser(1, 'Adele Vance', { department: ' Retail ', userPrincipalName: 'adele@fabrikam.com', mailNickname: 'adelev' })]);
    const r = await testUser(ADELE, { source: h.ad, scope: h.scope, mapping: h.mapping, target: h.graph });
    expect(r.steps.import).toMatchObject({ kind: 'user', anchor: anchorOf(1), anchorSource: 'objectGUID', objectGuid: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(r.steps.import.attributes.department).toEqual([' Retail ']);
    expect(r.steps.scope).toEqual({ inScope: true, rule: 'scope.ou', reason: `under the OU ${STAFF}` });
    expect(r.steps.validation.findings.map((f) => f.ruleId)).toContain('entra.upn-unverified-domain');
    expect(r.steps.match).toMatchObject({ how: 'none' });
    const department = r.steps.flow.find((f) => f.target === 'department')!;
    expect(department).toEqual({ target: 'department', expression: 'Trim([department])', sourceValues: { department: [' Retail '] }, result: 'Retail', applyOn: 'always', changed: true });
    const upn = r.steps.flow.find((f) => f.target === 'userPrincipalName')!;
    expect(upn).toMatchObject({ result: 'adele@fabrikam.com', written: 'adelev@contoso.onmicrosoft.com', changed: true });
    expect(r.steps.action).toMatchObject({ action: 'create' });
    expect(r.plan.operations.map((o) => o.action)).toEqual(['create']);

    const applied = await apply(r.plan, h.graph, h.workspace().startRun(), { state: h.workspace().loadState() });
    expect(applied.outcome).toBe('success');
    const summary = toProvisioningObjectSummary(r, { applied, tenantId: 't1' });
    expect(summary).toMatchObject({
      provisioningAction: 'create',
      provisioningStatusInfo: { status: 'success', errorInformation: null },
      sourceIdentity: { identityType: 'User', displayName: 'Adele Vance', details: { DistinguishedName: ADELE, SourceAnchor: anchorOf(1) } },
      targetIdentity: { id: applied.results[0]!.cloudId },
      tenantId: 't1',
    });
    expect(summary.provisioningSteps.map((s) => [s.provisioningStepType, s.status])).toEqual([
      ['import', 'success'],
      ['scoping', 'success'],
      ['processing', 'warning'],
      ['matching', 'success'],
      ['export', 'success'],
    ]);
    expect(summary.modifiedProperties).toContainEqual({ displayName: 'department', oldValue: null, newValue: 'Retail' });
  });

  it('shows a hard match with the current cloud values and only what changes', async () => {
    const h = setup([adUser(1, 'Adele Vance', { department: 'Retail' }), adUser(2, 'Alex Wilber')]);
    await h.sync();
    h.ad.replace(withAttr(h.ad.objects[0]!, 'department', ['Sales']));
    h.ad.replace(withAttr(h.ad.objects[0]!, 'manager', [ALEX]));
    const r = await testUser(ADELE, { source: h.ad, scope: h.scope, mapping: h.mapping, target: h.graph, state: h.workspace().loadState() });
    const cloudId = h.graph.userByUpn('adele.vance@contoso.com')!.id;
    expect(r.steps.match).toMatchObject({ how: 'hard', cloudId, cloudName: 'adele.vance@contoso.com' });
    expect(r.steps.flow.filter((f) => f.changed).map((f) => [f.target, f.cloudValue, f.result])).toEqual([
      ['department', 'Retail', 'Sales'],
      ['manager', null, ALEX],
    ]);
    expect(r.steps.action.action).toBe('update');
    expect(r.plan.operations.map((o) => o.action)).toEqual(['update', 'set-manager']);
    expect(r.plan.guards).toEqual([]);
    // Only this object: the other managed user is not planned for removal.
    expect(r.plan.operations.some((o) => o.action === 'delete')).toBe(false);
  });

  it('says which rule puts an object out of scope, and refuses an admin soft match', async () => {
    const h = setup([adUser(1, 'Adele Vance'), adUser(2, 'Leaver', {}, 'OU=Old,DC=contoso,DC=com'), adUser(3, 'krbtgt')]);
    let r = await testUser('CN=Leaver,OU=Old,DC=contoso,DC=com', { source: h.ad, scope: h.scope, mapping: h.mapping, target: h.graph });
    expect(r.steps.scope).toMatchObject({ inScope: false, rule: 'scope.ou' });
    expect(r.steps.action).toMatchObject({ action: 'none', reason: expect.stringMatching(/^out of scope/) });
    expect(r.plan.operations).toEqual([]);
    r = await testUser(`CN=krbtgt,${STAFF}`, { source: h.ad, scope: h.scope, mapping: h.mapping, target: h.graph });
    expect(r.steps.scope).toMatchObject({ inScope: false, rule: 'exclude.well-known-account' });

    const admin = h.graph.addUser({ userPrincipalName: 'adele.vance@contoso.com', displayName: 'Adele', mailNickname: 'adele' });
    h.graph.admins.set(admin.id, ['Global Administrator']);
    r = await testUser(ADELE, { source: h.ad, scope: h.scope, mapping: h.mapping, target: h.graph });
    expect(r.steps.match).toMatchObject({ how: 'none', skip: { rule: 'match.admin-role-holder' } });
    expect(r.steps.action).toMatchObject({ action: 'none', reason: expect.stringMatching(/Global Administrator/) });
    expect(toProvisioningObjectSummary(r).provisioningStatusInfo.status).toBe('skipped');
    await expect(testUser('CN=Nobody,DC=contoso,DC=com', { source: h.ad, scope: h.scope, mapping: h.mapping, target: h.graph })).rejects.toThrow(/no object CN=Nobody/);
  });

  it('counts a group\'s members on both sides', async () => {
    const h = setup([adUser(1, 'Adele Vance'), adUser(2, 'Alex Wilber'), adGroup(10, 'Team', [ADELE, ALEX])]);
    await h.sync();
    h.graph.groupByName('Team')!.members.delete(h.graph.userByUpn('alex.wilber@contoso.com')!.id);
    const r = await testUser(`CN=Team,${GROUPS}`, { source: h.ad, scope: h.scope, mapping: h.mapping, target: h.graph, state: h.workspace().loadState() });
    expect(r.steps.match).toMatchObject({ how: 'hard' });
    expect(r.members).toEqual({ ad: 2, cloud: 1 });
    expect(r.steps.action.action).toBe('none');
  });
});

describe('mS-DS-ConsistencyGuid write-back', () => {
  it('adds objectGUID where the attribute is empty, never replaces a value, and keeps the anchor', async () => {
    const user = (cn: string, extra: Record<string, string | Buffer>) => ({ objectClass: ['top', 'person', 'organizationalPerson', 'user'], cn, sAMAccountName: cn, userPrincipalName: `${cn}@contoso.com`, ...extra });
    const ad = new MemoryDirectory({
      [`CN=a,${STAFF}`]: user('a', { objectGUID: guid(1) }),
      [`CN=b,${STAFF}`]: user('b', { objectGUID: guid(2), 'mS-DS-ConsistencyGuid': guid(9) }),
    });
    const h = setup([]);
    const before = await readSource(ad, { baseDn: STAFF }, h.mapping);
    expect(before.users.map((u) => [u.anchor, u.anchorSource])).toEqual([
      [anchorOf(1), 'objectGUID'],
      [anchorOf(9), 'mS-DS-ConsistencyGuid'],
    ]);
    const journal = h.workspace().startRun();
    const results = await writeBackConsistencyGuid(ad, before, journal);
    expect(results).toEqual([{ dn: `CN=a,${STAFF}`, status: 'success' }]);
    expect(ad.values(`CN=a,${STAFF}`, 'mS-DS-ConsistencyGuid')).toEqual([guid(1)]);
    expect(ad.modifyCalls.map((c) => c.changes[0]!.operation)).toEqual(['add']);
    // Run again on the old snapshot: AD says the value exists; that is success, and nothing is replaced.
    expect(await writeBackConsistencyGuid(ad, before)).toEqual([{ dn: `CN=a,${STAFF}`, status: 'success', note: 'already set' }]);
    const after = await readSource(ad, { baseDn: STAFF }, h.mapping);
    expect(after.users.map((u) => [u.anchor, u.anchorSource])).toEqual([
      [anchorOf(1), 'mS-DS-ConsistencyGuid'],
      [anchorOf(9), 'mS-DS-ConsistencyGuid'],
    ]);
    journal.close();
    expect(readJournal(journal.path)).toEqual([expect.objectContaining({ type: 'ad-write', dn: `CN=a,${STAFF}`, attribute: 'mS-DS-ConsistencyGuid', value: anchorOf(1), status: 'success' })]);
  });
});
