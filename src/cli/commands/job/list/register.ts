import type { Command } from 'commander';
import type { Runner } from '../../../runner.js';
import { jobSubcommand } from '../command.js';

/** `cloudsync job list`. */
export function registerJobList(job: Command, run: Runner): void {
  jobSubcommand(job, 'list', 'cloud sync configurations and their jobs: status, schedule, last run, quarantine', false).action(
    run(async (ctx, opts) => (await import('./run.js')).runJobList(ctx, opts)),
  );
}
