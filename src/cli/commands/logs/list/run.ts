import type { Context } from '../../../context.js';
import { emitOptions } from '../../../output/emit.js';
import { EXIT } from '../../../output/exit-codes.js';
import { stateDir } from '../state-dir.js';
import { logsListOptions, type LogsListFlags } from './options.js';
import { renderRunList } from './render.js';

export async function runLogsList(ctx: Context, flags: LogsListFlags): Promise<number> {
  const o = await logsListOptions(flags);
  const runs = await import('../../../../logs/runs/index.js');
  const list = await runs.listRuns(await stateDir(ctx), {
    ...(o.since !== undefined ? { since: o.since.getTime() } : {}),
    ...(o.failed ? { failed: true } : {}),
    ...(o.scope !== undefined ? { scope: o.scope } : {}),
    limit: o.limit,
  });
  ctx.io.out(renderRunList(list, emitOptions(ctx)));
  if (ctx.format === 'table' && o.limit > 0 && list.length === o.limit) ctx.info(`(the ${o.limit} newest shown: --limit 0 lists all)`);
  return EXIT.ok;
}
