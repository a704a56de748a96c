import type { Command } from 'commander';
import { addEntraOptions } from '../entra.js';
import { addConnectionOptions } from '../source.js';
import type { Runner } from './runner.js';

const collect = (v: string, prev: string[] | undefined): string[] => [...(prev ?? []), v];
const JOB_HELP = 'the job: id, id prefix, service principal id, domain, or domain/template (default: the only provisioning job)';

/** `cloudsync job …`: Microsoft's cloud sync jobs over Graph (docs/job.md). */
export function registerJob(program: Command, run: Runner): void {
  const job = program.command('job').description("manage Microsoft Entra Cloud Sync jobs over Graph (AADCloudSyncTools' job cmdlets)");
  const sub = (name: string, description: string, withJob = true): Command => {
    const c = job.command(name).description(description);
    if (withJob) c.option('--job <ref>', JOB_HELP);
    return addEntraOptions(c);
  };
  const commands = async () => import('../commands/job.js');

  sub('list', 'cloud sync configurations and their jobs: status, schedule, last run, quarantine', false).action(
    run(async (ctx, opts) => (await commands()).runJobList(ctx, opts)),
  );
  sub('status', "a job's status, last runs, counts and quarantine explained (exit 4 when it needs attention)").action(
    run(async (ctx, opts) => (await commands()).runJobStatus(ctx, opts)),
  );
  sub('schedule', "a job's schedule: interval in minutes, state, expiration").action(run(async (ctx, opts) => (await commands()).runJobSchedule(ctx, opts)));
  sub('settings', "a job's settings and accidental-delete threshold; --set changes the notification/threshold settings")
    .option('--set <name=value>', 'change DeleteThresholdEnabled, DeleteThresholdValue, Enabled or Recipients (repeatable)', collect)
    .option('--yes', 'do not ask for confirmation')
    .action(run(async (ctx, opts) => (await import('../commands/job-settings.js')).runJobSettings(ctx, opts)));
  sub('threshold', 'set the accidental-delete threshold: a number of deletes, on, or off')
    .argument('<n|on|off>', 'deletes that stop a cycle, or on/off')
    .option('--yes', 'do not ask for confirmation')
    .action(run(async (ctx, opts, args) => (await import('../commands/job-settings.js')).runJobThreshold(ctx, opts, args[0] as string)));
  sub('schema', "export a job's schema (--out FILE, or stdout) or import one (--import FILE, checked first)")
    .option('--out <file>', 'write the schema to this file (pretty JSON)')
    .option('--import <file>', 'check this schema, show what changes, then PUT it')
    .option('--yes', 'do not ask for confirmation')
    .action(run(async (ctx, opts) => (await import('../commands/job-schema.js')).runJobSchema(ctx, opts)));
  sub('scope', "a job's scoping filters in words, per object type")
    .option('--object-type <type>', 'user, group, contact, inetOrgPerson or all (default all)')
    .action(run(async (ctx, opts) => (await import('../commands/job-schema.js')).runJobScope(ctx, opts)));
  sub('start', 'start (resume) a job; also clears a quarantine').action(run(async (ctx, opts) => (await commands()).runJobControl(ctx, opts, 'start')));
  sub('pause', 'pause a job').action(run(async (ctx, opts) => (await commands()).runJobControl(ctx, opts, 'pause')));
  sub('restart', 'restart a job with a reset scope (default full)')
    .option('--reset <list>', 'watermark, escrows, quarantine, full, force-deletes (comma-separated; default full)', collect)
    .option('--yes', 'do not ask for confirmation (full, watermark and force-deletes ask)')
    .action(run(async (ctx, opts) => (await commands()).runJobControl(ctx, opts, 'restart')));
  addConnectionOptions(
    sub('provision', 'provision on demand: push AD objects through the cloud sync service now, step by step')
      .argument('<dn...>', 'distinguished name(s) of users or groups')
      .option('--member <dn>', "a group member to provision with the group (repeatable, at most 5)", collect)
      .option('--type <type>', 'user or group (default: read from AD or --from)')
      .option('--rule <id>', "the schema rule to use (default: the job's rule from Active Directory)"),
    { ldif: true },
  ).action(run(async (ctx, opts, args) => (await import('../commands/job-provision.js')).runJobProvision(ctx, opts, args)));
  sub('service-account', "the cloud sync service account(s) in the tenant (ADToAADSyncServiceAccount@…)", false).action(
    run(async (ctx, opts) => (await commands()).runJobServiceAccount(ctx, opts)),
  );
}
