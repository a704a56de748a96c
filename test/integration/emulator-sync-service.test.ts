/**
 * The emulator's cloud sync service over HTTPS: configurations found by applicationTemplateId,
 * jobs and their life cycle, cycles that run cloudsync's pipeline against an LDIF source and
 * write through the emulator's own Graph routes, staged deletes, quarantine, provisionOnDemand
 * (Graph's doubly-encoded answer, its rate limit), agents, and the permission checks.
 */
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@microsoft/microsoft-graph-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOUD_SYNC_TEMPLATE_ID, type SynchronizationJob, type SynchronizationSchema } from '../../src/directory/entra/synchronization-types.js';
import { startTestEmulator, type RawResponse, type TestEmulator } from '../support/emulator.js';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'cloud-sync.ldif');
const GUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

let emu: TestEmulator;
let graph: Client;
let token: string;
let dir: string;
let ldif: string;
let sp: { id: string; displayName: string };
let job: SynchronizationJob;

const call = (method: string, path: string, body?: unknown, auth = token): Promise<RawResponse> =>
  emu.request(path, { method, headers: { authorization: `Bearer ${auth}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
const jobPath = (suffix = ''): string => `/beta/servicePrincipals/${sp.id}/synchronization/jobs/${job.id}${suffix}`;
const cycle = async (): Promise<{ status: SynchronizationJob['status']; records: number }> => {
  const r = await emu.request(`/_emulator/sync/jobs/${encodeURIComponent(job.id)}/cycle`, { method: 'POST', body: '{}' });
  expect(r.status, r.text).toBe(200);
  return r.json;
};
const getJob = async (): Promise<SynchronizationJob> => (await call('GET', jobPath())).json;
const findUser = async (upn: string): Promise<Record<string, unknown> | undefined> =>
  (await call('GET', `/v1.0/users?$filter=${encodeURIComponent(`userPrincipalName eq '${upn}'`)}&$select=id,userPrincipalName,onPremisesImmutableId,department`)).json.value[0];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cloudsync-sync-service-'));
  ldif = join(dir, 'ad.ldif');
  await copyFile(FIXTURE, ldif);
  emu = await startTestEmulator({ domains: ['contoso.com'], sync: { source: ldif, scheduler: false } });
  token = await emu.token();
  graph = emu.graphClient({ version: 'beta' });
});

afterAll(async () => {
  await emu?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('cloud sync configuration', () => {
  it('is a service principal found by the cloud sync template id, named after the AD domain', async () => {
    const r = await graph.api('/servicePrincipals').filter(`applicationTemplateId eq '${CLOUD_SYNC_TEMPLATE_ID}'`).get();
    expect(r.value).toHaveLength(1);
    sp = r.value[0];
    expect(sp.displayName).toBe('contoso.com');
    const other = await graph.api('/servicePrincipals').filter(`applicationTemplateId eq '00000000-0000-0000-0000-000000000000'`).get();
    expect(other.value).toHaveLength(0);
  });

  it('has one provisioning job that has not run yet, on a 2-minute schedule with the documented delete threshold', async () => {
    const r = await graph.api(`/servicePrincipals/${sp.id}/synchronization/jobs`).get();
    expect(r.value).toHaveLength(1);
    job = r.value[0];
    expect(job.id).toMatch(new RegExp(`^AD2AADProvisioning\\.[0-9a-f]{32}\\.${GUID}$`));
    expect(job.status.code).toBe('NotRun');
    expect(job.status.lastExecution).toBeNull();
    expect(job.schedule).toEqual({ expiration: null, interval: 'PT2M', state: 'Active' });
    const settings = Object.fromEntries(job.synchronizationJobSettings.map((s) => [s.name, s.value]));
    expect(settings).toMatchObject({ DeleteThresholdEnabled: 'true', DeleteThresholdValue: '500', QuarantineTooManyDeletesThreshold: '500' });
    // v1.0 serves the same job.
    expect((await call('GET', `/v1.0/servicePrincipals/${sp.id}/synchronization/jobs/${job.id}`)).json.id).toBe(job.id);
  });

  it('says 403 with Graph\'s body without a Synchronization permission, and 404 for an unknown job', async () => {
    const weak = await emu.issueToken({ roles: ['User.Read.All'] });
    const r = await call('GET', `/beta/servicePrincipals/${sp.id}/synchronization/jobs`, undefined, weak);
    expect(r.status).toBe(403);
    expect(r.json.error.code).toBe('Authorization_RequestDenied');
    expect((await call('POST', jobPath('/pause'), undefined, await emu.issueToken({ roles: ['Synchronization.Read.All'] }))).status).toBe(403);
    expect((await call('GET', `/beta/onPremisesPublishingProfiles/provisioning/agents`, undefined, weak)).status).toBe(403);
    expect((await call('GET', `/beta/servicePrincipals/${sp.id}/synchronization/jobs/AD2AADProvisioning.nope`)).status).toBe(404);
  });
});

describe('cycles against an LDIF source', () => {
  it('the first cycle creates the AD objects in the tenant through Graph', async () => {
    const r = await cycle();
    expect(r.status.code).toBe('Active');
    const ex = r.status.lastExecution!;
    expect(ex.state).toBe('Succeeded');
    expect(ex.countImported).toBe(6);
    expect(ex.countExported).toBeGreaterThanOrEqual(6);
    expect(r.status.lastSuccessfulExecutionWithExports?.activityIdentifier).toBe(ex.activityIdentifier);
    expect(r.status.synchronizedEntryCountByType).toEqual([
      { key: 'user to User', value: 5 },
      { key: 'group to Group', value: 1 },
    ]);
    const adele = await findUser('adelev@contoso.com');
    expect(adele?.onPremisesImmutableId).toBe('Lpocbz1bGkyefwAAAAAAAQ==');
    const groups = (await call('GET', `/v1.0/groups?$filter=${encodeURIComponent("displayName eq 'Sales Team'")}`)).json.value;
    expect(groups).toHaveLength(1);
    expect((await call('GET', `/v1.0/groups/${groups[0].id}/members?$select=id`)).json.value).toHaveLength(2);
  });

  it('a second cycle exports nothing and records the steady state', async () => {
    const r = await cycle();
    expect(r.status.lastExecution!.countExports).toBe(0);
    expect(r.status.steadyStateLastAchievedTime).toBe(r.status.lastExecution!.timeEnded);
    expect(r.status.steadyStateFirstAchievedTime.startsWith('0001')).toBe(false);
  });

  it('the cycles added provisioning-log records for the job', async () => {
    const r = await call('GET', `/beta/auditLogs/provisioning?$filter=${encodeURIComponent(`jobId eq '${job.id}'`)}&$top=50`);
    expect(r.status, r.text).toBe(200);
    expect(r.json.value.length).toBeGreaterThanOrEqual(6);
    expect(r.json.value.some((x: { provisioningAction: string }) => x.provisioningAction === 'create')).toBe(true);
  });

  it('a schema scoped to OU=Staff removes the user that left the scope', async () => {
    const schema: SynchronizationSchema = (await call('GET', jobPath('/schema'))).json;
    for (const m of schema.synchronizationRules[0]!.objectMappings) {
      m.scope = { inputFilterGroups: [{ name: 'OU', clauses: [{ operatorName: 'DN_IN_OU', sourceOperandName: 'distinguishedName', targetOperand: { values: ['OU=Staff,DC=contoso,DC=com'] } }] }], categoryFilterGroups: [], groups: [] };
    }
    const put = await call('PUT', jobPath('/schema'), schema);
    expect(put.status, put.text).toBe(204);
    const r = await cycle();
    expect(r.status.code).toBe('Active');
    expect(await findUser('labt@contoso.com')).toBeUndefined();
    expect(await findUser('adelev@contoso.com')).toBeDefined();
  });

  it('deletes reaching the threshold are staged (exactly N: quarantine TooManyDeletes, nothing deleted; N-1 go through) until restart with ForceDeletes', async () => {
    const patch = await call('PATCH', jobPath(), { synchronizationJobSettings: [{ name: 'DeleteThresholdValue', value: '2' }] });
    expect(patch.status, patch.text).toBe(204);
    const text = await readFile(FIXTURE, 'utf8');
    const without = (names: RegExp): string => text.split('\n\n').filter((block) => !names.test(block)).join('\n\n');
    // One delete, below the threshold of 2: applied.
    await writeFile(ldif, without(/^dn: CN=Megan Bowen,/m));
    const below = await cycle();
    expect(below.status.code).toBe('Active');
    expect(await findUser('meganb@contoso.com')).toBeUndefined();
    // Two deletes, the threshold itself: "if this number is reached, the synchronization stops".
    await writeFile(ldif, without(/^dn: CN=(Alex Wilber|Diego Siciliani|Megan Bowen),/m));
    const r = await cycle();
    expect(r.status.code).toBe('Quarantine');
    expect(r.status.quarantine?.reason).toBe('TooManyDeletes');
    expect(r.status.quarantine?.error?.message).toBe('The job would delete 2 objects: the accidental delete threshold of this job is reached; the deletes are staged until the job is restarted with ForceDeletes.');
    expect(await findUser('alexw@contoso.com')).toBeDefined();
    const logs = await call('GET', `/beta/auditLogs/provisioning?$filter=${encodeURIComponent(`jobId eq '${job.id}' and provisioningAction eq 'stagedDelete'`)}`);
    expect(logs.status, logs.text).toBe(200);
    expect(logs.json.value.map((x: { sourceIdentity: { id: string } }) => x.sourceIdentity.id).sort()).toEqual(['6f1c9a2e-5b3d-4c1a-9e7f-000000000002', '6f1c9a2e-5b3d-4c1a-9e7f-000000000003']);
    expect(JSON.stringify(logs.json.value[0])).toContain('2 objects would be deleted, reaching the accidental-delete threshold of 2');

    // Restart without ForceDeletes lifts the quarantine, but the next cycle stages again.
    expect((await call('POST', jobPath('/restart'), { criteria: { resetScope: 'QuarantineState' } })).status).toBe(204);
    expect((await getJob()).status.code).toBe('Active');
    expect((await cycle()).status.quarantine?.reason).toBe('TooManyDeletes');

    expect((await call('POST', jobPath('/restart'), { criteria: { resetScope: 'ForceDeletes,QuarantineState' } })).status).toBe(204);
    const forced = await cycle();
    expect(forced.status.code).toBe('Active');
    expect(await findUser('alexw@contoso.com')).toBeUndefined();
    expect(await findUser('adelev@contoso.com')).toBeDefined();
  });

  it('refuses an unknown resetScope and a malformed schema with Graph-style 400s', async () => {
    const bad = await call('POST', jobPath('/restart'), { criteria: { resetScope: 'Watermark,Everything' } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toContain("'Everything'");
    const schema = await call('PUT', jobPath('/schema'), { synchronizationRules: [{ id: 'x', objectMappings: [{ sourceObjectName: 'user', targetObjectName: 'User', attributeMappings: [{ targetAttributeName: 'displayName', source: { type: 'Function', expression: 'Join(' } }] }] }] });
    expect(schema.status).toBe(400);
    expect(schema.json.error.message).toMatch(/synchronizationSchema is invalid/);
  });

  it('pause stops cycles, start resumes; a loopback quarantine is cleared by start', async () => {
    expect((await call('POST', jobPath('/pause'))).status).toBe(204);
    expect((await getJob()).status.code).toBe('Paused');
    expect((await emu.request(`/_emulator/sync/jobs/${encodeURIComponent(job.id)}/cycle`, { method: 'POST' })).status).toBe(409);
    expect((await call('POST', jobPath('/start'))).status).toBe(204);
    expect((await getJob()).status.code).toBe('Active');

    const q = await emu.request(`/_emulator/sync/jobs/${encodeURIComponent(job.id)}/quarantine`, { method: 'POST', body: JSON.stringify({ reason: 'QuarantinedOnDemand', message: 'test' }) });
    expect(q.status).toBe(200);
    const quarantined = await getJob();
    expect(quarantined.status.code).toBe('Quarantine');
    expect(quarantined.status.quarantine).toMatchObject({ reason: 'QuarantinedOnDemand', seriesCount: 1, error: { message: 'test' } });
    expect((await call('POST', jobPath('/start'))).status).toBe(204);
    expect((await getJob()).status.quarantine).toBeNull();
  });

  it('a source that cannot be read quarantines the job with EncounteredQuarantineException', async () => {
    const config = emu.state.syncService.configurations[0]!;
    const saved = config.source;
    config.source = { kind: 'ldif', path: join(dir, 'missing.ldif') };
    try {
      const r = await cycle();
      expect(r.status.code).toBe('Quarantine');
      expect(r.status.quarantine?.reason).toBe('EncounteredQuarantineException');
      expect(r.status.quarantine?.error?.message).toContain('missing.ldif');
      expect(r.status.lastExecution?.state).toBe('Failed');
    } finally {
      config.source = saved!;
    }
    expect((await call('POST', jobPath('/start'))).status).toBe(204);
  });
});

describe('provisionOnDemand', () => {
  const onDemand = async (dn: string, ruleId?: string): Promise<RawResponse> => {
    const schema: SynchronizationSchema = (await call('GET', jobPath('/schema'))).json;
    return call('POST', jobPath('/provisionOnDemand'), { parameters: [{ ruleId: ruleId ?? schema.synchronizationRules[0]!.id, subjects: [{ objectId: dn, objectTypeName: 'user' }] }] });
  };

  it('refuses a ruleId that is not the schema\'s rule', async () => {
    const r = await onDemand('CN=Adele Vance,OU=Staff,DC=contoso,DC=com', 'not-the-rule');
    expect(r.status).toBe(400);
    expect(r.json.error.message).toContain('not-the-rule');
  });

  it('provisions one user and answers in Graph\'s doubly-encoded shape', async () => {
    const nestor = [
      'dn: CN=Nestor Wilke,OU=Staff,DC=contoso,DC=com',
      'objectClass: top',
      'objectClass: person',
      'objectClass: organizationalPerson',
      'objectClass: user',
      'objectCategory: CN=Person,CN=Schema,CN=Configuration,DC=contoso,DC=com',
      'objectGUID:: Lpocbz1bGkyefwAAAAAAEA==',
      'cn: Nestor Wilke',
      'displayName: Nestor Wilke',
      'sAMAccountName: nestorw',
      'userPrincipalName: nestorw@contoso.com',
      'userAccountControl: 512',
    ];
    await writeFile(ldif, `${await readFile(ldif, 'utf8')}\n\n${nestor.join('\n')}\n`);
    const r = await onDemand('CN=Nestor Wilke,OU=Staff,DC=contoso,DC=com');
    expect(r.status, r.text).toBe(200);
    expect(typeof r.json.key).toBe('string');
    const key = JSON.parse(r.json.key);
    const value = JSON.parse(r.json.value);
    expect(key.result, r.json.value).toBe('Success');
    expect(value.provisioningSteps.map((s: { name: string; type: string }) => `${s.name}/${s.type}`)).toEqual(['EntryImport/Import', 'EntrySynchronizationScoping/Scoping', 'EntryImport/Matching', 'EntryExportAdd/Export']);
    expect(value.targetIdentity.id).toMatch(new RegExp(`^${GUID}$`));
    expect((await findUser('nestorw@contoso.com'))?.id).toBe(value.targetIdentity.id);
    const logged = await call('GET', `/beta/auditLogs/provisioning?$filter=${encodeURIComponent(`jobId eq '${job.id}'`)}&$top=100`);
    expect(logged.status, logged.text).toBe(200);
    const byApp = logged.json.value.filter((x: { initiatedBy: { id: string } }) => x.initiatedBy.id === emu.info.clientId);
    expect(byApp).toHaveLength(1);
    expect(byApp[0]).toMatchObject({ provisioningAction: 'create', initiatedBy: { displayName: 'cloudsync emulator app', initiatorType: 'application' }, servicePrincipal: { id: sp.id } });
    // Again: nothing to do.
    const again = JSON.parse((await onDemand('CN=Nestor Wilke,OU=Staff,DC=contoso,DC=com')).json.value);
    expect(again.provisioningSteps.at(-1)).toMatchObject({ name: 'EntrySynchronizationSkip', status: 'Skipped' });
  });

  it('an unknown DN is a Failure answer', async () => {
    const r = await onDemand('CN=Nobody,OU=Staff,DC=contoso,DC=com');
    expect(r.status).toBe(200);
    expect(JSON.parse(r.json.key).result).toBe('Failure');
    expect(JSON.parse(r.json.value).provisioningSteps[0]).toMatchObject({ name: 'EntryImport', status: 'Failure' });
  });

  it('allows 5 requests per 10 seconds, then 429 with Retry-After', async () => {
    const answers: RawResponse[] = [];
    for (let i = 0; i < 6; i++) answers.push(await onDemand('CN=Nobody,OU=Staff,DC=contoso,DC=com'));
    const throttled = answers.find((a) => a.status === 429);
    expect(throttled).toBeDefined();
    expect(Number(throttled!.headers['retry-after'])).toBeGreaterThan(0);
    expect(throttled!.json.error.code).toBe('TooManyRequests');
  });
});

describe('agents', () => {
  it('lists two agents with their group, one of them inactive; groups publish the AD domain', async () => {
    const agents = (await call('GET', '/beta/onPremisesPublishingProfiles/provisioning/agents?$expand=agentGroups')).json.value;
    expect(agents).toHaveLength(2);
    expect(agents.map((a: { status: string }) => a.status).sort()).toEqual(['active', 'inactive']);
    expect(agents[0].agentGroups).toHaveLength(1);
    const groups = (await call('GET', "/beta/onPremisesPublishingProfiles('provisioning')/agentGroups?$expand=agents,publishedResources")).json.value;
    expect(groups).toHaveLength(1);
    expect(groups[0].publishedResources[0].resourceName).toBe('contoso.com');
    expect(groups[0].agents).toHaveLength(2);
    const one = await call('GET', `/beta/onPremisesPublishingProfiles/provisioning/agentGroups/${groups[0].id}`);
    expect(one.json.id).toBe(groups[0].id);
    expect((await call('GET', '/v1.0/onPremisesPublishingProfiles/provisioning/agents')).status).toBe(400);
  });
});
