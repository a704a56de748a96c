/**
 * `logs cloud` as a library call: finds the job(s), reads the provisioning logs within the
 * reports throttle, resolves every id to a name (cloud users and groups, deleted ones, AD objects
 * by objectGUID), filters, explains errors (naming the holder of a non-unique value) and groups
 * the records by cycle. Lookups that fail are reported in `problems`, never fatal.
 */
import type { DirectorySource } from '../../directory/types.js';
import type { BatchRequest, BatchResult } from '../../directory/entra/batch.js';
import { allJobs, cloudSyncConfigurations, selectJob, type CloudSyncJobRef, type GraphReader } from '../../cloud-sync/discovery.js';
import { CloudsyncError } from '../../errors.js';
import type { ProvisioningObjectSummary } from '../../sync/explain/provisioning-summary.js';
import { AdNames } from './ad-names.js';
import { CloudNames } from './cloud-names.js';
import { ConflictFinder } from './conflict.js';
import { explainQuarantine, type Explanation } from './explain.js';
import { fetchProvisioningLogs, type FetchStats } from './fetch.js';
import { ReportsPacer } from './pacer.js';
import { matchesClient, type ClientQuery, type ServerQuery } from './query.js';
import { detailIds, GUID_TOKEN, groupCycles, REFERENCE, toRow, type Cycle, type LogRow } from './rows.js';

export interface CloudLogsGraph extends GraphReader {
  batch?(requests: BatchRequest[]): Promise<BatchResult[]>;
}

export interface CloudLogsOptions {
  /** --job: a domain, "<domain>/<template>", a job id or prefix. */
  job?: string;
  server?: Omit<ServerQuery, 'jobId'>;
  client?: ClientQuery;
  /** Stop after this many records from Graph. */
  limit?: number;
  /** AD or an LDIF export, to name source objects by DN. */
  ad?: DirectorySource;
  pacer?: ReportsPacer;
  /** Skip the job lookups (names come from the records' servicePrincipal then). */
  noDiscovery?: boolean;
}

export interface CloudLogsHooks {
  onProgress?(info: { records: number; requests: number }): void;
  onThrottled?(info: { waitMs: number }): void;
  /** Details for --debug (e.g. which way the cloud sync service principals were found). */
  onDebug?(message: string): void;
}

export interface JobNotice {
  name: string;
  jobId: string;
  status?: string;
  quarantine?: { reason: string; since?: string; nextAttempt?: string; error?: string; explanation: Explanation };
}

export interface CloudLogsResult {
  rows: LogRow[];
  cycles: Cycle[];
  jobs: JobNotice[];
  problems: string[];
  stats: FetchStats & { lookups: number; adSearches: number; pacerWaitMs: number };
}

const templateOf = (jobId: string): string => jobId.split('.')[0] ?? jobId;

export async function readCloudLogs(graph: CloudLogsGraph, o: CloudLogsOptions = {}, hooks: CloudLogsHooks = {}): Promise<CloudLogsResult> {
  const problems: string[] = [];
  let jobs: CloudSyncJobRef[] = [];
  if (o.noDiscovery !== true) {
    try {
      jobs = allJobs(await cloudSyncConfigurations(graph, hooks.onDebug));
    } catch (e) {
      problems.push(`cloud sync jobs could not be listed (${(e as Error).message}); job names come from the records`);
    }
  }
  let jobId: string | undefined;
  if (o.job !== undefined) {
    if (jobs.length > 0) jobId = selectJob(jobs, o.job).job.id;
    else if (o.job.includes('.')) jobId = o.job;
    else throw new CloudsyncError('not-found', `no cloud sync job "${o.job}" could be found (the jobs could not be listed): give the job id instead`);
  }
  const byJobId = new Map(jobs.map((j) => [j.job.id.toLowerCase(), j]));
  const jobName = (r: ProvisioningObjectSummary): string => {
    const known = byJobId.get((r.jobId ?? '').toLowerCase());
    if (known) return known.name;
    const sp = r.servicePrincipal?.displayName || r.servicePrincipal?.id || 'unknown configuration';
    return `${sp}/${templateOf(r.jobId ?? '')}`;
  };

  const cloud = new CloudNames(graph);
  const ad = o.ad ? new AdNames(o.ad) : undefined;
  const records: ProvisioningObjectSummary[] = [];
  // Name lookups for a page run while the next page waits for the reports throttle.
  let lookups: Promise<void> = Promise.resolve();
  const stats: FetchStats = { requests: 0, throttled: 0, records: 0 };
  const pacer = o.pacer ?? new ReportsPacer();
  const server: ServerQuery = { ...(o.server ?? {}), ...(jobId !== undefined ? { jobId } : {}) };
  for await (const page of fetchProvisioningLogs(graph, server, {
    pacer,
    ...(o.limit !== undefined ? { limit: o.limit } : {}),
    onPage: (i) => hooks.onProgress?.({ records: i.total, requests: i.requests }),
    ...(hooks.onThrottled ? { onThrottled: hooks.onThrottled } : {}),
  }, stats)) {
    records.push(...page);
    const targets = page.filter((r) => r.targetIdentity?.id).map((r) => ({ id: r.targetIdentity.id, type: r.targetIdentity.identityType }));
    for (const r of page) {
      for (const p of r.modifiedProperties ?? []) {
        if (!REFERENCE.test(p.displayName)) continue;
        for (const id of `${p.oldValue ?? ''} ${p.newValue ?? ''}`.match(GUID_TOKEN) ?? []) targets.push({ id, type: '' });
      }
      // Object ids in Graph's message (the other holder of a value, …); request ids name no object.
      for (const id of detailIds(r)) targets.push({ id, type: '' });
    }
    const sources = page.map((r) => r.sourceIdentity?.id).filter((x): x is string => !!x);
    lookups = lookups.then(async () => {
      await Promise.all([cloud.resolve(targets), ad?.resolve(sources)]);
      // Records with only a source id (out of scope, failed creates): the cloud user by anchor, when AD did not name it.
      const orphans = page.filter((r) => r.sourceIdentity?.id && !(r.targetIdentity?.id && cloud.get(r.targetIdentity.id)) && !ad?.get(r.sourceIdentity.id));
      await cloud.resolveAnchors(orphans.map((r) => r.sourceIdentity.id));
    });
  }
  await lookups;

  const lookupsApi = { cloud: (id: string) => cloud.get(id), cloudByGuid: (g: string) => cloud.getByGuid(g), ad: (g: string) => ad?.get(g), jobName };
  const rows = records.map((r) => toRow(r, lookupsApi)).filter((row) => matchesClient(row.record, names(row), o.client ?? {}));

  const conflicts = new ConflictFinder(graph);
  const unique = rows.filter((row) => row.error?.code.toLowerCase() === 'attributevaluemustbeunique');
  const found = await conflicts.findAll(unique.map((row) => row.record));
  for (const row of unique) {
    const f = found.get(row.record);
    if (f && row.error) row.error.conflict = f;
  }

  problems.push(...cloud.problems.map((p) => `cloud names: ${p}`), ...(ad?.problems ?? []).map((p) => `AD names: ${p}`));
  return {
    rows,
    cycles: groupCycles(rows),
    jobs: jobNotices(jobs, jobId, rows),
    problems,
    stats: { ...stats, lookups: cloud.requests + conflicts.requests, adSearches: ad?.searches ?? 0, pacerWaitMs: pacer.waitedMs },
  };
}

function names(row: LogRow): { targetName?: string; targetUpn?: string; sourceDn?: string; sourceName?: string } {
  return {
    ...(row.target?.name ? { targetName: row.target.name } : {}),
    ...(row.target?.upn ? { targetUpn: row.target.upn } : {}),
    ...(row.source?.dn ? { sourceDn: row.source.dn } : {}),
    ...(row.source?.name ? { sourceName: row.source.name } : {}),
  };
}

/** The jobs the listing is about (the chosen one, else those in the records, else all provisioning jobs) with their quarantine. */
function jobNotices(jobs: readonly CloudSyncJobRef[], jobId: string | undefined, rows: readonly LogRow[]): JobNotice[] {
  const inRows = new Set(rows.map((r) => (r.record.jobId ?? '').toLowerCase()));
  const chosen = jobs.filter((j) => (jobId !== undefined ? j.job.id === jobId : inRows.has(j.job.id.toLowerCase()) || j.job.status?.code === 'Quarantine'));
  return chosen.map((j) => {
    const n: JobNotice = { name: j.name, jobId: j.job.id, ...(j.job.status?.code ? { status: j.job.status.code } : {}) };
    const q = j.job.status?.quarantine;
    if (j.job.status?.code === 'Quarantine' || q) {
      n.quarantine = {
        reason: q?.reason ?? 'Unknown',
        ...(q?.currentBegan ? { since: q.currentBegan } : {}),
        ...(q?.nextAttempt ? { nextAttempt: q.nextAttempt } : {}),
        ...(q?.error?.message ? { error: `${q.error.code}: ${q.error.message}` } : {}),
        explanation: explainQuarantine(q?.reason),
      };
    }
    return n;
  });
}
