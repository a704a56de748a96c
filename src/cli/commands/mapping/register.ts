import type { Command } from 'commander';
import type { Runner } from '../../runner.js';
import { addConnectionOptions } from '../../source.js';

/** `cloudsync mapping test` (docs/mapping.md). */
export function registerMapping(program: Command, run: Runner): void {
  const mapping = program.command('mapping').description('attribute mappings (docs/mapping.md)');
  addConnectionOptions(
    mapping
      .command('test')
      .description('show each Entra attribute of one object: its expression and its value')
      .requiredOption('--dn <dn>', 'the distinguished name of the user or group')
      .option('--kind <kind>', 'user or group (default: from the object class)'),
    { ldif: true },
  ).action(run(async (ctx, opts) => (await import('./run.js')).runMappingTest(ctx, opts)));
}
