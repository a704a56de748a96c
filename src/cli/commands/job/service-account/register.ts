import type { Command } from 'commander';
import type { Runner } from '../../../runner.js';
import { jobSubcommand } from '../command.js';

/** `cloudsync job service-account`. */
export function registerJobServiceAccount(job: Command, run: Runner): void {
  jobSubcommand(job, 'service-account', "the cloud sync service account(s) in the tenant (ADToAADSyncServiceAccount@…)", false).action(
    run(async (ctx, opts) => (await import('./run.js')).runJobServiceAccount(ctx, opts)),
  );
}
