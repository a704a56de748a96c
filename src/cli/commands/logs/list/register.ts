import type { Command } from 'commander';
import type { Runner } from '../../../runner.js';

/** `cloudsync logs [list]`: recent runs, newest first. */
export function registerLogsList(logs: Command, run: Runner): void {
  logs
    .command('list', { isDefault: true })
    .description('recent runs of every scope, newest first (the default of `cloudsync logs`)')
    .option('--since <when>', 'runs started since: a duration (30m, 2h, 7d) or a date (2026-11-01)')
    .option('--failed', 'only runs that did not complete: partial, failed, blocked or interrupted')
    .option('--scope <text>', 'only runs whose scope key, tenant or scope (OU, group) contains this')
    .option('--limit <n>', 'at most this many runs (default 50; 0 for all)')
    .action(run(async (ctx, opts) => (await import('./run.js')).runLogsList(ctx, opts)));
}
