import { afterAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { guidToString } from '../../src/directory/decode.js';
import { LdifSource } from '../../src/directory/ldif/source.js';
import { readCloudLogs } from '../../src/logs/cloud/read.js';
import { ReportsPacer } from '../../src/logs/cloud/pacer.js';
import { conflictOf } from '../../src/logs/cloud/conflict.js';
import { renderLogsCloud, summaryLine } from '../../src/cli/commands/logs/cloud/render.js';
import { makePaint } from '../../src/cli/output/paint.js';
import { fakeGraph, record, type FakeTenant } from './logs-cloud-fakes.js';

const guid = (b64: string): string => guidToString(Buffer.from(b64, 'base64'));
const ADELE = guid('bpIcb1ukTC2KHlszfCoAAQ==');
const ALEX = guid('bpIcb1ukTC2KHlszfCoAAg==');
const DIEGO = guid('bpIcb1ukTC2KHlszfCoAAw==');
const UNKNOWN = '0f0f0f0f-0000-4000-8000-000000000001';
const JOB = 'AD2AADProvisioning.0123456789abcdef0123456789abcdef.11111111-2222-3333-4444-555555555555';
const fastPacer = () => new ReportsPacer({ sleep: async () => {}, marginMs: 0 });
const ldif = new LdifSource(fileURLToPath(new URL('../../examples/contoso.ldif', import.meta.url)));
afterAll(() => ldif.close());

function tenant(): FakeTenant {
  return {
    users: [
      { id: 'c1000000-0000-4000-8000-000000000001', displayName: 'Adele Vance', userPrincipalName: 'adelev@contoso.com', proxyAddresses: ['SMTP:adelev@contoso.com'] },
      { id: 'c1000000-0000-4000-8000-000000000099', displayName: 'Old Alex', userPrincipalName: 'alex.old@contoso.com', proxyAddresses: ['SMTP:alexw@contoso.com'] },
      // found by source anchor only (no target id on the record)
      { id: 'c1000000-0000-4000-8000-000000000003', displayName: 'Diego Siciliani', userPrincipalName: 'diegos@contoso.com', onPremisesImmutableId: Buffer.from('bpIcb1ukTC2KHlszfCoAAw==', 'base64').toString('base64'), onPremisesDistinguishedName: 'CN=Diego Siciliani,OU=Engineering,DC=contoso,DC=com' },
    ],
    groups: [{ id: 'c2000000-0000-4000-8000-000000000001', displayName: 'Sales Team', mail: 'salesteam@contoso.com' }],
    deleted: [{ id: 'c1000000-0000-4000-8000-000000000007', displayName: 'Gone Person', userPrincipalName: 'gone@contoso.com', '@odata.type': '#microsoft.graph.user' }],
    jobs: [{ id: JOB, templateId: 'AD2AADProvisioning', schedule: { expiration: null, interval: 'PT2M', state: 'Active' }, status: { code: 'Quarantine', quarantine: { reason: 'TooManyDeletes', currentBegan: '2026-11-01T14:00:00Z', nextAttempt: '2026-11-01T15:00:00Z', seriesBegan: '', seriesCount: 1, error: null } }, synchronizationJobSettings: [] }],
    records: [
      record({ n: 1, sourceIdentity: { id: ADELE, displayName: '', identityType: 'User', details: {} }, targetIdentity: { id: 'c1000000-0000-4000-8000-000000000001', displayName: '', identityType: 'User', details: {} }, modifiedProperties: [{ displayName: 'department', oldValue: null, newValue: 'Sales' }] }),
      record({
        n: 2,
        provisioningStatusInfo: {
          status: 'failure',
          errorInformation: { errorCode: 'AttributeValueMustBeUnique', reason: 'Unable to update this object because the following attributes associated with this object have values that may already be associated with another object in your local directory services: [ProxyAddresses SMTP:alexw@contoso.com;]. Correct or remove the duplicate values in your local directory.', additionalDetails: '', errorCategory: 'nonServiceFailure', recommendedAction: 'Fix the duplicate.' },
        },
        sourceIdentity: { id: ALEX, displayName: '', identityType: 'User', details: {} },
      }),
      record({ n: 3, provisioningAction: 'other', provisioningStatusInfo: { status: 'skipped', errorInformation: null }, provisioningSteps: [{ name: 'EntrySynchronizationScoping', provisioningStepType: 'scoping', status: 'skipped', description: 'not in the scoped OUs', details: {} }], sourceIdentity: { id: DIEGO, displayName: '', identityType: 'User', details: {} } }),
      record({ n: 4, cycleId: 'cycle-2', activityDateTime: '2026-11-01T14:10:00.000Z', provisioningAction: 'delete', targetIdentity: { id: 'c1000000-0000-4000-8000-000000000007', displayName: '', identityType: 'User', details: {} }, sourceIdentity: { id: UNKNOWN, displayName: '', identityType: 'User', details: {} } }),
      record({ n: 5, cycleId: 'cycle-2', activityDateTime: '2026-11-01T14:10:01.000Z', provisioningAction: 'update', targetIdentity: { id: 'c2000000-0000-4000-8000-000000000001', displayName: '', identityType: 'Group', details: {} }, modifiedProperties: [{ displayName: 'description', oldValue: 'a', newValue: 'b' }] }),
    ],
  };
}

describe('readCloudLogs', () => {
  it('names every object: AD DN by objectGUID, cloud UPN by id, deleted objects, anchors, groups; no GUID shown without --ids', async () => {
    const g = fakeGraph(tenant());
    const r = await readCloudLogs(g, { ad: ldif, pacer: fastPacer() });
    const byId = new Map(r.rows.map((x) => [x.record.id, x]));
    expect(byId.get('rec-1')!.label).toBe('Adele Vance <adelev@contoso.com>');
    expect(byId.get('rec-1')!.source?.dn).toBe('CN=Adele Vance,OU=Sales,DC=contoso,DC=com');
    expect(byId.get('rec-2')!.source?.dn).toBe('CN=Alex Wilber,OU=Sales,DC=contoso,DC=com');
    expect(byId.get('rec-2')!.label).toBe('Alex Wilber <alexw@contoso.com>');
    expect(byId.get('rec-4')!.label).toBe('Gone Person <gone@contoso.com> (deleted)');
    expect(byId.get('rec-5')!.label).toBe('Sales Team <salesteam@contoso.com>');
    expect(byId.get('rec-5')!.target?.kind).toBe('group');
    const table = renderLogsCloud(r, { format: 'table', paint: await makePaint(false), ids: false, now: new Date('2026-11-01T16:00:00Z') });
    expect(table).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
    const withIds = renderLogsCloud(r, { format: 'table', paint: await makePaint(false), ids: true });
    expect(withIds).toContain(ADELE);
    // one search for all the GUIDs of the page, a few cloud lookups, no per-record requests
    expect(r.stats.adSearches).toBe(1);
    expect(g.calls.filter((c) => c.includes('/users?') && c.includes('id%20in')).length).toBe(1);
  });

  // provisioningobjectsummary-list.md example 1: a record whose target identity is a ServicePrincipal.
  it('a ServicePrincipal target is labelled as one and not looked up among users or groups', async () => {
    const t = tenant();
    const spId = 'c3000000-0000-4000-8000-000000000001';
    t.records = [record({ n: 9, targetIdentity: { id: spId, displayName: 'Contoso', identityType: 'ServicePrincipal', details: {} } })];
    const g = fakeGraph(t);
    const r = await readCloudLogs(g, { pacer: fastPacer() });
    expect(r.rows[0]!.target?.kind).toBe('servicePrincipal');
    expect(r.rows[0]!.label).toBe('Contoso');
    expect(g.calls.filter((c) => c.includes(spId))).toEqual([]);
  });

  it('without AD: the cloud side names the object, the anchor lookup finds users of records with only a source id', async () => {
    const r = await readCloudLogs(fakeGraph(tenant()), { pacer: fastPacer() });
    const diego = r.rows.find((x) => x.record.id === 'rec-3')!;
    expect(diego.label).toBe('Diego Siciliani <diegos@contoso.com>');
    expect(diego.source?.dn).toBe('CN=Diego Siciliani,OU=Engineering,DC=contoso,DC=com');
    const alex = r.rows.find((x) => x.record.id === 'rec-2')!;
    expect(alex.label).toBe(`AD object ${ALEX}`);
  });

  it('explains AttributeValueMustBeUnique by naming the other holder, skips by scope, and the quarantine at the top', async () => {
    const r = await readCloudLogs(fakeGraph(tenant()), { ad: ldif, pacer: fastPacer() });
    const alex = r.rows.find((x) => x.record.id === 'rec-2')!;
    expect(alex.error?.conflict?.conflict).toEqual({ property: 'proxyAddresses', value: 'SMTP:alexw@contoso.com' });
    expect(alex.error?.conflict?.holders.map((h) => h.userPrincipalName)).toEqual(['alex.old@contoso.com']);
    const table = renderLogsCloud(r, { format: 'table', paint: await makePaint(false), ids: false, now: new Date('2026-11-01T16:00:00Z') });
    expect(table).toMatch(/proxyAddresses SMTP:alexw@contoso.com is held by user Old Alex <alex.old@contoso.com>/);
    expect(table).toContain('cloudsync test-user "CN=Diego Siciliani,OU=Engineering,DC=contoso,DC=com"');
    expect(table.indexOf('QUARANTINE contoso.com/AD2AADProvisioning')).toBe(0);
    expect(table).toContain('(TooManyDeletes)');
  });

  it('groups by cycle with a summary line and job names from discovery', async () => {
    const r = await readCloudLogs(fakeGraph(tenant()), { pacer: fastPacer() });
    expect(r.cycles.map((c) => c.cycleId)).toEqual(['cycle-1', 'cycle-2']);
    const t = new Date('2026-11-01T14:02:01Z');
    // Local time to the second: cycles seconds apart (a fast emulator) stay apart.
    const start = new Date(r.cycles[0]!.start);
    const hms = [start.getHours(), start.getMinutes(), start.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
    expect(summaryLine(r.cycles[0]!, t)).toBe(`cycle ${hms} contoso.com/AD2AADProvisioning: 1 created, 1 failed, 1 skipped`);
    expect(summaryLine(r.cycles[1]!, t)).toMatch(/: 1 updated, 1 deleted$/);
  });

  it('filters: --job server-side by id from discovery, --user case-insensitively on names, --attribute, --error-code', async () => {
    const g = fakeGraph(tenant());
    const r1 = await readCloudLogs(g, { job: 'CONTOSO.COM', pacer: fastPacer(), ad: ldif });
    expect(decodeURIComponent(g.calls.find((c) => c.includes('auditLogs'))!)).toContain(`jobId eq '${JOB}'`);
    expect(r1.rows).toHaveLength(5);
    const byUser = await readCloudLogs(fakeGraph(tenant()), { client: { user: 'ou=SALES' }, pacer: fastPacer(), ad: ldif });
    expect(byUser.rows.map((x) => x.record.id).sort()).toEqual(['rec-1', 'rec-2']);
    const byName = await readCloudLogs(fakeGraph(tenant()), { client: { user: 'sales team' }, pacer: fastPacer() });
    expect(byName.rows.map((x) => x.record.id)).toEqual(['rec-5']);
    const byAttr = await readCloudLogs(fakeGraph(tenant()), { client: { attribute: 'DEPARTMENT' }, pacer: fastPacer() });
    expect(byAttr.rows.map((x) => x.record.id)).toEqual(['rec-1']);
    const byCode = await readCloudLogs(fakeGraph(tenant()), { client: { errorCode: 'attributevaluemustbeunique' }, pacer: fastPacer() });
    expect(byCode.rows.map((x) => x.record.id)).toEqual(['rec-2']);
  });

  it('CSV: one flat row per record, changes as "attr: old → new", ids only with --ids', async () => {
    const r = await readCloudLogs(fakeGraph(tenant()), { ad: ldif, pacer: fastPacer() });
    const csv = renderLogsCloud(r, { format: 'csv', paint: await makePaint(false), ids: false });
    const rows = parse(csv, { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(5);
    expect(rows[0]).toMatchObject({ object: 'Adele Vance <adelev@contoso.com>', changes: 'department: (none) → Sales', job: 'contoso.com/AD2AADProvisioning' });
    expect(Object.keys(rows[0]!)).not.toContain('targetId');
    expect(csv).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
    const withIds = parse(renderLogsCloud(r, { format: 'csv', paint: await makePaint(false), ids: true }), { columns: true }) as Array<Record<string, string>>;
    expect(withIds[0]).toMatchObject({ sourceId: ADELE, targetId: 'c1000000-0000-4000-8000-000000000001', jobId: JOB });
  });
});

describe('conflictOf', () => {
  it('reads the property and value from the reason list, quoted text, or the modified properties', () => {
    const base = record({ n: 1 });
    const withReason = (reason: string, additionalDetails = '') => ({ ...base, provisioningStatusInfo: { status: 'failure' as const, errorInformation: { errorCode: 'AttributeValueMustBeUnique', reason, additionalDetails, errorCategory: '', recommendedAction: '' } } });
    expect(conflictOf(withReason('…: [UserPrincipalName a@b.com;ProxyAddresses SMTP:a@b.com;]. Correct…'))).toEqual({ property: 'userPrincipalName', value: 'a@b.com' });
    expect(conflictOf(withReason('x', "Another object with the same value for property mail 'x@y.com' already exists."))).toEqual({ property: 'mail', value: 'x@y.com' });
    expect(conflictOf({ ...withReason('Another object with the same value for property proxyAddresses already exists.'), modifiedProperties: [{ displayName: 'proxyAddresses', oldValue: null, newValue: '["smtp:b@c.com","SMTP:a@c.com"]' }] })).toEqual({ property: 'proxyAddresses', value: 'SMTP:a@c.com' });
    expect(conflictOf(withReason('something else'))).toBeUndefined();
  });
});
