import type { Command } from 'commander';
import type { Runner } from '../../runner.js';
import { addConnectionOptions } from '../../source.js';

/** `cloudsync undo <undo.ldif>` (docs/fix.md). */
export function registerUndo(program: Command, run: Runner): void {
  const undo = program
    .command('undo')
    .description('revert the changes recorded in an undo file written by `cloudsync fix`')
    .argument('<undo.ldif>', 'the undo file')
    .option('--apply', 'make the changes (default: show what would change)')
    .option('--undo-file <file>', 'where to write the redo LDIF (default ./cloudsync-undo-<time>.ldif)');
  addConnectionOptions(undo, { ldif: false }).action(
    run(async (ctx, opts, args) => (await import('./run.js')).runUndo(ctx, opts, args[0] as string)),
  );
}
