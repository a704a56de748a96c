import type { Command } from 'commander';
import { addEntraOptions } from '../../entra.js';
import type { Runner } from '../../runner.js';

/** `cloudsync info` (docs/graph.md). */
export function registerInfo(program: Command, run: Runner): void {
  addEntraOptions(
    program
      .command('info')
      .description('tenant, domains, app, sign-in, endpoints, token expiry and the permissions each command needs'),
  ).action(run(async (ctx, opts) => (await import('./run.js')).runInfo(ctx, opts)));
}
