import type { Command } from 'commander';
import { collect, type Runner } from '../../../runner.js';
import { jobSubcommand } from '../command.js';

/** `cloudsync job start|pause|restart`. */
export function registerJobControl(job: Command, run: Runner): void {
  const control = async () => import('./run.js');
  jobSubcommand(job, 'start', 'start (resume) a job; also clears a quarantine').action(run(async (ctx, opts) => (await control()).runJobControl(ctx, opts, 'start')));
  jobSubcommand(job, 'pause', 'pause a job').action(run(async (ctx, opts) => (await control()).runJobControl(ctx, opts, 'pause')));
  jobSubcommand(job, 'restart', 'restart a job with a reset scope (default full)')
    .option('--reset <list>', 'watermark, escrows, quarantine, full, force-deletes (comma-separated; default full)', collect)
    .option('--yes', 'do not ask for confirmation (full, watermark and force-deletes ask)')
    .action(run(async (ctx, opts) => (await control()).runJobControl(ctx, opts, 'restart')));
}
