/**
 * `cloudsync setup`: declares the directory extensions that record ownership in Entra (an anchor
 * and the configuration's marker on users and groups) on the app cloudsync signs in as, or on
 * --extension-app-id / entra.extensionAppId. Idempotent: says what existed and what it created.
 */
import { ownershipExtensions } from '../../../directory/entra/ownership.js';
import { CloudsyncError } from '../../../errors.js';
import { confirmChange } from '../../confirm.js';
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
  // A write to the tenant, like graph's and job's: --yes or a terminal yes, else nothing is sent (exit 4).
  const checked = await ownershipExtensions(client, appId, { create: false });
  if (checked.missing.length === 0) {
    ctx.io.out(renderSetup(checked, emitOptions(ctx)));
    return EXIT.ok;
  }
  const answer = await confirmChange(ctx, o.yes === true, `Create ${checked.missing.length} directory extension(s) on application ${checked.appId}?`, 'creating the directory extensions');
  if (answer !== 'yes') {
    ctx.io.out(renderSetup(checked, emitOptions(ctx)));
    if (answer === 'no') ctx.info('nothing created');
    return EXIT.findings;
  }
  ctx.io.out(renderSetup(await ownershipExtensions(client, appId, { create: true }), emitOptions(ctx)));
  return EXIT.ok;
}
