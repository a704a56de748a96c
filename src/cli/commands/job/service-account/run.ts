import type { Context } from '../../../context.js';
import { emitOptions } from '../../../output/emit.js';
import { EXIT } from '../../../output/exit-codes.js';
import { openGraph } from '../open.js';
import { jobOptions, type JobFlags } from '../options.js';
import { renderServiceAccountsView, type ServiceAccount } from './render.js';

export async function runJobServiceAccount(ctx: Context, flags: JobFlags): Promise<number> {
  const o = await jobOptions(ctx, flags);
  const graph = await openGraph(ctx, o);
  const filter = encodeURIComponent("startswith(userPrincipalName,'ADToAADSyncServiceAccount@')");
  const users: ServiceAccount[] = [];
  for await (const u of graph.pages<ServiceAccount>(`/beta/users?$filter=${filter}&$select=id,userPrincipalName,displayName,accountEnabled,createdDateTime`)) users.push(u);
  if (ctx.format === 'table' && users.length === 0) ctx.info('no cloud sync service account (ADToAADSyncServiceAccount@…) in this tenant');
  else ctx.io.out(renderServiceAccountsView(users, emitOptions(ctx)));
  return EXIT.ok;
}
