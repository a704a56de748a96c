import type { Command } from 'commander';
import { addEntraOptions } from '../../entra.js';
import type { Runner } from '../../runner.js';

/** `cloudsync agents` (docs/graph.md). */
export function registerAgents(program: Command, run: Runner): void {
  addEntraOptions(
    program
      .command('agents')
      .description("Microsoft's cloud sync provisioning agents: status, machine, groups, the AD domains they serve, and what needs attention"),
  ).action(run(async (ctx, opts) => (await import('./run.js')).runAgents(ctx, opts)));
}
