import type { Context } from '../../context.js';
import { entraSettingsFor, type EntraCliFlags } from '../../entra.js';
import { EXIT } from '../../output/exit-codes.js';
import { logoutOptions } from './options.js';
import { logoutText } from './render.js';

export async function runLogout(ctx: Context, flags: EntraCliFlags): Promise<number> {
  const o = await logoutOptions(ctx, flags);
  const settings = await entraSettingsFor(ctx, o);
  const { logout } = await import('../../../directory/entra/index.js');
  const removed = settings ? await logout(settings) : false;
  ctx.info(logoutText(removed, settings?.tokenCachePath));
  return EXIT.ok;
}
