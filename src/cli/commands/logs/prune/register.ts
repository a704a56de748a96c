import type { Command } from 'commander';
import type { Runner } from '../../../runner.js';

/** `cloudsync logs prune`: retention of the run journals. */
export function registerLogsPrune(logs: Command, run: Runner): void {
  logs
    .command('prune')
    .description('remove run journals beyond the retention (config logs.retention: 100 runs and 90 days per scope by default)')
    .option('--dry-run', 'only say which runs would be removed')
    .option('--scope <text>', 'only this scope (part of its key)')
    .action(run(async (ctx, opts) => (await import('./run.js')).runLogsPrune(ctx, opts)));
}
