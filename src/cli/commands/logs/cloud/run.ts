import type { BatchRequest } from '../../../../directory/entra/batch.js';
import type { DirectorySource } from '../../../../directory/types.js';
import { CloudsyncError } from '../../../../errors.js';
import { readCloudLogs } from '../../../../logs/cloud/index.js';
import type { Context } from '../../../context.js';
import { entraSettingsFor, openEntra } from '../../../entra.js';
import { emitOptions } from '../../../output/emit.js';
import { EXIT } from '../../../output/exit-codes.js';
import { openSource } from '../../../source.js';
import { logsCloudOptions, type LogsCloudFlags, type LogsCloudOptions } from './options.js';
import { renderLogsCloud, statsLine } from './render.js';

/** AD (or an LDIF export) is optional here: used when configured, a failure to open it is a warning. */
async function openAdIfConfigured(ctx: Context, o: LogsCloudOptions): Promise<DirectorySource | undefined> {
  if (!o.ad || !o.adConfigured) return undefined;
  try {
    return await openSource(ctx, o);
  } catch (e) {
    ctx.warn(`AD objects are not named by DN: ${(e as Error).message}`);
    return undefined;
  }
}

export async function runLogsCloud(ctx: Context, flags: LogsCloudFlags): Promise<number> {
  const o = await logsCloudOptions(ctx, flags);
  const settings = await entraSettingsFor(ctx, o);
  if (settings === undefined) throw new CloudsyncError('config', 'no tenant configured: set AZURE_TENANT_ID (or --tenant-id) and credentials (docs/authentication.md)');
  const entra = await openEntra(ctx, settings);
  const ad = await openAdIfConfigured(ctx, o);
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
      { ...(o.job !== undefined ? { job: o.job } : {}), server: o.server, client: o.client, ...(o.limit !== undefined ? { limit: o.limit } : {}), ...(ad ? { ad } : {}) },
      {
        ...(progress ? { onProgress: (i: { records: number; requests: number }) => ctx.io.err(`\r${i.records} records read…`) } : {}),
        onThrottled: (i) => ctx.info(`the reports API is throttled (5 requests per 10 s): waiting ${Math.ceil(i.waitMs / 1000)} s`),
        ...(ctx.debug ? { onDebug: (m: string) => ctx.info(`debug: ${m}`) } : {}),
      },
    );
    if (progress) ctx.io.err('\r\x1b[K');
    for (const p of result.problems) ctx.warn(p);
    ctx.io.out(renderLogsCloud(result, { ...emitOptions(ctx), ids: o.ids }));
    ctx.info(statsLine(result));
    return EXIT.ok;
  } finally {
    await writer.close().catch(() => undefined);
    await ad?.close().catch(() => undefined);
  }
}
