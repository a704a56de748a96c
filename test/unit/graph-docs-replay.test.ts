/**
 * Microsoft's documented example responses, kept under test/fixtures/graph-docs/ with the page
 * each comes from (its `source`), replayed through cloudsync's parsing and rendering. Each
 * `describe` names its page. What the emulator answers is compared with the same shapes in
 * test/unit/emulator-graph-docs-shapes.test.ts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cloudSyncServicePrincipals, type GraphReader } from '../../src/cloud-sync/discovery.js';
import { parseProvisionAnswer, provisionFailed } from '../../src/cloud-sync/provision.js';
import { domainSecret } from '../../src/cloud-sync/settings.js';
import { listRow, statusView } from '../../src/cloud-sync/status.js';
import { renderProvisionResult } from '../../src/cli/commands/job/provision/render.js';
import { renderStatus } from '../../src/cli/commands/job/status/render.js';
import { makePaint } from '../../src/cli/output/paint.js';
import type { CloudSyncServicePrincipal, OnPremisesAgent, StringKeyStringValuePair, SynchronizationJob } from '../../src/directory/entra/synchronization-types.js';
import { toRow, type Lookups } from '../../src/logs/cloud/rows.js';
import type { ProvisioningObjectSummary } from '../../src/sync/explain/provisioning-summary.js';
import { joinAgents } from '../../src/tenant/agents.js';

interface Fixture<T> {
  source: string;
  note: string;
  response: T;
}

export function graphDoc<T>(name: string): Fixture<T> {
  return JSON.parse(readFileSync(new URL(`../fixtures/graph-docs/${name}`, import.meta.url), 'utf8')) as Fixture<T>;
}

const render = async (answer: StringKeyStringValuePair, dn = 'CN=AdeleV,CN=Users,DC=corp,DC=chicago,DC=com') =>
  renderProvisionResult(parseProvisionAnswer(answer), { dn, objectType: 'user', rule: 'r', paint: await makePaint(false) });

const ref = (job: SynchronizationJob, displayName = 'contoso.com') => ({
  servicePrincipal: { id: 'sp', appId: 'app', displayName, applicationTemplateId: null },
  job,
  name: `${displayName}/${job.templateId}`,
});

// microsoft-graph-docs-contrib api-reference/beta/api/synchronization-synchronizationjob-provisionondemand.md
describe('provisionOnDemand: the documented answers (examples 1, 2 and 3)', () => {
  const ex1 = graphDoc<StringKeyStringValuePair>('provisionondemand-example1.json').response;
  const ex2 = graphDoc<StringKeyStringValuePair>('provisionondemand-example2.json').response;
  const ex3 = graphDoc<StringKeyStringValuePair>('provisionondemand-example3.json').response;

  it('systems are objects, read by name; statusInfo is flat', () => {
    const r = parseProvisionAnswer(ex1);
    expect(r.result).toBe('Skipped');
    expect(r.sourceSystem).toEqual({ id: null, name: 'Azure Active Directory', details: null });
    expect(r.targetSystem?.name).toBe('customappsso');
    expect(r.statusInfo).toMatchObject({ status: 'Skipped', errorCode: null, reason: null });
    expect(provisionFailed(r)).toBe(false);
    const r2 = parseProvisionAnswer(ex2);
    expect(r2.sourceSystem).toMatchObject({ name: 'Active Directory' });
    expect(r2.statusInfo).toMatchObject({ status: 'Success' });
    expect(r2.provisioningSteps.map((s) => s.type)).toEqual(['Import', 'Import', 'Scoping', 'Export']);
  });

  it('renders the systems by name, never [object Object]', async () => {
    const text = await render(ex2);
    expect(text).not.toContain('[object Object]');
    expect(text).toContain('Active Directory 38a2171b-8b04-4b21-8133-ca8ae52250f3 → Azure Active Directory 87cb2512-8e7f-4543-a9c9-e7cf8756a3ad');
    // Example 2's modifiedProperties carry no oldValue.
    expect(text).toMatch(/OnPremisesDistinguishedName\s+│\s+\(none\)/);
    expect(await render(ex1)).toContain('Azure Active Directory 62cf7b7a-52be-4a9b-9c69-e5d4a4a14f67 → customappsso 52507a19-96ec-4e73-9250-3e65ffd2d926');
  });

  it('a failed answer shows its error from the flat statusInfo', async () => {
    const v = JSON.parse(ex2.value) as Record<string, unknown>;
    v.statusInfo = { status: 'Failure', errorCode: 'AzureActiveDirectoryConflictEncountered', reason: 'Another object with the same value for property proxyAddresses already exists.', additionalDetails: null, errorCategory: 'NonServiceFailure', recommendedAction: 'Resolve the conflict in AD.' };
    const failed = { key: '{"result":"Failure","details":{}}', value: JSON.stringify(v) };
    expect(provisionFailed(parseProvisionAnswer(failed))).toBe(true);
    const text = await render(failed);
    expect(text).toContain('error AzureActiveDirectoryConflictEncountered: Another object with the same value for property proxyAddresses already exists.');
    expect(text).toContain('what to do: Resolve the conflict in AD.');
  });

  it("a failure whose statusInfo is bare shows the key's details", async () => {
    const text = await render({ key: '{"result":"Failure","details":{"errorCode":"EntryNotFound","errorMessage":"no such object"}}', value: '{"statusInfo":{"status":"Failure"}}' });
    expect(text).toContain('error EntryNotFound: no such object');
  });

  it('an empty value (example 3) is an answer with no steps', async () => {
    const r = parseProvisionAnswer(ex3);
    expect(r).toMatchObject({ result: 'Success', provisioningSteps: [], modifiedProperties: [] });
    expect(await render(ex3)).toContain('result Success');
  });
});

// MicrosoftDocs/entra-docs docs/identity/hybrid/cloud-sync/concept-attributes.md
describe('the cloud sync service principal and job of concept-attributes.md', () => {
  it('a service principal whose applicationTemplateId is null is found by its servicePrincipalNames, and --debug says so', async () => {
    const sps = graphDoc<{ value: CloudSyncServicePrincipal[] }>('cloud-sync-service-principal.json').response.value;
    const asked: string[] = [];
    const graph = {
      pages: async function* <T>(path: string) {
        asked.push(decodeURIComponent(path));
        if (decodeURIComponent(path).includes("servicePrincipalNames/any(n:n eq '1a4721b3-e57f-4451-ae87-ef078703ec94')")) yield* sps as T[];
      },
      request: () => Promise.reject(new Error('not used')),
    } as unknown as GraphReader;
    const debug: string[] = [];
    const found = await cloudSyncServicePrincipals(graph, (m) => debug.push(m));
    expect(found.map((s) => s.id)).toEqual(['00d41b14-7958-45ad-9d75-d52fa29e02a1']);
    expect(asked[0]).toContain("applicationTemplateId eq '1a4721b3-e57f-4451-ae87-ef078703ec94'");
    expect(debug).toEqual([expect.stringMatching(/by applicationTemplateId .*: none new$/), expect.stringMatching(/by servicePrincipalNames .*: Active Directory to Azure Active Directory Provisioning \(00d41b14/)]);
  });

  it('a Succeeded run with 15 escrows is object-level errors: a warning, not healthy; an empty troubleshootingUrl is none', () => {
    const job = graphDoc<SynchronizationJob>('cloud-sync-job.json').response;
    const v = statusView(ref(job));
    expect(v.health).toBe('warning');
    expect(v.warnings).toEqual(['the last run had object-level errors (15 escrowed): cloudsync logs cloud --status failure']);
    expect(v.troubleshootingUrl).toBeNull();
    expect(v.lastSuccessfulRun?.timeBegan).toBeNull();
  });

  it("the Domain secret is {\"domain\":…}, not the job setting's {\"DomainFQDN\":…}", () => {
    const job = graphDoc<SynchronizationJob>('cloud-sync-job.json').response;
    expect(domainSecret(ref(job, 'anything'))).toBe('{"domain":"contoso.com"}');
  });
});

// microsoft-graph-docs-contrib api-reference/beta/api/synchronization-synchronizationjob-get.md
describe('the job of synchronization-synchronizationjob-get.md (a disabled schedule, an empty quarantine reason)', () => {
  const job = graphDoc<SynchronizationJob>('synchronizationjob-get.json').response;

  it("TimeSpan.MaxValue is no schedule, not 15372286728.091 minutes", async () => {
    const v = statusView(ref(job));
    expect(v.schedule).toMatchObject({ intervalMinutes: null, scheduled: false, state: 'Disabled' });
    expect(listRow(ref(job))).toMatchObject({ intervalMinutes: null, scheduled: false });
    const text = renderStatus(v, { paint: await makePaint(false) });
    expect(text).toMatch(/schedule\s+no schedule, Disabled/);
    expect(text).not.toContain('15372286728');
  });

  it('an empty quarantine reason says no reason was given', async () => {
    const v = statusView(ref({ ...job, status: { ...job.status, code: 'Quarantine' } }));
    expect(v.quarantine).toMatchObject({ reason: '', meaning: 'Graph gives no reason for the quarantine' });
    expect(v.attention).toContain('the job is in quarantine (no reason given)');
    const text = renderStatus(v, { paint: await makePaint(false) });
    expect(text).toContain('Quarantine: no reason given');
    expect(text).not.toContain('does not know');
    expect(text).toContain('SalesforceInvalidCredentials');
    expect(listRow(ref(job)).quarantineReason).toBeNull();
  });
});

// microsoft-graph-docs-contrib api-reference/beta/api/onpremisesagent-list.md
describe('the agents of onpremisesagent-list.md', () => {
  it('"Active" (capitalised) counts as active; no supportedPublishingTypes is fine', () => {
    const agents = graphDoc<{ value: OnPremisesAgent[] }>('onpremisesagent-list.json').response.value;
    const r = joinAgents({ agents, groups: [] });
    expect(r.agents[0]).toMatchObject({ status: 'Active', machineName: 'server1.local1.contoso.com', agentGroups: [{ id: '2d55ed41-1619-4848-92bb-0576d3038682', displayName: 'Group 1' }] });
    expect(r.warnings.map((w) => w.code)).not.toContain('inactive-agent');
  });
});

// microsoft-graph-docs-contrib api-reference/v1.0/api/provisioningobjectsummary-list.md
describe('the provisioning logs of provisioningobjectsummary-list.md', () => {
  const lookups: Lookups = { cloud: () => undefined, cloudByGuid: () => undefined, ad: () => undefined, jobName: (r) => r.jobId ?? '' };
  const rec = (n: 1 | 2) => graphDoc<{ value: ProvisioningObjectSummary[] }>(`provisioningobjectsummary-list-example${n}.json`).response.value[0]!;

  it('a ServicePrincipal target identity is not labelled a user', () => {
    const r = rec(1);
    const row = toRow({ ...r, targetIdentity: { ...r.targetIdentity, displayName: 'Contoso' } }, lookups);
    expect(row.target?.kind).toBe('servicePrincipal');
  });

  it('a failure carries its error; a Group identity is a group', () => {
    const row = toRow(rec(2), lookups);
    expect(row.status).toBe('failure');
    expect(row.error).toMatchObject({ code: 'ContosoEntryConflict', category: 'nonServiceFailure' });
    expect(row.label).toBe('Self-service Pilot');
  });
});
