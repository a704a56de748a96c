import type { Context } from './context.js';

/**
 * A "yes" for a change to the tenant: --yes, or the answer at a terminal. Without either nothing
 * is sent: one warning, and the caller exits 4 (pending, like sync without --apply). 'no' when
 * declined at the terminal (the caller says what was not done).
 */
export async function confirmChange(ctx: Context, yes: boolean, question: string, why: string): Promise<'yes' | 'no' | 'unconfirmed'> {
  if (yes) return 'yes';
  if (!(ctx.io.stdinIsTty && ctx.io.stderrIsTty)) {
    ctx.warn(`not sent: ${why} needs --yes (no terminal to confirm on)`);
    return 'unconfirmed';
  }
  return (await ctx.io.confirm(question)) ? 'yes' : 'no';
}
