import type { Context } from '../../../context.js';
import { emitOptions } from '../../../output/emit.js';
import { EXIT } from '../../../output/exit-codes.js';
import { openJob } from '../open.js';
import { jobOptions, type JobFlags } from '../options.js';
import { renderScheduleView } from './render.js';

export async function runJobSchedule(ctx: Context, flags: JobFlags): Promise<number> {
  const o = await jobOptions(ctx, flags);
  const { ref } = await openJob(ctx, o);
  const { scheduleView } = await import('../../../../cloud-sync/status.js');
  ctx.io.out(renderScheduleView({ job: ref.name, jobId: ref.job.id, ...scheduleView(ref.job.schedule) }, emitOptions(ctx)));
  return EXIT.ok;
}
