import type { Command } from 'commander';
import { addEntraOptions } from '../../entra.js';
import type { Runner } from '../../runner.js';

/** `cloudsync logout` (docs/authentication.md). */
export function registerLogout(program: Command, run: Runner): void {
  addEntraOptions(program.command('logout').description('forget the Entra tokens cached by device-code sign-in')).action(
    run(async (ctx, opts) => (await import('./run.js')).runLogout(ctx, opts)),
  );
}
