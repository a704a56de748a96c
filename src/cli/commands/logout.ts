import type { Context } from '../context.js';
import { entraSettingsFor, type EntraCliFlags } from '../entra.js';
import { EXIT } from '../output/exit-codes.js';

export async function runLogout(ctx: Context, flags: EntraCliFlags): Promise<number> {
  const settings = await entraSettingsFor(ctx, { ...flags, tenantId: flags.tenantId ?? ctx.io.env.AZURE_TENANT_ID ?? 'common' });
  const { logout } = await import('../../directory/entra/index.js');
  const removed = settings ? await logout(settings) : false;
  ctx.info(removed ? `signed out: removed the token cache ${settings?.tokenCachePath}` : 'no cached sign-in to remove');
  return EXIT.ok;
}
