/**
 * `cloudsync agents`: the cloud sync provisioning agents, the domains they serve, and warnings
 * (a domain with fewer than two active agents, inactive agents, none at all). Exit 4 when there
 * is a warning, like other findings (docs/graph.md).
 */
import type { Context } from '../context.js';
import type { EntraCliFlags } from '../entra.js';
import { renderAgents } from '../output/agents.js';
import { EXIT } from '../output/exit-codes.js';
import { requireEntra } from './sync/open.js';

export async function runAgents(ctx: Context, flags: EntraCliFlags): Promise<number> {
  const { agentsOverview } = await import('../../tenant/agents.js');
  const { client } = await requireEntra(ctx, flags);
  const report = await agentsOverview(client);
  const width = ctx.format === 'table' && ctx.io.stdoutIsTty ? (ctx.io.columns ?? 120) : undefined;
  ctx.io.out(renderAgents(report, { format: ctx.format, paint: ctx.paint, ...(width !== undefined ? { width } : {}) }));
  if (ctx.format !== 'json') for (const w of report.warnings) ctx.warn(w.message);
  return report.warnings.length > 0 ? EXIT.findings : EXIT.ok;
}
