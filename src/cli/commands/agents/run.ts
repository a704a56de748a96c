/**
 * `cloudsync agents`: the cloud sync provisioning agents, the domains they serve, and warnings
 * (a domain with fewer than two active agents, inactive agents, none at all). Exit 4 when there
 * is a warning, like other findings (docs/graph.md).
 */
import type { Context } from '../../context.js';
import type { EntraCliFlags } from '../../entra.js';
import { emitOptions } from '../../output/emit.js';
import { EXIT } from '../../output/exit-codes.js';
import { openTenant } from '../../tenant.js';
import { agentsOptions } from './options.js';
import { renderAgents } from './render.js';

export async function runAgents(ctx: Context, flags: EntraCliFlags): Promise<number> {
  const o = await agentsOptions(ctx, flags);
  const { agentsOverview } = await import('../../../tenant/agents.js');
  const client = await openTenant(ctx, o);
  const token = await client.token();
  // An app's token carries roles; a signed-in administrator's carries scopes (scp).
  const report = await agentsOverview(client, { application: token.roles.length > 0 || token.scopes.length === 0 });
  ctx.io.out(renderAgents(report, emitOptions(ctx)));
  if (ctx.format !== 'json') for (const w of report.warnings) ctx.warn(w.message);
  return report.warnings.length > 0 ? EXIT.findings : EXIT.ok;
}
