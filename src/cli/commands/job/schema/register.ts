import type { Command } from 'commander';
import type { Runner } from '../../../runner.js';
import { jobSubcommand } from '../command.js';

/** `cloudsync job schema [--out FILE | --import FILE]`. */
export function registerJobSchema(job: Command, run: Runner): void {
  jobSubcommand(job, 'schema', "export a job's schema (--out FILE, or stdout) or import one (--import FILE, checked first)")
    .option('--out <file>', 'write the schema to this file (pretty JSON)')
    .option('--import <file>', 'check this schema, show what changes, then PUT it')
    .option('--yes', 'do not ask for confirmation')
    .action(run(async (ctx, opts) => (await import('./run.js')).runJobSchema(ctx, opts)));
}
