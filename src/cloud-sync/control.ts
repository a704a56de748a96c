/**
 * Start, pause and restart a cloud sync job (Resume-, Suspend- and Restart-AADCloudSyncToolsJob),
 * and the restart's reset scope from the words people type.
 */
import type { ResetScope, SynchronizationJob } from '../directory/entra/synchronization-types.js';
import { CloudsyncError } from '../errors.js';
import type { CloudSyncJobRef, GraphReader } from './discovery.js';

export const jobPath = (ref: CloudSyncJobRef): string =>
  `/beta/servicePrincipals/${encodeURIComponent(ref.servicePrincipal.id)}/synchronization/jobs/${encodeURIComponent(ref.job.id)}`;

/** The words `--reset` takes, and Graph's name for each. */
export const RESET_WORDS: ReadonlyArray<readonly [string, ResetScope]> = [
  ['watermark', 'Watermark'],
  ['escrows', 'Escrows'],
  ['quarantine', 'QuarantineState'],
  ['full', 'Full'],
  ['force-deletes', 'ForceDeletes'],
];

/** Resets that throw away state or let deletes through: they need a "yes". */
const DESTRUCTIVE: ReadonlySet<ResetScope> = new Set(['Full', 'Watermark', 'ForceDeletes']);

export interface ResetChoice {
  scopes: ResetScope[];
  /** Graph's criteria.resetScope value (comma-separated). */
  resetScope: string;
  destructive: boolean;
}

/**
 * "watermark,escrows" (or Graph's own names, any case) → the reset scopes. No value at all means
 * Full, as Restart-AADCloudSyncToolsJob does. Unknown words are a usage error naming the valid ones.
 */
export function parseResetScope(input: string | readonly string[] | undefined): ResetChoice {
  const words = (typeof input === 'string' ? [input] : (input ?? [])).flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== '');
  const scopes: ResetScope[] = [];
  for (const w of words) {
    const k = w.toLowerCase();
    const hit = RESET_WORDS.find(([word, graph]) => word === k || graph.toLowerCase() === k || word.replace('-', '') === k);
    if (hit === undefined) {
      throw new CloudsyncError('usage', `unknown --reset value "${w}": use ${RESET_WORDS.map(([word]) => word).join(', ')} (comma-separated)`);
    }
    if (!scopes.includes(hit[1])) scopes.push(hit[1]);
  }
  if (scopes.length === 0) scopes.push('Full');
  return { scopes, resetScope: scopes.join(','), destructive: scopes.some((s) => DESTRUCTIVE.has(s)) };
}

export async function getJob(graph: GraphReader, ref: CloudSyncJobRef): Promise<SynchronizationJob> {
  return graph.request<SynchronizationJob>('GET', jobPath(ref));
}

/** The job as it is now (a fresh GET), in the same reference. */
export async function refreshJob(graph: GraphReader, ref: CloudSyncJobRef): Promise<CloudSyncJobRef> {
  return { ...ref, job: await getJob(graph, ref) };
}

export async function startJob(graph: GraphReader, ref: CloudSyncJobRef): Promise<void> {
  await graph.request('POST', `${jobPath(ref)}/start`);
}

export async function pauseJob(graph: GraphReader, ref: CloudSyncJobRef): Promise<void> {
  await graph.request('POST', `${jobPath(ref)}/pause`);
}

export async function restartJob(graph: GraphReader, ref: CloudSyncJobRef, reset: ResetChoice): Promise<void> {
  await graph.request('POST', `${jobPath(ref)}/restart`, { criteria: { resetScope: reset.resetScope } });
}
