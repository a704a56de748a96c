/**
 * The cloud sync service's setup and persistence: the default configuration and agents, a seed's
 * `cloudSync` section, --state across restarts (secrets never stored in clear), state files
 * written before the service existed, and cycles that run on the (sped-up) schedule.
 */
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOUD_SYNC_TEMPLATE_ID, type SynchronizationJob } from '../../src/directory/entra/synchronization-types.js';
import { startTestEmulator, type RawResponse, type TestEmulator } from '../support/emulator.js';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'cloud-sync.ldif');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cloudsync-sync-state-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function as(emu: TestEmulator): Promise<(method: string, path: string, body?: unknown) => Promise<RawResponse>> {
  const token = await emu.token();
  return (method, path, body) =>
    emu.request(path, { method, headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
}

async function configurations(call: Awaited<ReturnType<typeof as>>): Promise<Array<{ id: string; displayName: string; jobs: SynchronizationJob[] }>> {
  const sps = (await call('GET', `/beta/servicePrincipals?$filter=${encodeURIComponent(`applicationTemplateId eq '${CLOUD_SYNC_TEMPLATE_ID}'`)}`)).json.value;
  return Promise.all(sps.map(async (sp: { id: string; displayName: string }) => ({ ...sp, jobs: (await call('GET', `/beta/servicePrincipals/${sp.id}/synchronization/jobs`)).json.value })));
}

describe('cloud sync setup', () => {
  it('a fresh emulator serves its first custom domain, with one active and one long-silent agent', async () => {
    const emu = await startTestEmulator({ domains: ['fabrikam.com', 'contoso.com'], sync: { scheduler: false } });
    try {
      const call = await as(emu);
      const configs = await configurations(call);
      expect(configs.map((c) => c.displayName)).toEqual(['fabrikam.com']);
      expect(configs[0]!.jobs.map((j) => j.templateId)).toEqual(['AD2AADProvisioning']);
      const agents = (await call('GET', '/beta/onPremisesPublishingProfiles/provisioning/agents')).json.value;
      expect(agents.map((a: { status: string }) => a.status)).toEqual(['active', 'inactive']);
      // Without a source a cycle imports nothing but still runs.
      const id = configs[0]!.jobs[0]!.id;
      const r = (await emu.request(`/_emulator/sync/jobs/${encodeURIComponent(id)}/cycle`, { method: 'POST' })).json;
      expect(r.status.code).toBe('Active');
      expect(r.status.lastExecution).toMatchObject({ countImported: 0, countExports: 0, state: 'Succeeded' });
    } finally {
      await emu.close();
    }
  });

  it('a seed describes configurations (scope, settings, state, password hash job) and agents', async () => {
    const emu = await startTestEmulator({
      domains: ['contoso.com'],
      sync: { scheduler: false },
      seed: {
        cloudSync: {
          configurations: [
            { domain: 'contoso.com', scope: { ous: ['OU=Staff,DC=contoso,DC=com'] }, passwordHashSync: true, settings: { DeleteThresholdValue: '25' }, source: { ldif: FIXTURE } },
            { domain: 'corp.fabrikam.com', state: 'Paused', quarantine: { reason: 'TooManyDeletes', message: 'held' } },
          ],
          agents: [
            { machineName: 'DC1.contoso.com', domains: ['contoso.com'] },
            { machineName: 'DC2.fabrikam.com', status: 'inactive', lastContactMinutesAgo: 90, domains: ['corp.fabrikam.com'] },
          ],
        },
      },
    });
    try {
      const call = await as(emu);
      const [contoso, fabrikam] = await configurations(call);
      expect(contoso!.jobs.map((j) => j.templateId)).toEqual(['AD2AADProvisioning', 'AD2AADPasswordHash']);
      expect(contoso!.jobs[0]!.synchronizationJobSettings.find((s) => s.name === 'DeleteThresholdValue')?.value).toBe('25');
      const schema = (await call('GET', `/beta/servicePrincipals/${contoso!.id}/synchronization/jobs/${contoso!.jobs[0]!.id}/schema`)).json;
      expect(schema.synchronizationRules[0].objectMappings[0].scope.inputFilterGroups[0].clauses[0].targetOperand.values).toEqual(['OU=Staff,DC=contoso,DC=com']);
      expect(fabrikam!.jobs[0]!.status).toMatchObject({ code: 'Quarantine', quarantine: { reason: 'TooManyDeletes' } });
      expect(fabrikam!.jobs[0]!.schedule.state).toBe('Paused');
      const groups = (await call('GET', "/beta/onPremisesPublishingProfiles('provisioning')/agentGroups?$expand=agents,publishedResources")).json.value;
      expect(groups.map((g: { publishedResources: Array<{ resourceName: string }>; agents: Array<{ machineName: string; status: string }> }) => [g.publishedResources[0]!.resourceName, g.agents.map((a) => `${a.machineName}:${a.status}`)])).toEqual([
        ['contoso.com', ['DC1.contoso.com:active']],
        ['corp.fabrikam.com', ['DC2.fabrikam.com:inactive']],
      ]);
      // The seeded scope holds: the Lab user stays out.
      const r = (await emu.request(`/_emulator/sync/jobs/${encodeURIComponent(contoso!.jobs[0]!.id)}/cycle`, { method: 'POST' })).json;
      expect(r.status.lastExecution.countEntitled).toBe(5);
    } finally {
      await emu.close();
    }
  });

  it('refuses a seed with a malformed cloudSync section', async () => {
    await expect(startTestEmulator({ seed: { cloudSync: { configurations: [{ domain: 'not a domain' }] } } })).rejects.toThrow(/cloudSync\.configurations\.0\.domain/);
  });
});

describe('cloud sync persistence', () => {
  it('--state keeps jobs, settings and bindings across restarts; secrets are stored as digests only', async () => {
    const statePath = join(dir, 'state.json');
    const ldif = join(dir, 'ad.ldif');
    await copyFile(FIXTURE, ldif);
    let emu = await startTestEmulator({ statePath, domains: ['contoso.com'], sync: { scheduler: false, source: ldif } });
    let call = await as(emu);
    const [config] = await configurations(call);
    const job = config!.jobs[0]!;
    const secret = 'AppKey-value-never-stored';
    expect((await call('PUT', `/beta/servicePrincipals/${config!.id}/synchronization/secrets`, { value: [{ key: 'Domain', value: '{"domain":"contoso.com"}' }, { key: 'AppKey', value: secret }, { key: 'SyncNotificationSettings', value: '{"Enabled":false,"Recipients":"","DeleteThresholdEnabled":true,"DeleteThresholdValue":40}' }] })).status).toBe(204);
    // GET gives back the settings keys (to resend with the replacing PUT), never a credential.
    const read = await call('GET', `/beta/servicePrincipals/${config!.id}/synchronization/secrets`);
    expect(read.status).toBe(200);
    expect((read.json.value as Array<{ key: string }>).map((s) => s.key).sort()).toEqual(['Domain', 'SyncNotificationSettings']);
    expect(JSON.stringify(read.json)).not.toContain(secret);
    expect((await call('PUT', `/beta/servicePrincipals/${config!.id}/synchronization/secrets`, { value: [{ key: 'AppKey', value: 'x' }] })).json.error.message).toContain("'Domain'");
    expect((await emu.request(`/_emulator/sync/jobs/${encodeURIComponent(job.id)}/cycle`, { method: 'POST' })).json.status.code).toBe('Active');
    await emu.close();
    const text = await readFile(statePath, 'utf8');
    expect(text).not.toContain(secret);

    emu = await startTestEmulator({ statePath, sync: { scheduler: false, source: ldif } });
    try {
      call = await as(emu);
      const [again] = await configurations(call);
      expect(again!.id).toBe(config!.id);
      expect(again!.jobs[0]!.id).toBe(job.id);
      expect(again!.jobs[0]!.status.code).toBe('Active');
      expect(again!.jobs[0]!.synchronizationJobSettings.find((s) => s.name === 'DeleteThresholdValue')?.value).toBe('40');
      // The bindings survived: nothing to export.
      const r = (await emu.request(`/_emulator/sync/jobs/${encodeURIComponent(job.id)}/cycle`, { method: 'POST' })).json;
      expect(r.status.lastExecution.countExports).toBe(0);
    } finally {
      await emu.close();
    }
  });

  it('a state file written before the service existed gets the default configuration', async () => {
    const statePath = join(dir, 'old-state.json');
    const emu = await startTestEmulator({ statePath, domains: ['contoso.com'], sync: { scheduler: false } });
    await emu.close();
    const j = JSON.parse(await readFile(statePath, 'utf8'));
    delete j.syncService;
    j.directory.objects = (j.directory.objects ?? []).filter((o: { props?: { applicationTemplateId?: string } }) => o.props?.applicationTemplateId === undefined);
    await writeFile(statePath, JSON.stringify(j));
    const again = await startTestEmulator({ statePath, sync: { scheduler: false } });
    try {
      expect((await configurations(await as(again))).map((c) => c.displayName)).toContain('contoso.com');
    } finally {
      await again.close();
    }
  });
});

describe('the schedule', () => {
  it('runs cycles by itself, the interval divided by the speed', async () => {
    const emu = await startTestEmulator({ domains: ['contoso.com'], sync: { speed: 600, source: FIXTURE } });
    try {
      const call = await as(emu);
      const [config] = await configurations(call);
      let job = config!.jobs[0]!;
      const deadline = Date.now() + 15_000;
      while (job.status.code === 'NotRun' && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        job = (await call('GET', `/beta/servicePrincipals/${config!.id}/synchronization/jobs/${job.id}`)).json;
      }
      expect(job.status.code).toBe('Active');
      expect(job.status.synchronizedEntryCountByType.find((x) => x.key === 'user to User')?.value).toBe(5);
    } finally {
      await emu.close();
    }
  });
});
