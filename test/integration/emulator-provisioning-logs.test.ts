/**
 * GET /auditLogs/provisioning over HTTPS with the real Graph client: 10,000 generated records
 * paged through, filtered, throttled (the reports bucket: 5 requests per 10 s, here at
 * throttle scale 10) and refused without AuditLog.Read.All.
 */
import { GraphError as ClientGraphError, type Client } from '@microsoft/microsoft-graph-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProvisioningObjectSummary } from '../../src/sync/explain/provisioning-summary.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';

let emu: TestEmulator;
let graph: Client;
let all: ProvisioningObjectSummary[];
let generated: { added: number; jobIds: string[]; cycleIds: string[] };
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const READER = { clientId: '22222222-3333-4444-5555-666666666666', clientSecret: 'reader-secret-value-1234567890' };

/** Every record of a query, following @odata.nextLink (the client's RetryHandler waits out 429s). */
async function fetchAll(client: Client, url: string): Promise<{ records: ProvisioningObjectSummary[]; pages: number }> {
  const records: ProvisioningObjectSummary[] = [];
  let next: string | undefined = url;
  let pages = 0;
  while (next) {
    const page = (await client.api(next).get()) as { value: ProvisioningObjectSummary[]; '@odata.nextLink'?: string };
    pages++;
    records.push(...page.value);
    next = page['@odata.nextLink'];
  }
  return { records, pages };
}

beforeAll(async () => {
  emu = await startTestEmulator({
    domains: ['contoso.com'],
    throttle: { scale: 10 },
    seed: {
      apps: [{ clientId: READER.clientId, displayName: 'reader', roles: ['User.Read.All', 'Directory.Read.All'], secrets: [READER.clientSecret] }],
      users: [
        { userPrincipalName: 'adele@contoso.com', displayName: 'Adele Vance', onPremisesImmutableId: 'jxySbqRbLUyKHlszfCqfEA==', onPremisesSyncEnabled: true },
        { userPrincipalName: 'alex@contoso.com', displayName: 'Alex Wilber', mail: 'alex@contoso.com' },
        { userPrincipalName: 'megan@contoso.com', displayName: 'Megan Bowen' },
      ],
      groups: [{ displayName: 'Staff', mailNickname: 'staff', members: ['adele@contoso.com'] }],
    },
  });
  graph = emu.graphClient();
  const r = await emu.request('/_emulator/provisioning/generate', { method: 'POST', body: JSON.stringify({ count: 10_000, cycles: 20, failureRate: 0.08, seed: 42 }) });
  expect(r.status).toBe(200);
  generated = r.json;
  all = (await fetchAll(graph, '/auditLogs/provisioning')).records;
}, 120_000);

afterAll(async () => {
  await emu?.close();
});

describe('GET /auditLogs/provisioning', () => {
  it('pages through all 10,000 generated records, newest first, each once, GUID-only and about real objects', async () => {
    expect(generated.added).toBe(10_000);
    expect(generated.cycleIds).toHaveLength(20);
    expect(all).toHaveLength(10_000);
    expect(new Set(all.map((r) => r.id)).size).toBe(10_000);
    const times = all.map((r) => Date.parse(r.activityDateTime));
    expect(times.every((t, i) => i === 0 || t <= times[i - 1]!)).toBe(true);

    const cloudIds = new Set([...emu.state.dir.iterate('user'), ...emu.state.dir.iterate('group')].map((o) => o.id));
    for (const r of all) {
      expect(r.sourceIdentity.id).toMatch(GUID);
      expect(r.sourceIdentity.displayName).toBe('');
      if (r.targetIdentity.id !== '') expect(cloudIds.has(r.targetIdentity.id)).toBe(true);
    }
    // Adele's onPremisesImmutableId is the base64 of her objectGUID.
    const adele = emu.state.dir.findUser('adele@contoso.com')!;
    expect(all.filter((r) => r.targetIdentity.id === adele.id).map((r) => r.sourceIdentity.id)).toContain('6e921c8f-5ba4-4c2d-8a1e-5b337c2a9f10');
    // A realistic mix.
    const actions = new Set(all.map((r) => r.provisioningAction));
    expect([...actions].sort()).toEqual(['create', 'delete', 'disable', 'other', 'update']);
    const failures = all.filter((r) => r.provisioningStatusInfo.status === 'failure');
    expect(failures.length / all.length).toBeGreaterThan(0.05);
    expect(failures.length / all.length).toBeLessThan(0.11);
    const unique = failures.find((r) => r.provisioningStatusInfo.errorInformation?.errorCode === 'AttributeValueMustBeUnique')!;
    expect(unique.provisioningStatusInfo.errorInformation!.reason).toMatch(/\[(userPrincipalName|mail|proxyAddresses) \S+;\]/);
    const skipped = all.find((r) => r.provisioningAction === 'other')!;
    expect(skipped).toMatchObject({ provisioningStatusInfo: { status: 'skipped' }, targetIdentity: { id: '' } });

    // One record by id.
    const one = await emu.graphClient().api(`/auditLogs/provisioning/${all[123]!.id}`).get();
    expect(one).toMatchObject({ id: all[123]!.id, changeId: all[123]!.changeId });
  });

  it('filters by jobId, cycleId, status and time, as the records say', async () => {
    const cycle = generated.cycleIds[3]!;
    const byCycle = await fetchAll(graph, `/auditLogs/provisioning?$filter=${encodeURIComponent(`jobId eq '${generated.jobIds[0]}' and cycleId eq '${cycle}'`)}&$top=200`);
    expect(byCycle.records.map((r) => r.id)).toEqual(all.filter((r) => r.cycleId === cycle).map((r) => r.id));
    expect(byCycle.pages).toBe(Math.ceil(byCycle.records.length / 200));

    const failed = await fetchAll(graph, `/auditLogs/provisioning?$filter=${encodeURIComponent("provisioningStatusInfo/status eq 'failure'")}`);
    expect(failed.records.map((r) => r.id)).toEqual(all.filter((r) => r.provisioningStatusInfo.status === 'failure').map((r) => r.id));

    const from = all[2500]!.activityDateTime;
    const to = all[1000]!.activityDateTime;
    const window = await fetchAll(graph, `/auditLogs/provisioning?$filter=${encodeURIComponent(`activityDateTime gt ${from} and activityDateTime lt ${to}`)}`);
    expect(window.records.map((r) => r.id)).toEqual(all.filter((r) => r.activityDateTime > from && r.activityDateTime < to).map((r) => r.id));

    const beta = await emu.graphClient({ version: 'beta' }).api('/auditLogs/provisioning').top(5).orderby('activityDateTime asc').get();
    expect(beta.value.map((r: ProvisioningObjectSummary) => r.id)).toEqual(all.slice(-5).reverse().map((r) => r.id));
    expect(beta['@odata.nextLink']).toMatch(/^https:\/\/localhost:\d+\/beta\/auditLogs\/provisioning\?.*\$skiptoken=/);
  });

  it('answers 400 for unsupported filters and page sizes', async () => {
    const token = await emu.token();
    const bad = async (q: string) => (await emu.request(`/v1.0/auditLogs/provisioning?${q}`, { headers: { authorization: `Bearer ${token}` } })).json.error;
    await new Promise((r) => setTimeout(r, 1100));
    expect((await bad(`$filter=${encodeURIComponent("jobId ne 'x'")}`)).message).toMatch(/'ne' on 'jobId' is not supported/);
    expect((await bad('$top=1001')).message).toBe("Invalid page size specified: '1001'. Must be between 1 and 1000 inclusive.");
  });

  it('throttles at 5 requests per 10 s per app (scaled), with Retry-After and Graph\'s body', async () => {
    await new Promise((r) => setTimeout(r, 1100));
    const token = await emu.token();
    const answers = await Promise.all(Array.from({ length: 8 }, () => emu.request('/v1.0/auditLogs/provisioning?$top=1', { headers: { authorization: `Bearer ${token}` } })));
    const limited = answers.filter((a) => a.status === 429);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(5);
    expect(limited).toHaveLength(3);
    expect(Number(limited[0]!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(limited[0]!.json.error).toMatchObject({ code: 'TooManyRequests', message: 'Too many requests' });
    // The directory's own bucket is apart: users still answer at once.
    expect((await emu.request('/v1.0/users?$top=1', { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  });

  it('403 without AuditLog.Read.All (a real token from msal)', async () => {
    const readerToken = await emu.token(READER);
    const reader = emu.graphClient({ getAccessToken: async () => readerToken });
    expect((await reader.api('/users').get()).value.length).toBeGreaterThan(0);
    let e: ClientGraphError | undefined;
    try {
      await reader.api('/auditLogs/provisioning').get();
    } catch (x) {
      e = x as ClientGraphError;
    }
    expect(e?.statusCode).toBe(403);
    expect(e?.code).toBe('Authorization_RequestDenied');
  });
});
