import { z } from 'zod';
import { defaultUndoPath } from '../../../validate/fix/index.js';
import type { Context } from '../../context.js';
import { parseFlags, type Parsed } from '../../options/parse.js';
import type { ConnectionFlags } from '../../source.js';

/** Flags of `fix` and `undo` (the same two). */
export interface FixFlags extends ConnectionFlags {
  apply?: boolean;
  undoFile?: string;
}

const schema = z.object({
  apply: z.boolean().default(false),
  /** Where the undo (or redo) LDIF goes. */
  undoFile: z.string().optional().transform((v) => v ?? defaultUndoPath()),
  /** Ask on a terminal before applying, when --apply was not given. */
  interactive: z.boolean(),
});

export type FixOptions = Parsed<FixFlags, z.output<typeof schema>>;

export async function fixOptions(ctx: Context, flags: FixFlags): Promise<FixOptions> {
  const interactive = !flags.apply && ctx.io.stdinIsTty && ctx.io.stderrIsTty && ctx.format === 'table';
  return parseFlags(schema, flags, { ...flags, interactive });
}
