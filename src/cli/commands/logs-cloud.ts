import type { DirectorySource } from '../../directory/types.js';
import type { BatchRequest } from '../../directory/entra/batch.js';
import { CloudsyncError } from '../../errors.js';
import { parseAction, parseSince, parseStatus, readCloudLogs, type ClientQuery, type ServerQuery } from '../../logs/cloud/index.js';
import type { Context } from '../context.js';
import { entraSettingsFor, openEntra, type EntraCliFlags } from '../entra.js';
import { EXIT } from '../output/exit-codes.js';
import { renderLogsCloud } from '../output/logs-cloud.js';
import { openSource, type ConnectionFlags } from '../source.js';

export interface LogsCloudFlags extends EntraCliFlags, ConnectionFlags {
  since?: string;
  job?: string;
  cycle?: string;
  status?: string;
  action?: string;
  user?: string;
  attribute?: string;
  errorCode?: string;
  limit?: string;
  ids?: boolean;
  ad?: boolean;
}

export const DEFAULT_SINCE = '24h';

/** --limit: a number of records; 0 means all, as for `logs --limit`. */
export function limitOf(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isInteger(n) || n < 0) throw new CloudsyncError('usage', `--limit expects a whole number of records (0 for all), got "${v}"`);
  return n === 0 ? undefined : n;
}

/** AD (or an LDIF export) is optional here: used when configured, a failure to open it is a warning. */
async function openAdIfConfigured(ctx: Context, flags: LogsCloudFlags): Promise<DirectorySource | undefined> {
  if (flags.ad === false) return undefined;
  const configured = flags.from !== undefined || flags.url !== undefined || !!ctx.io.env.CLOUDSYNC_LDAP_URL || ctx.config.ldap?.url !== undefined;
  if (!configured) return undefined;
  try {
    return await openSource(ctx, flags);
  } catch (e) {
    ctx.warn(`AD objects are not named by DN: ${(e as Error).message}`);
    return undefined;
  }
}

export async function runLogsCloud(ctx: Context, flags: LogsCloudFlags): Promise<number> {
  const server: Omit<ServerQuery, 'jobId'> = { since: parseSince(flags.since ?? DEFAULT_SINCE) };
  if (flags.cycle !== undefined) server.cycleId = flags.cycle;
  if (flags.status !== undefined) server.status = parseStatus(flags.status);
  if (flags.action !== undefined) server.action = parseAction(flags.action);
  const client: ClientQuery = {};
  if (flags.user !== undefined) client.user = flags.user;
  if (flags.attribute !== undefined) client.attribute = flags.attribute;
  if (flags.errorCode !== undefined) client.errorCode = flags.errorCode;
  const limit = limitOf(flags.limit);

  const settings = await entraSettingsFor(ctx, flags);
  if (settings === undefined) throw new CloudsyncError('config', 'no tenant configured: set AZURE_TENANT_ID (or --tenant-id) and credentials (docs/authentication.md)');
  const entra = await openEntra(ctx, settings);
  const ad = await openAdIfConfigured(ctx, flags);
  const writer = entra.batchWriter();
  try {
    const graph = {
      request: entra.request.bind(entra),
      pages: entra.pages.bind(entra),
      batch: (reqs: BatchRequest[]) => Promise.all(reqs.map((r) => writer.submit(r))),
    };
    const progress = ctx.io.stderrIsTty && ctx.format === 'table';
    const result = await readCloudLogs(
      graph,
      { ...(flags.job !== undefined ? { job: flags.job } : {}), server, client, ...(limit !== undefined ? { limit } : {}), ...(ad ? { ad } : {}) },
      {
        ...(progress ? { onProgress: (i: { records: number; requests: number }) => ctx.io.err(`\r${i.records} records read…`) } : {}),
        onThrottled: (i) => ctx.info(`the reports API is throttled (5 requests per 10 s): waiting ${Math.ceil(i.waitMs / 1000)} s`),
      },
    );
    if (progress) ctx.io.err('\r\x1b[K');
    for (const p of result.problems) ctx.warn(p);
    ctx.io.out(renderLogsCloud(result, { format: ctx.format, paint: ctx.paint, ids: flags.ids === true }));
    const s = result.stats;
    ctx.info(
      `${result.rows.length} record(s) in ${result.cycles.length} cycle(s)${result.rows.length !== s.records ? ` (${s.records} read, the rest filtered out)` : ''}; ` +
        `${s.requests} log request(s)${s.pacerWaitMs > 0 ? `, ${(s.pacerWaitMs / 1000).toFixed(1)} s paced for the reports throttle` : ''}, ${s.lookups} name lookup(s)${s.adSearches > 0 ? `, ${s.adSearches} AD search(es)` : ''}`,
    );
    return EXIT.ok;
  } finally {
    await writer.close().catch(() => undefined);
    await ad?.close().catch(() => undefined);
  }
}
