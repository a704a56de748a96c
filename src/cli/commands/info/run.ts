/**
 * `cloudsync info`: tenant, domains, app, sign-in, endpoints, token expiry, permissions and,
 * per command, whether they suffice; plus the cloudsync version, config file and state
 * directory. Exit 0 (missing permissions are shown, not failures: `doctor` judges).
 */
import { readFileSync } from 'node:fs';
import { defaultStateDir } from '../../../sync/store/workspace.js';
import type { Context } from '../../context.js';
import type { EntraCliFlags } from '../../entra.js';
import { emitOptions } from '../../output/emit.js';
import { EXIT } from '../../output/exit-codes.js';
import { openTenant } from '../../tenant.js';
import { infoOptions } from './options.js';
import { renderInfo } from './render.js';

export async function runInfo(ctx: Context, flags: EntraCliFlags): Promise<number> {
  const o = await infoOptions(ctx, flags);
  const { tenantInfo } = await import('../../../tenant/info.js');
  const client = await openTenant(ctx, o);
  const report = await tenantInfo(client);
  const view = { ...report, cloudsync: { version: version(), configFile: ctx.configPath ?? null, stateDir: defaultStateDir(ctx.io.env) } };
  ctx.io.out(renderInfo(view, emitOptions(ctx)));
  return EXIT.ok;
}

function version(): string {
  return (JSON.parse(readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}
