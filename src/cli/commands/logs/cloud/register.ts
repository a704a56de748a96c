import type { Command } from 'commander';
import { addEntraOptions } from '../../../entra.js';
import type { Runner } from '../../../runner.js';
import { addConnectionOptions } from '../../../source.js';

/** `cloudsync logs cloud`: Entra provisioning logs (docs/logs.md). */
export function registerLogsCloud(logs: Command, run: Runner): void {
  const cloud = logs
    .command('cloud')
    .description("Entra ID's provisioning logs with names instead of ids, grouped by cycle, errors explained")
    .option('--since <when>', 'records since: a duration (30m, 2h, 7d) or a date (2026-11-01); default 24h')
    .option('--job <ref>', 'only this cloud sync job: a domain, "<domain>/<template>", a job id or a prefix of one, or a service principal id')
    .option('--cycle <id>', 'only this cycle id')
    .option('--status <status>', 'only success, failure, skipped or warning')
    .option('--action <action>', 'only create, update, delete, disable, stagedDelete or other')
    .option('--user <text>', 'only records about this object: a UPN, DN or part of a name (case-insensitive)')
    .option('--attribute <name>', 'only records that change this attribute')
    .option('--error-code <code>', 'only records with this error code (e.g. AttributeValueMustBeUnique)')
    .option('--limit <n>', 'read at most this many records from Graph (0 for all, the default)')
    .option('--ids', 'show the record, change, cycle, job, service principal, source and target ids too')
    .option('--no-ad', 'do not look AD objects up by objectGUID even when AD is configured');
  addEntraOptions(addConnectionOptions(cloud, { ldif: true })).action(
    run(async (ctx, opts) => (await import('./run.js')).runLogsCloud(ctx, opts)),
  );
}
