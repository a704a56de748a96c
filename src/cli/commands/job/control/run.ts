import { confirmChange } from '../../../confirm.js';
import type { Context } from '../../../context.js';
import { EXIT } from '../../../output/exit-codes.js';
import { openJob } from '../open.js';
import { showStatus } from '../status/run.js';
import { jobControlOptions, type JobAction, type JobControlFlags } from './options.js';

/** start, pause or restart a job, then show its status (exit 0: the action was done, whatever the job's health). */
export async function runJobControl(ctx: Context, flags: JobControlFlags, action: JobAction): Promise<number> {
  const o = await jobControlOptions(ctx, flags, action);
  const control = await import('../../../../cloud-sync/control.js');
  const reset = o.reset;
  const { graph, ref } = await openJob(ctx, o);
  if (reset !== undefined && reset.destructive) {
    const what = reset.scopes.includes('ForceDeletes')
      ? 'lets the staged deletes through'
      : reset.scopes.includes('Full')
        ? 'forgets what the job has synchronised and reads everything again (a full cycle)'
        : 'forgets the watermark: the next cycle reads everything again';
    const answer = await confirmChange(ctx, o.yes, `Restart ${ref.name} with reset ${reset.resetScope}? It ${what}.`, `restart --reset ${reset.resetScope} (it ${what})`);
    if (answer !== 'yes') {
      if (answer === 'no') ctx.info('not restarted');
      return EXIT.findings;
    }
  }
  if (action === 'start') await control.startJob(graph, ref);
  else if (action === 'pause') await control.pauseJob(graph, ref);
  else await control.restartJob(graph, ref, reset!);
  ctx.info(`${action === 'start' ? 'started' : action === 'pause' ? 'paused' : `restarted (${reset!.resetScope})`}: ${ref.name} (${ref.job.id})`);
  const fresh = await control.refreshJob(graph, ref);
  await showStatus(ctx, fresh);
  // The action was done: its exit code does not depend on the job's health (status shows that).
  return EXIT.ok;
}
