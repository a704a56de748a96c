import type { Command } from 'commander';
import { collect, type Runner } from '../../../runner.js';
import { addConnectionOptions } from '../../../source.js';
import { jobSubcommand } from '../command.js';

/** `cloudsync job provision <DN>… [--member DN…]`. */
export function registerJobProvision(job: Command, run: Runner): void {
  addConnectionOptions(
    jobSubcommand(job, 'provision', 'provision on demand: push AD objects through the cloud sync service now, step by step')
      .argument('<dn...>', 'distinguished name(s) of users or groups')
      .option('--member <dn>', "a group member to provision with the group (repeatable, at most 5)", collect)
      .option('--type <type>', 'user or group (default: read from AD or --from)')
      .option('--rule <id>', "the schema rule to use (default: the job's rule from Active Directory)"),
    { ldif: true },
  ).action(run(async (ctx, opts, args) => (await import('./run.js')).runJobProvision(ctx, opts, args)));
}
