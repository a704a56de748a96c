/** What `sync` and `test-user` open before a run (and `agents`, `info` the tenant alone). */
import type { Scope } from '../../../directory/types.js';
import type { EntraClient } from '../../../directory/entra/index.js';
import { CloudsyncError } from '../../../errors.js';
import type { Context } from '../../context.js';
import { entraSettingsFor, openEntra, type EntraCliFlags } from '../../entra.js';
import { openSource, type ConnectionFlags } from '../../source.js';

/** Opens the tenant, or stops: a sync always needs one. */
export async function requireEntra(ctx: Context, flags: EntraCliFlags): Promise<{ client: EntraClient; tenant: string; graphEndpoint: string }> {
  const settings = await entraSettingsFor(ctx, flags);
  if (settings === undefined) {
    throw new CloudsyncError('config', 'no Entra tenant configured: set AZURE_TENANT_ID (or --tenant-id, or entra.tenantId in the config file) and credentials (docs/authentication.md)');
  }
  return { client: await openEntra(ctx, settings), tenant: settings.tenantId, graphEndpoint: settings.graphEndpoint };
}

/** What a run reads from and writes to, opened in this order: the tenant, the workspace (state, lock, journals), the source. */
export async function openRun(ctx: Context, flags: ConnectionFlags & EntraCliFlags, scope: Scope) {
  const { SyncWorkspace, defaultStateDir } = await import('../../../sync/index.js');
  const { client, tenant, graphEndpoint } = await requireEntra(ctx, flags);
  const workspace = SyncWorkspace.open({ tenant, scope, stateDir: defaultStateDir(ctx.io.env), retention: ctx.config.logs?.retention ?? {} });
  const source = await openSource(ctx, flags);
  return { client, tenant, graphEndpoint, workspace, source, scope };
}
