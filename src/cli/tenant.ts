import type { EntraSettings } from '../config/entra.js';
import type { EntraClient } from '../directory/entra/index.js';
import { CloudsyncError } from '../errors.js';
import type { Context } from './context.js';
import { entraSettingsFor, openEntra, type EntraCliFlags } from './entra.js';

/** The tenant a command cannot do without (graph, agents, info): its settings, or one config error saying how to configure it. */
export async function requireTenant(ctx: Context, flags: EntraCliFlags): Promise<EntraSettings> {
  const settings = await entraSettingsFor(ctx, flags);
  if (settings === undefined) {
    throw new CloudsyncError('config', 'no Entra tenant configured: set AZURE_TENANT_ID (or --tenant-id, or entra.tenantId in the config file) and credentials (docs/authentication.md)');
  }
  return settings;
}

/** The Graph client of the tenant a command cannot do without. */
export async function openTenant(ctx: Context, flags: EntraCliFlags): Promise<EntraClient> {
  return openEntra(ctx, await requireTenant(ctx, flags));
}
