import type { Command } from 'commander';
import type { Runner } from '../../../runner.js';
import { jobSubcommand } from '../command.js';

/** `cloudsync job scope [--object-type TYPE]`. */
export function registerJobScope(job: Command, run: Runner): void {
  jobSubcommand(job, 'scope', "a job's scoping filters in words, per object type")
    .option('--object-type <type>', 'user, group, contact, inetOrgPerson or all (default all)')
    .action(run(async (ctx, opts) => (await import('./run.js')).runJobScope(ctx, opts)));
}
