import type { CloudSyncJobRef } from '../../../cloud-sync/discovery.js';
import type { EntraClient } from '../../../directory/entra/client.js';
import { CloudsyncError } from '../../../errors.js';
import type { Context } from '../../context.js';
import { entraSettingsFor, openEntra, type EntraCliFlags } from '../../entra.js';

export async function openGraph(ctx: Context, flags: EntraCliFlags): Promise<EntraClient> {
  const settings = await entraSettingsFor(ctx, flags);
  if (settings === undefined) {
    throw new CloudsyncError('config', 'no tenant configured: set AZURE_TENANT_ID and AZURE_CLIENT_ID (or --tenant-id/--client-id), see docs/authentication.md');
  }
  return openEntra(ctx, settings);
}

/** Where the library's details go under --debug: stderr, as `debug: …` lines. */
export const debugHook = (ctx: Context): ((message: string) => void) | undefined => (ctx.debug ? (m) => ctx.info(`debug: ${m}`) : undefined);

/** The Graph client and the job --job names (or the only provisioning job). */
export async function openJob(ctx: Context, o: EntraCliFlags & { job?: string | undefined }): Promise<{ graph: EntraClient; ref: CloudSyncJobRef }> {
  const graph = await openGraph(ctx, o);
  const { findJob } = await import('../../../cloud-sync/discovery.js');
  return { graph, ref: await findJob(graph, o.job, debugHook(ctx)) };
}
