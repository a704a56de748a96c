import type { Context } from '../../context.js';

/** Where the run journals are: the sync state directory (CLOUDSYNC_STATE_DIR or the default). */
export async function stateDir(ctx: Context): Promise<string> {
  const { defaultStateDir } = await import('../../../sync/store/workspace.js');
  return defaultStateDir(ctx.io.env);
}
