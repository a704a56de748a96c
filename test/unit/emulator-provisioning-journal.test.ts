import { afterEach, describe, expect, it } from 'vitest';
import { recordsFromJournal, type CycleContext } from '../../src/emulator/provisioning/from-journal.js';
import { anchorToGuid } from '../../src/emulator/provisioning/guid.js';
import { readJournal, type JournalEvent } from '../../src/sync/index.js';
import { adGroup, adUser, anchorOf, ArraySource, FakeGraph, Harness, STAFF } from './sync-fakes.js';

const harnesses: Harness[] = [];
function setup(objects: ReturnType<typeof adUser>[]): Harness {
  const h = new Harness(new ArraySource(objects), new FakeGraph());
  harnesses.push(h);
  return h;
}
afterEach(() => {
  for (const h of harnesses.splice(0)) h.cleanup();
});

const CTX: CycleContext = {
  tenantId: 'aaaaaaaa-0000-0000-0000-000000000001',
  jobId: 'AD2AADProvisioning.aaaaaaaa000000000000000000000001.bbbbbbbb-0000-0000-0000-000000000002',
  cycleId: 'cccccccc-0000-0000-0000-000000000003',
  servicePrincipal: { id: 'dddddddd-0000-0000-0000-000000000004', displayName: 'contoso.com' },
  domain: 'contoso.com',
};
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ADELE = `CN=Adele Vance,${STAFF}`;
const ALEX = `CN=Alex Wilber,${STAFF}`;

describe('source anchors as GUIDs', () => {
  it('turns base64 of the objectGUID bytes into the GUID text with the first three groups little-endian', () => {
    // objectGUID bytes 8f1c926e a45b 2d4c 8a1e5b337c2a9f10 → 6e921c8f-5ba4-4c2d-8a1e-5b337c2a9f10 (as .NET's Guid(byte[]) writes it)
    expect(anchorToGuid('jxySbqRbLUyKHlszfCqfEA==')).toBe('6e921c8f-5ba4-4c2d-8a1e-5b337c2a9f10');
    expect(anchorToGuid(Buffer.from('00112233445566778899aabbccddeeff', 'hex').toString('base64'))).toBe('33221100-5544-7766-8899-aabbccddeeff');
    expect(anchorToGuid('not-an-anchor')).toBeUndefined();
    expect(anchorToGuid(Buffer.from('short').toString('base64'))).toBeUndefined();
  });
});

describe('recordsFromJournal on a journal written by the sync pipeline', () => {
  it('writes one GUID-only record per object, with Entra actions, statuses, steps, errors and folded member lines', async () => {
    const h = setup([adUser(1, 'Adele Vance'), adUser(2, 'Alex Wilber', { mail: 'sales@contoso.com' }), adGroup(10, 'Team', [ADELE, ALEX])]);
    const sales = h.graph.addGroup({ displayName: 'Sales', mailNickname: 'sales', mail: 'sales@contoso.com' });
    const { journal } = await h.sync();
    const events = readJournal(journal);
    const records = recordsFromJournal(events, CTX);

    expect(records).toHaveLength(3);
    const adele = h.graph.userByUpn('adele.vance@contoso.com')!;
    const team = h.graph.groupByName('Team')!;
    const byTarget = (id: string) => records.find((r) => r.targetIdentity.id === id)!;

    const a = byTarget(adele.id);
    expect(a).toMatchObject({
      provisioningAction: 'create',
      provisioningStatusInfo: { status: 'success', errorInformation: null },
      sourceIdentity: { id: anchorToGuid(anchorOf(1)), displayName: '', identityType: 'User' },
      targetIdentity: { id: adele.id, displayName: '', identityType: 'User' },
      jobId: CTX.jobId,
      cycleId: CTX.cycleId,
      tenantId: CTX.tenantId,
      servicePrincipal: CTX.servicePrincipal,
      sourceSystem: { displayName: 'Active Directory' },
      targetSystem: { displayName: 'Entra ID' },
    });
    expect(a.sourceIdentity.id).toMatch(GUID);
    expect(a.provisioningSteps.map((s) => [s.provisioningStepType, s.status])).toEqual([
      ['import', 'success'],
      ['scoping', 'success'],
      ['matching', 'success'],
      ['processing', 'success'],
      ['export', 'success'],
    ]);
    expect(a.modifiedProperties).toContainEqual({ displayName: 'userPrincipalName', oldValue: null, newValue: 'adele.vance@contoso.com' });
    // The activity time is the result line's time.
    const result = events.find((e): e is Extract<JournalEvent, { type: 'result' }> => e.type === 'result' && e.action === 'create' && e.cloudId === adele.id)!;
    expect(a.activityDateTime).toBe(result.time);

    const failed = records.find((r) => r.provisioningStatusInfo.status === 'failure')!;
    expect(failed).toMatchObject({ provisioningAction: 'create', sourceIdentity: { id: anchorToGuid(anchorOf(2)) }, targetIdentity: { id: '' } });
    const info = failed.provisioningStatusInfo.errorInformation!;
    expect(info.errorCode).toBe('AttributeValueMustBeUnique');
    expect(info.errorCategory).toBe('nonServiceFailure');
    expect(info.reason).toContain('mail sales@contoso.com');
    expect(info.recommendedAction).toMatch(/duplicate/);
    expect(info.additionalDetails).toContain(sales.id);
    expect(failed.provisioningSteps.at(-1)).toMatchObject({ provisioningStepType: 'export', status: 'failure' });

    // The group's create and its member adds are one record; the add of the failed user was skipped.
    const g = byTarget(team.id);
    expect(g).toMatchObject({ provisioningAction: 'create', provisioningStatusInfo: { status: 'warning' }, sourceIdentity: { identityType: 'Group' } });
    expect(g.modifiedProperties.find((p) => p.displayName === 'members')).toEqual({ displayName: 'members', oldValue: null, newValue: adele.id });

    expect(new Set(records.map((r) => r.id)).size).toBe(3);
    expect(new Set(records.map((r) => r.changeId)).size).toBe(3);
    // Same journal, same cycle: the same ids (a cycle reported twice replaces its records).
    expect(recordsFromJournal(events, CTX).map((r) => r.id)).toEqual(records.map((r) => r.id));
  });

  it('reports updates with old and new values, and a held delete as stagedDelete when the cycle is staged', async () => {
    const h = setup(Array.from({ length: 6 }, (_, i) => adUser(i + 1, `User ${i + 1}`)));
    await h.sync();
    // One user changes, three leave AD: with a threshold of 2 the plan is held.
    h.ad.objects = h.ad.objects.filter((_, i) => i >= 3).map((o, i) => (i === 0 ? adUser(4, 'User 4', { department: 'Sales' }) : o));
    const p = await h.plan({ deleteThreshold: 2 });
    expect(p.guards[0]).toMatchObject({ blocking: true });
    const journal = h.workspace().startRun();
    journal.start({ command: 'sync', tenant: 'contoso' });
    journal.planned(p);
    journal.end({ outcome: 'blocked' });
    const events = readJournal(journal.path);

    const staged = recordsFromJournal(events, { ...CTX, staged: true });
    expect(staged.filter((r) => r.provisioningAction === 'stagedDelete')).toHaveLength(3);
    const one = staged.find((r) => r.provisioningAction === 'stagedDelete')!;
    expect(one.provisioningStatusInfo.status).toBe('skipped');
    const gone = ['user.1@contoso.com', 'user.2@contoso.com', 'user.3@contoso.com'].map((upn) => h.graph.userByUpn(upn)!.id);
    expect(staged.filter((r) => r.provisioningAction === 'stagedDelete').map((r) => r.targetIdentity.id).sort()).toEqual(gone.sort());
    expect(one.provisioningSteps.at(-1)!.description).toMatch(/staged.*ForceDeletes/);
    const update = staged.find((r) => r.sourceIdentity.id === anchorToGuid(anchorOf(4)))!;
    expect(update).toMatchObject({ provisioningAction: 'other', provisioningStatusInfo: { status: 'skipped' } });
    expect(update.modifiedProperties).toEqual([{ displayName: 'department', oldValue: null, newValue: 'Sales' }]);

    // Not staged: a plan that was not applied gives 'other' + skipped for every object.
    expect(new Set(recordsFromJournal(events, CTX).map((r) => `${r.provisioningAction}/${r.provisioningStatusInfo.status}`))).toEqual(new Set(['other/skipped']));
  });

  it('maps other Graph failures to Entra error codes and categories', () => {
    const t = '2026-03-01T10:00:00.000Z';
    const line = (op: number, anchor: string, r: Partial<Extract<JournalEvent, { type: 'result' }>>): JournalEvent[] => [
      { type: 'intent', runId: 'r', time: t, op, action: 'update', kind: 'user', anchor, cloudId: `0000000${op}-0000-0000-0000-000000000000`, changes: [{ attribute: 'proxyAddresses', old: ['SMTP:a@contoso.com'], new: ['SMTP:a@contoso.com', 'smtp:b@contoso.com'] }] },
      { type: 'result', runId: 'r', time: '2026-03-01T10:00:01.250Z', op, action: 'update', kind: 'user', anchor, cloudId: `0000000${op}-0000-0000-0000-000000000000`, status: 'failed', ...r },
    ];
    const events = [
      ...line(1, anchorOf(1), { httpStatus: 400, error: { code: 'Request_BadRequest', message: 'Another object with the same value for property proxyAddresses already exists.' } }),
      ...line(2, anchorOf(2), { httpStatus: 503, error: { code: 'ServiceUnavailable', message: 'update of user x failed with 503 ServiceUnavailable' } }),
      ...line(3, anchorOf(3), { httpStatus: 404, error: { code: 'Request_ResourceNotFound', message: 'gone' } }),
    ];
    const [dup, transient, missing] = recordsFromJournal(events, CTX);
    expect(dup!.provisioningStatusInfo.errorInformation).toMatchObject({ errorCode: 'AttributeValueMustBeUnique', errorCategory: 'nonServiceFailure' });
    expect(dup!.provisioningStatusInfo.errorInformation!.reason).toContain('proxyAddresses');
    expect(dup!.modifiedProperties).toEqual([{ displayName: 'proxyAddresses', oldValue: 'SMTP:a@contoso.com', newValue: 'SMTP:a@contoso.com, smtp:b@contoso.com' }]);
    expect(dup!.durationInMilliseconds).toBe(1250);
    expect(transient!.provisioningStatusInfo.errorInformation).toMatchObject({ errorCode: 'AzureActiveDirectoryServiceUnavailable', errorCategory: 'failure' });
    expect(missing!.provisioningStatusInfo.errorInformation).toMatchObject({ errorCode: 'AzureActiveDirectoryEntryNotFound' });
  });
});
