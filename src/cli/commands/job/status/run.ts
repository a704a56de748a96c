import type { CloudSyncJobRef } from '../../../../cloud-sync/discovery.js';
import type { Context } from '../../../context.js';
import { emitOptions } from '../../../output/emit.js';
import { EXIT } from '../../../output/exit-codes.js';
import { openJob } from '../open.js';
import { jobOptions, type JobFlags } from '../options.js';
import { renderStatusView } from './render.js';

export async function runJobStatus(ctx: Context, flags: JobFlags): Promise<number> {
  const o = await jobOptions(ctx, flags);
  const { ref } = await openJob(ctx, o);
  return showStatus(ctx, ref);
}

/** Shows a job's status (also after start, pause and restart); exit 4 when it needs attention. */
export async function showStatus(ctx: Context, ref: CloudSyncJobRef): Promise<number> {
  const { statusView } = await import('../../../../cloud-sync/status.js');
  const view = statusView(ref);
  ctx.io.out(renderStatusView(view, emitOptions(ctx)));
  return view.health === 'ok' ? EXIT.ok : EXIT.findings;
}
