import type { Context } from '../../../context.js';
import { emitOptions } from '../../../output/emit.js';
import { EXIT } from '../../../output/exit-codes.js';
import { openJob } from '../open.js';
import { changeSettings } from './change.js';
import { jobSettingsOptions, type JobSettingsFlags } from './options.js';
import { renderSettingsView } from './render.js';

export async function runJobSettings(ctx: Context, flags: JobSettingsFlags): Promise<number> {
  const o = await jobSettingsOptions(ctx, flags);
  if (o.change !== undefined) return changeSettings(ctx, o, o.change);
  const s = await import('../../../../cloud-sync/settings.js');
  const { graph, ref } = await openJob(ctx, o);
  ctx.io.out(renderSettingsView(await s.jobSettings(graph, ref), emitOptions(ctx)));
  return EXIT.ok;
}
