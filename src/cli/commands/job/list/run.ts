import type { Context } from '../../../context.js';
import { emitOptions } from '../../../output/emit.js';
import { EXIT } from '../../../output/exit-codes.js';
import { debugHook, openGraph } from '../open.js';
import { jobOptions, type JobFlags } from '../options.js';
import { renderJobList } from './render.js';

export async function runJobList(ctx: Context, flags: JobFlags): Promise<number> {
  const o = await jobOptions(ctx, flags);
  const graph = await openGraph(ctx, o);
  const { cloudSyncConfigurations, allJobs } = await import('../../../../cloud-sync/discovery.js');
  const { listRow } = await import('../../../../cloud-sync/status.js');
  const configs = await cloudSyncConfigurations(graph, debugHook(ctx));
  const rows = allJobs(configs).map(listRow);
  const json = { configurations: configs.map((c) => ({ servicePrincipal: c.servicePrincipal, jobs: c.jobs.map((j) => j.id) })), jobs: rows };
  if (ctx.format === 'table' && configs.length === 0) ctx.info('no cloud sync configuration in this tenant');
  else {
    const text = renderJobList(rows, json, emitOptions(ctx));
    if (text !== '') ctx.io.out(text);
  }
  if (ctx.format === 'table') {
    for (const c of configs.filter((x) => x.jobs.length === 0)) ctx.warn(`configuration ${c.servicePrincipal.displayName} (${c.servicePrincipal.id}) has no job`);
  }
  return EXIT.ok;
}
