import type { Command } from 'commander';
import { collect, type Runner } from '../../../runner.js';

/** `cloudsync logs show [run]`: one run's operations, filtered, or followed while it runs. */
export function registerLogsShow(logs: Command, run: Runner): void {
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
    .action(run(async (ctx, opts, args) => (await import('./run.js')).runLogsShow(ctx, opts, args[0])));
}
