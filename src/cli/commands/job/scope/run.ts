import type { Context } from '../../../context.js';
import { emitOptions } from '../../../output/emit.js';
import { EXIT } from '../../../output/exit-codes.js';
import { openJob } from '../open.js';
import { jobScopeOptions, type JobScopeFlags } from './options.js';
import { renderScopeView } from './render.js';

export async function runJobScope(ctx: Context, flags: JobScopeFlags): Promise<number> {
  const o = await jobScopeOptions(ctx, flags);
  const { schemaScopes } = await import('../../../../cloud-sync/scope.js');
  const { graph, ref } = await openJob(ctx, o);
  const { getSchema } = await import('../../../../cloud-sync/schema.js');
  const scopes = schemaScopes(await getSchema(graph, ref), o.objectType);
  ctx.io.out(renderScopeView({ job: ref.name, jobId: ref.job.id, objectType: o.objectType, scopes }, emitOptions(ctx)));
  return EXIT.ok;
}
