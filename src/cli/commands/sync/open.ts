/** What `sync` and `test-user` open before a run. */
import type { Scope } from '../../../directory/types.js';
import type { Context } from '../../context.js';
import { openEntra, type EntraCliFlags } from '../../entra.js';
import { openSource, type ConnectionFlags } from '../../source.js';
import { requireTenant } from '../../tenant.js';

/** What a run reads from and writes to, opened in this order: the tenant, the workspace (state, lock, journals), the source. */
export async function openRun(ctx: Context, flags: ConnectionFlags & EntraCliFlags, scope: Scope) {
  const { SyncWorkspace, defaultStateDir } = await import('../../../sync/index.js');
  const settings = await requireTenant(ctx, flags);
  const { tenantId: tenant, graphEndpoint } = settings;
  const client = await openEntra(ctx, settings);
  const workspace = SyncWorkspace.open({ tenant, scope, stateDir: defaultStateDir(ctx.io.env), retention: ctx.config.logs?.retention ?? {} });
  const source = await openSource(ctx, flags);
  // Ownership recorded in Entra (docs/state.md): on entra.extensionAppId, else on the app signed in as.
  const extensionAppId = ctx.config.entra?.extensionAppId;
  return { client, tenant, graphEndpoint, workspace, source, scope, ownership: extensionAppId !== undefined ? { extensionAppId } : {} };
}
