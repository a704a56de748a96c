import type { Command } from 'commander';
import { collect, type Runner } from '../../../runner.js';
import { jobSubcommand } from '../command.js';

/** `cloudsync job settings [--set Name=Value]`. */
export function registerJobSettings(job: Command, run: Runner): void {
  jobSubcommand(job, 'settings', "a job's settings and accidental-delete threshold; --set changes the notification/threshold settings")
    .option('--set <name=value>', 'change DeleteThresholdEnabled, DeleteThresholdValue, Enabled or Recipients (repeatable)', collect)
    .option('--yes', 'do not ask for confirmation')
    .action(run(async (ctx, opts) => (await import('./run.js')).runJobSettings(ctx, opts)));
}
