import type { Command } from 'commander';
import { addEntraOptions } from '../../entra.js';
import type { Runner } from '../../runner.js';

/** `cloudsync setup` (docs/state.md, "Ownership in Entra"). */
export function registerSetup(program: Command, run: Runner): void {
  addEntraOptions(
    program
      .command('setup')
      .description('Create the directory extensions that record in Entra what cloudsync owns (idempotent; needs Application.ReadWrite.OwnedBy)')
      .option('--yes', 'create what is missing without asking (needed when there is no terminal to confirm on)')
      .option('--extension-app-id <appId>', 'the application that holds the extensions (default: the app cloudsync signs in as; config entra.extensionAppId)'),
  ).action(run(async (ctx, opts) => (await import('./run.js')).runSetup(ctx, opts)));
}
