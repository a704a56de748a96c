import type { Command } from 'commander';
import type { Runner } from '../../../runner.js';
import { jobSubcommand } from '../command.js';

/** `cloudsync job threshold <n|on|off>`. */
export function registerJobThreshold(job: Command, run: Runner): void {
  jobSubcommand(job, 'threshold', 'set the accidental-delete threshold: a number of deletes, on, or off')
    .argument('<n|on|off>', 'deletes that stop a cycle, or on/off')
    .option('--yes', 'do not ask for confirmation')
    .action(run(async (ctx, opts, args) => (await import('./run.js')).runJobThreshold(ctx, opts, args[0] as string)));
}
