/**
 * Finds Microsoft's cloud sync configurations in a tenant: the service principals made from
 * the cloud sync application template and their synchronization jobs. A configuration is
 * named by its service principal's display name, which is the AD domain it serves, so users
 * pick jobs by domain ("contoso.com"), by template ("contoso.com/AD2AADPasswordHash"), by job
 * id or by an unambiguous prefix of one, never by having to copy a GUID.
 */
import type { EntraClient } from '../directory/entra/client.js';
import { CLOUD_SYNC_TEMPLATE_ID, type CloudSyncServicePrincipal, type SynchronizationJob } from '../directory/entra/synchronization-types.js';
import { CloudsyncError } from '../errors.js';

/** The client surface discovery needs (EntraClient has it; tests may pass another). */
export type GraphReader = Pick<EntraClient, 'request' | 'pages'>;

export interface CloudSyncJobRef {
  servicePrincipal: CloudSyncServicePrincipal;
  job: SynchronizationJob;
  /** "<domain>/<templateId>": how cloudsync names the job in output. */
  name: string;
}

export interface CloudSyncConfiguration {
  servicePrincipal: CloudSyncServicePrincipal;
  jobs: SynchronizationJob[];
}

const SP_SELECT = 'id,appId,displayName,applicationTemplateId,tags';

/** Where a detail goes under --debug (library code never prints). */
export type DebugHook = ((message: string) => void) | undefined;

/**
 * The ways Microsoft's own tools find a cloud sync service principal, in order:
 * AADCloudSyncTools filters on applicationTemplateId; Microsoft's docs (entra-docs
 * cloud-sync/concept-attributes.md) show one whose applicationTemplateId is null, the template
 * id being one of its servicePrincipalNames, which is how the second query finds it.
 */
export const DISCOVERY_FILTERS: ReadonlyArray<{ by: string; filter: string }> = [
  { by: 'applicationTemplateId', filter: `applicationTemplateId eq '${CLOUD_SYNC_TEMPLATE_ID}'` },
  { by: 'servicePrincipalNames', filter: `servicePrincipalNames/any(n:n eq '${CLOUD_SYNC_TEMPLATE_ID}')` },
];

/** The cloud sync service principals (all Graph calls of the sync API are on /beta, as the module's). */
export async function cloudSyncServicePrincipals(graph: GraphReader, debug?: DebugHook): Promise<CloudSyncServicePrincipal[]> {
  const found = new Map<string, CloudSyncServicePrincipal>();
  for (const { by, filter } of DISCOVERY_FILTERS) {
    const matched: string[] = [];
    for await (const sp of graph.pages<CloudSyncServicePrincipal>(`/beta/servicePrincipals?$filter=${encodeURIComponent(filter)}&$select=${SP_SELECT}`)) {
      if (found.has(sp.id)) continue;
      found.set(sp.id, sp);
      matched.push(`${sp.displayName} (${sp.id})`);
    }
    debug?.(`cloud sync service principals by ${by} (${filter}): ${matched.length > 0 ? matched.join(', ') : 'none new'}`);
  }
  return [...found.values()].sort((a, b) => a.displayName.localeCompare(b.displayName));
}

export async function jobsOf(graph: GraphReader, servicePrincipalId: string): Promise<SynchronizationJob[]> {
  const out: SynchronizationJob[] = [];
  for await (const j of graph.pages<SynchronizationJob>(`/beta/servicePrincipals/${encodeURIComponent(servicePrincipalId)}/synchronization/jobs`)) out.push(j);
  return out;
}

/** Every configuration with its jobs. */
export async function cloudSyncConfigurations(graph: GraphReader, debug?: DebugHook): Promise<CloudSyncConfiguration[]> {
  const sps = await cloudSyncServicePrincipals(graph, debug);
  return Promise.all(sps.map(async (servicePrincipal) => ({ servicePrincipal, jobs: await jobsOf(graph, servicePrincipal.id) })));
}

export const jobName = (sp: CloudSyncServicePrincipal, job: SynchronizationJob): string => `${sp.displayName}/${job.templateId}`;

export function allJobs(configs: readonly CloudSyncConfiguration[]): CloudSyncJobRef[] {
  return configs.flatMap((c) => c.jobs.map((job) => ({ servicePrincipal: c.servicePrincipal, job, name: jobName(c.servicePrincipal, job) })));
}

/**
 * Picks jobs by a reference: a job id (or unique prefix), a service principal id, a domain
 * (its AD2AADProvisioning job, else its only job), or "<domain>/<template>". Without a
 * reference: the only provisioning job there is. Case-insensitive. Throws a one-line error
 * naming the choices when nothing or more than one job fits.
 */
export function selectJob(jobs: readonly CloudSyncJobRef[], ref: string | undefined): CloudSyncJobRef {
  if (jobs.length === 0) throw new CloudsyncError('not-found', `no cloud sync configuration in this tenant (no service principal with the cloud sync template ${CLOUD_SYNC_TEMPLATE_ID} as applicationTemplateId or among its servicePrincipalNames)`);
  const choices = (): string => jobs.map((j) => `${j.name} (${j.job.id})`).join(', ');
  if (ref === undefined || ref.trim() === '') {
    const provisioning = jobs.filter((j) => j.job.templateId === 'AD2AADProvisioning');
    if (provisioning.length === 1) return provisioning[0]!;
    if (jobs.length === 1) return jobs[0]!;
    throw new CloudsyncError('usage', `several cloud sync jobs: name one with --job (${choices()})`);
  }
  const r = ref.trim().toLowerCase();
  const exact = jobs.filter((j) => j.job.id.toLowerCase() === r || j.name.toLowerCase() === r);
  if (exact.length === 1) return exact[0]!;
  const bySp = jobs.filter((j) => j.servicePrincipal.id.toLowerCase() === r || j.servicePrincipal.displayName.toLowerCase() === r);
  if (bySp.length === 1) return bySp[0]!;
  const provisioning = bySp.filter((j) => j.job.templateId === 'AD2AADProvisioning');
  if (provisioning.length === 1) return provisioning[0]!;
  const prefix = jobs.filter((j) => j.job.id.toLowerCase().startsWith(r));
  if (prefix.length === 1) return prefix[0]!;
  const many = [...bySp, ...prefix];
  if (many.length > 1) throw new CloudsyncError('usage', `"${ref}" names several jobs: ${[...new Set(many.map((j) => `${j.name} (${j.job.id})`))].join(', ')}`);
  throw new CloudsyncError('not-found', `no cloud sync job "${ref}" (jobs: ${choices()})`);
}

/** Discovery and selection in one call. */
export async function findJob(graph: GraphReader, ref: string | undefined, debug?: DebugHook): Promise<CloudSyncJobRef> {
  return selectJob(allJobs(await cloudSyncConfigurations(graph, debug)), ref);
}
