import type { Command } from 'commander';
import type { Runner } from '../../../runner.js';
import { jobSubcommand } from '../command.js';

/** `cloudsync job status`. */
export function registerJobStatus(job: Command, run: Runner): void {
  jobSubcommand(job, 'status', "a job's status, last runs, counts and quarantine explained (exit 4 when it needs attention)").action(
    run(async (ctx, opts) => (await import('./run.js')).runJobStatus(ctx, opts)),
  );
}
