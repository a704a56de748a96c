import type { Command } from 'commander';
import type { Runner } from '../../../runner.js';
import { jobSubcommand } from '../command.js';

/** `cloudsync job schedule`. */
export function registerJobSchedule(job: Command, run: Runner): void {
  jobSubcommand(job, 'schedule', "a job's schedule: interval in minutes, state, expiration").action(run(async (ctx, opts) => (await import('./run.js')).runJobSchedule(ctx, opts)));
}
