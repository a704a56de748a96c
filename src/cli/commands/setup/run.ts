/**
 * `cloudsync setup`: declares the directory extensions that record ownership in Entra (an anchor
 * and the configuration's marker on users and groups) on the app cloudsync signs in as, or on
 * --extension-app-id / entra.extensionAppId. Idempotent: says what existed and what it created.
 */
import { ownershipExtensions } from '../../../directory/entra/ownership.js';
import { CloudsyncError } from '../../../errors.js';
import type { Context } from '../../context.js';
import { emitOptions } from '../../output/emit.js';
import { EXIT } from '../../output/exit-codes.js';
import { openTenant } from '../../tenant.js';
import { setupOptions, type SetupFlags } from './options.js';
import { renderSetup } from './render.js';

export async function runSetup(ctx: Context, flags: SetupFlags): Promise<number> {
  const o = await setupOptions(ctx, flags);
  const client = await openTenant(ctx, o);
  const appId = o.extensionAppId ?? (await client.token()).appId ?? client.settings.clientId;
  if (appId === undefined) throw new CloudsyncError('config', 'no application to hold the extensions: set --extension-app-id or entra.extensionAppId');
  const setup = await ownershipExtensions(client, appId, { create: true });
  ctx.io.out(renderSetup(setup, emitOptions(ctx)));
  return EXIT.ok;
}
