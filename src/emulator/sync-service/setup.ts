/**
 * Creating cloud sync configurations: the service principal (applicationTemplateId = cloud
 * sync's template, displayName = the AD domain), its jobs, the agent group whose published
 * resource is the domain, and agents. A new emulator gets one configuration for its first
 * verified custom domain (else "<tenant name>.com") with two agents, one active and one that
 * stopped contacting the service three hours ago, unless the seed's `cloudSync` section says
 * otherwise.
 */
import { createHash, randomUUID } from 'node:crypto';
import { CLOUD_SYNC_TEMPLATE_ID } from '../../directory/entra/synchronization-types.js';
import { servicePrincipalProps } from '../seed.js';
import type { EmulatorState } from '../state.js';
import { newJob } from './defaults.js';
import { quarantineJob } from './lifecycle.js';
import type { AgentRecord, ConfigurationRecord, SyncSourceConfig } from './model.js';
import type { CloudSyncSeed, ConfigurationSeed } from './seed-schema.js';

const MINUTE = 60_000;

/** A cloud sync service principal's servicePrincipalNames: the app registry's URI and the template id. */
export const CLOUD_SYNC_SERVICE_PRINCIPAL_NAMES = ['http://adapplicationregistry.onmicrosoft.com/adprovisioningtoaad/primary', CLOUD_SYNC_TEMPLATE_ID] as const;

export function sourceOf(s: ConfigurationSeed['source']): SyncSourceConfig | undefined {
  if (s === undefined) return undefined;
  if ('ldif' in s) return { kind: 'ldif', path: s.ldif };
  const l = s.ldap;
  return {
    kind: 'ldap',
    urls: l.urls,
    ...(l.bindDn !== undefined ? { bindDn: l.bindDn } : {}),
    ...(l.passwordEnv !== undefined ? { passwordEnv: l.passwordEnv } : {}),
    ...(l.caFile !== undefined ? { caFile: l.caFile } : {}),
    ...(l.baseDn !== undefined ? { baseDn: l.baseDn } : {}),
    ...(l.startTls !== undefined ? { startTls: l.startTls } : {}),
    ...(l.tlsVerify !== undefined ? { tlsVerify: l.tlsVerify } : {}),
    ...(l.allowPlaintext !== undefined ? { allowPlaintext: l.allowPlaintext } : {}),
  };
}

export function addConfiguration(state: EmulatorState, seed: ConfigurationSeed): ConfigurationRecord {
  const domain = seed.domain.toLowerCase();
  const spId = randomUUID();
  const appId = randomUUID();
  state.dir.insert('servicePrincipal', {
    ...servicePrincipalProps(state, spId, appId, domain, 'Application'),
    applicationTemplateId: seed.applicationTemplateId === false ? null : CLOUD_SYNC_TEMPLATE_ID,
    // As Microsoft's docs show the service principal (entra-docs cloud-sync/concept-attributes.md).
    servicePrincipalNames: [...CLOUD_SYNC_SERVICE_PRINCIPAL_NAMES],
    appOwnerOrganizationId: state.tenant.id,
    tags: ['WindowsAzureActiveDirectoryIntegratedApp'],
  });
  const scope = { ...(seed.scope.ous ? { ous: seed.scope.ous } : {}), ...(seed.scope.groups ? { groups: seed.scope.groups } : {}) };
  const jobs = [newJob('AD2AADProvisioning', domain, scope), ...(seed.passwordHashSync ? [newJob('AD2AADPasswordHash', domain, scope)] : [])];
  for (const job of jobs) {
    for (const [name, value] of Object.entries(seed.settings)) {
      const s = job.settings.find((x) => x.name.toLowerCase() === name.toLowerCase());
      if (s) s.value = value;
      else job.settings.push({ name, value });
    }
    job.schedule.interval = seed.interval;
    if (seed.state === 'Paused') {
      job.schedule.state = 'Paused';
      job.status.code = 'Paused';
    }
    if (seed.quarantine) quarantineJob(job, seed.quarantine.reason, { code: seed.quarantine.reason, message: seed.quarantine.message, tenantActionable: true }, Date.now(), state.syncService.speed);
  }
  const source = sourceOf(seed.source);
  const config: ConfigurationRecord = { servicePrincipalId: spId, appId, domain, jobs, secrets: [{ key: 'Domain', sha256: digest(JSON.stringify({ domain })), value: JSON.stringify({ domain }) }], ...(source ? { source } : {}) };
  const svc = state.syncService;
  svc.configurations.push(config);
  svc.agentGroups.push({ id: randomUUID(), displayName: domain, isDefault: false, publishingType: 'provisioning', publishedResource: { id: randomUUID(), displayName: domain, resourceName: domain } });
  svc.changed();
  return config;
}

export const digest = (value: string): string => createHash('sha256').update(value).digest('hex');

export function addAgent(state: EmulatorState, a: { machineName: string; externalIp: string; status: 'active' | 'inactive'; lastContactMinutesAgo?: number; domains?: string[] }): AgentRecord {
  const svc = state.syncService;
  const domains = a.domains?.map((d) => d.toLowerCase());
  const groups = svc.agentGroups.filter((g) => domains === undefined || domains.includes(g.publishedResource.resourceName));
  const ago = a.lastContactMinutesAgo ?? (a.status === 'inactive' ? 180 : 0);
  const agent: AgentRecord = {
    id: randomUUID(),
    machineName: a.machineName,
    externalIp: a.externalIp,
    status: a.status,
    supportedPublishingTypes: ['provisioning'],
    lastContactDateTime: new Date(Date.now() - ago * MINUTE).toISOString(),
    agentGroupIds: groups.map((g) => g.id),
  };
  svc.agents.push(agent);
  svc.changed();
  return agent;
}

/** The AD domain of the default configuration: the first verified custom domain, else "<tenant name>.com". */
export function defaultSyncDomain(state: EmulatorState): string {
  return state.domains.find((d) => d.isVerified && !d.isInitial)?.id ?? `${state.tenant.name}.com`;
}

/** Fills a state that has no cloud sync configuration yet: the seed's, or the default one. */
export function setUpCloudSync(state: EmulatorState, seed: CloudSyncSeed | undefined): void {
  const configs = seed?.configurations ?? [{ domain: defaultSyncDomain(state), applicationTemplateId: true, scope: {}, passwordHashSync: false, settings: {}, interval: 'PT2M', state: 'Active' as const }];
  for (const c of configs) addConfiguration(state, c);
  const first = state.syncService.configurations[0]?.domain ?? defaultSyncDomain(state);
  const host = first.split('.')[0]!.toUpperCase();
  const agents = seed?.agents ?? [
    { machineName: `${host}-SYNC1.${first}`, externalIp: '203.0.113.10', status: 'active' as const },
    { machineName: `${host}-SYNC2.${first}`, externalIp: '203.0.113.11', status: 'inactive' as const, lastContactMinutesAgo: 180 },
  ];
  for (const a of agents) addAgent(state, a);
}
