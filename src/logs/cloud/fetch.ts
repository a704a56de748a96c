/**
 * Reads GET /auditLogs/provisioning page by page, paced by the reports throttle: every page
 * request takes a token from the pacer first, a 429 closes the pacer for its Retry-After (the
 * whole window when Graph gives none) and the same page is asked again, never sooner.
 */
import type { ProvisioningObjectSummary } from '../../sync/explain/provisioning-summary.js';
import { CloudsyncError } from '../../errors.js';
import { ReportsPacer } from './pacer.js';
import { serverFilter, type ServerQuery } from './query.js';

/** The largest page the provisioning-log API gives. */
export const MAX_TOP = 1000;

export interface LogReader {
  request<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T>;
}

export interface FetchOptions {
  pacer?: ReportsPacer;
  top?: number;
  /** Stop after this many records (default: all). */
  limit?: number;
  /** 429s in a row for one page before giving up (default 8). */
  maxThrottled?: number;
  onPage?(info: { records: number; total: number; requests: number }): void;
  onThrottled?(info: { waitMs: number }): void;
}

export interface FetchStats {
  requests: number;
  throttled: number;
  records: number;
}

interface Page {
  value?: ProvisioningObjectSummary[];
  '@odata.nextLink'?: string;
}

export function firstPagePath(q: ServerQuery, top = MAX_TOP): string {
  const filter = serverFilter(q);
  return `/v1.0/auditLogs/provisioning?$top=${top}${filter !== undefined ? `&$filter=${encodeURIComponent(filter)}` : ''}`;
}

/** Every record the query selects, one page at a time. */
export async function* fetchProvisioningLogs(graph: LogReader, q: ServerQuery, o: FetchOptions = {}, stats: FetchStats = { requests: 0, throttled: 0, records: 0 }): AsyncGenerator<ProvisioningObjectSummary[]> {
  const pacer = o.pacer ?? new ReportsPacer();
  let next: string | undefined = firstPagePath(q, o.top ?? MAX_TOP);
  while (next !== undefined) {
    const page: Page = await getPage(graph, next, pacer, o, stats);
    let records = page.value ?? [];
    if (o.limit !== undefined && stats.records + records.length > o.limit) records = records.slice(0, o.limit - stats.records);
    stats.records += records.length;
    o.onPage?.({ records: records.length, total: stats.records, requests: stats.requests });
    if (records.length > 0) yield records;
    next = o.limit !== undefined && stats.records >= o.limit ? undefined : page['@odata.nextLink'];
  }
}

async function getPage(graph: LogReader, path: string, pacer: ReportsPacer, o: FetchOptions, stats: FetchStats): Promise<Page> {
  for (let throttled = 0; ; ) {
    await pacer.acquire();
    stats.requests++;
    try {
      return await graph.request<Page>('GET', path);
    } catch (e) {
      if (!isThrottled(e)) throw e;
      stats.throttled++;
      if (++throttled > (o.maxThrottled ?? 8)) {
        throw new CloudsyncError('runtime', `Graph kept refusing the provisioning logs with 429 (throttled) after ${throttled - 1} waits; another app or script may be reading the reports APIs at the same time: try again later`, { cause: e });
      }
      const wait = retryAfterOf(e);
      pacer.closeFor(wait);
      o.onThrottled?.({ waitMs: wait ?? REPORTS_WAIT_MS });
    }
  }
}

const REPORTS_WAIT_MS = 10_000;

function isThrottled(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { status?: unknown }).status === 429;
}

/** Retry-After in ms when the error carries it (GraphError does not: the whole window is waited then). */
function retryAfterOf(e: unknown): number | undefined {
  const v = (e as { retryAfterMs?: unknown }).retryAfterMs;
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
