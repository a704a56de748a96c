import { applyUndoFile } from '../../../validate/fix/index.js';
import type { Context } from '../../context.js';
import { planShowApply } from '../fix/execute.js';
import { fixOptions, type FixFlags } from '../fix/options.js';

/** `cloudsync undo <undo.ldif>`: the same options, plan and output as `fix`, from an undo file. */
export async function runUndo(ctx: Context, flags: FixFlags, undoFile: string): Promise<number> {
  const o = await fixOptions(ctx, flags);
  return planShowApply(ctx, o, (dir, apply, undoPath) => applyUndoFile(undoFile, dir, { apply, ...(undoPath ? { undoPath } : {}) }));
}
