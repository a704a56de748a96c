import type { Command } from 'commander';
import type { Runner } from '../../runner.js';
import { addConnectionOptions } from '../../source.js';

/** `cloudsync fix <findings.csv>` (docs/fix.md). */
export function registerFix(program: Command, run: Runner): void {
  const fix = program
    .command('fix')
    .description('apply the rows of a findings CSV whose ACTION you set (EDIT, REMOVE, COMPLETE)')
    .argument('<findings.csv>', 'a CSV from `cloudsync validate --output csv` (or IdFix), with ACTION filled in')
    .option('--apply', 'make the changes (default: show what would change)')
    .option('--undo-file <file>', 'where to write the undo LDIF (default ./cloudsync-undo-<time>.ldif)');
  addConnectionOptions(fix, { ldif: false }).action(
    run(async (ctx, opts, args) => (await import('./run.js')).runFix(ctx, opts, args[0] as string)),
  );
}
