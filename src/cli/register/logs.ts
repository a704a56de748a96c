import type { Command } from 'commander';
import { registerLogsCloud } from './logs-cloud.js';
import type { Runner } from './runner.js';

const collect = (v: string, prev: string[] | undefined): string[] => [...(prev ?? []), v];

/** `cloudsync logs …`: run journals, Entra provisioning logs, support bundle (docs/logs.md). */
export function registerLogs(program: Command, run: Runner): void {
  const logs = program.command('logs').description('run journals of sync and test-user (list, show, follow, prune); provisioning logs');

  logs
    .command('list', { isDefault: true })
    .description('recent runs of every scope, newest first (the default of `cloudsync logs`)')
    .option('--since <when>', 'runs started since: a duration (30m, 2h, 7d) or a date (2026-11-01)')
    .option('--failed', 'only runs that did not complete: partial, failed, blocked or interrupted')
    .option('--scope <text>', 'only runs whose scope key, tenant or scope (OU, group) contains this')
    .option('--limit <n>', 'at most this many runs (default 50; 0 for all)')
    .action(run(async (ctx, opts) => (await import('../commands/logs.js')).runLogsList(ctx, opts)));

  logs
    .command('show')
    .description("one run's operations, one row each with its final status and changes")
    .argument('[run]', 'a run id, a prefix of one, or "last" (default)')
    .option('--failed', 'only operations that did not succeed (failed, skipped, not run, unknown)')
    .option('--action <action>', 'only these actions: create, update, adopt, restore, disable, delete, member-add, member-remove, set-manager, remove-manager (repeatable, or comma-separated)', collect)
    .option('--user <text>', 'only operations on or referring to this user or group: part of a UPN, DN or name (case-insensitive)')
    .option('--attribute <name>', 'only operations changing this attribute (e.g. department, manager, members)')
    .option('--since <when>', 'only operations since: a duration (30m, 2h, 7d) or a date (2026-11-01)')
    .option('--ids', 'add the anchor and Entra object id columns')
    .option('-f, --follow', 'print operations as the run writes them, until it ends')
    .action(run(async (ctx, opts, args) => (await import('../commands/logs.js')).runLogsShow(ctx, opts, args[0])));

  logs
    .command('prune')
    .description('remove run journals beyond the retention (config logs.retention: 100 runs and 90 days per scope by default)')
    .option('--dry-run', 'only say which runs would be removed')
    .option('--scope <text>', 'only this scope (part of its key)')
    .action(run(async (ctx, opts) => (await import('../commands/logs.js')).runLogsPrune(ctx, opts)));

  registerLogsCloud(logs, run);
}
