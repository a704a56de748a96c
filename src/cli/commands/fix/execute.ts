import type { applyFixRows, RowResult } from '../../../validate/fix/index.js';
import type { Context } from '../../context.js';
import { emitOptions } from '../../output/emit.js';
import { EXIT } from '../../output/exit-codes.js';
import { openAd } from '../../source.js';
import type { FixOptions } from './options.js';
import { renderFixResults } from './render.js';

/** One pass of `fix` or `undo` over a directory: planning (apply false) or applying, writing the undo file. */
export type FixPass = (dir: Parameters<typeof applyFixRows>[1], apply: boolean, undoPath: string | undefined) => AsyncGenerator<RowResult>;

/** `fix` and `undo`: plan, show, then apply with --apply or after an interactive yes. */
export async function planShowApply(ctx: Context, o: FixOptions, pass: FixPass): Promise<number> {
  const dir = await openAd(ctx, o);
  try {
    const plan = await collect(pass(dir, false, undefined));
    const pending = plan.filter((r) => r.status === 'planned').length;
    if (!o.apply) {
      ctx.io.out(renderFixResults(plan, false, emitOptions(ctx)));
      if (pending === 0) return problems(plan) ? EXIT.runtime : EXIT.ok;
      if (!o.interactive || !(await ctx.io.confirm(`Apply ${pending} change(s) to ${dir.description}?`))) {
        ctx.info(`${pending} change(s) not applied: re-run with --apply to make them.`);
        return EXIT.findings;
      }
    }
    const results = await collect(pass(dir, true, o.undoFile));
    if (o.apply || o.interactive) ctx.io.out(renderFixResults(results, true, emitOptions(ctx)));
    if (results.some((r) => r.status === 'applied')) ctx.info(`undo file: ${o.undoFile} (revert with: cloudsync undo ${o.undoFile} --apply)`);
    return problems(results) ? EXIT.runtime : EXIT.ok;
  } finally {
    await dir.close();
  }
}

async function collect(gen: AsyncGenerator<RowResult>): Promise<RowResult[]> {
  const out: RowResult[] = [];
  for await (const r of gen) out.push(r);
  return out;
}

function problems(results: readonly RowResult[]): boolean {
  return results.some((r) => r.status === 'failed' || r.status === 'refused');
}
