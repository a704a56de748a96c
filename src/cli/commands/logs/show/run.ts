import { CloudsyncError } from '../../../../errors.js';
import type { JournalFile } from '../../../../logs/runs/types.js';
import type { Context } from '../../../context.js';
import { emitOptions } from '../../../output/emit.js';
import { EXIT } from '../../../output/exit-codes.js';
import { stateDir } from '../state-dir.js';
import { followRun } from './follow.js';
import { logsShowOptions, type LogsShowFlags } from './options.js';
import { renderShow, type ShowOptions } from './render.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `logs show <run|last>`: one run's operations, filtered (or followed while it runs, with --follow). */
export async function runLogsShow(ctx: Context, flags: LogsShowFlags, ref: string | undefined): Promise<number> {
  const o = await logsShowOptions(flags, ref);
  if (o.follow && ctx.format === 'markdown') throw new CloudsyncError('usage', '--follow streams operations as they happen: use -o table, csv or ndjson with it (markdown is for a finished run)');
  const runs = await import('../../../../logs/runs/index.js');
  const dir = await stateDir(ctx);
  const journals = runs.listJournals(dir);
  const file =
    o.follow && /^(last|latest)$/i.test(o.ref.trim())
      ? ((await awaitStartingRun(ctx, dir, journals[0])) ?? runs.resolveRun(journals, o.ref))
      : runs.resolveRun(journals, o.ref);
  const show: ShowOptions = { ...emitOptions(ctx), ids: o.ids };
  const lock = () => runs.heldLock(dir, file.scopeKey);
  if (o.follow) return followRun(ctx, file, o.filter, show, lock);

  const summary = await runs.summarizeRun(file, { lock: lock() });
  if (summary === undefined) throw new CloudsyncError('input', `${file.path} is not a run journal (its first line is not a run-start)`);
  const r = await runs.readRunOperations(file, o.filter, { lock: lock() });
  ctx.io.out(renderShow(summary, r.rows, r.notes, show));
  if (r.badLines > 0) ctx.warn(`${r.badLines} line(s) of ${file.path} are not journal lines and were skipped`);
  if (r.ending.state === 'interrupted') {
    ctx.warn(`run ${file.runId} was interrupted (no run-end line): operations marked "unknown" may or may not have reached Entra; the next sync plans again from what Entra holds`);
  } else if (r.ending.state === 'running') ctx.info(`run ${file.runId} is still running: --follow shows its operations as they finish`);
  // None: the table already says "No operations match."
  if (ctx.format === 'table' && !runs.isEmptyFilter(o.filter) && r.rows.length > 0) ctx.info(`${r.rows.length} operation(s) match`);
  return EXIT.ok;
}

/**
 * `show last --follow` while a run is starting: the lock is taken before the journal exists (the
 * run reads AD and the tenant first). Waits for that run's journal rather than showing the previous run.
 */
async function awaitStartingRun(ctx: Context, dir: string, newest: JournalFile | undefined): Promise<JournalFile | undefined> {
  const runs = await import('../../../../logs/runs/index.js');
  const newestStart = newest === undefined ? 0 : (runs.runStartMs(newest.runId) ?? 0);
  const starting = () =>
    runs
      .listScopes(dir)
      .map((k) => ({ key: k, lock: runs.heldLock(dir, k) }))
      .find((s) => s.lock !== undefined && s.lock.since > newestStart + 2000);
  let s = starting();
  if (s === undefined) return newest;
  ctx.info(`waiting for the ${s.lock!.info.command ?? 'run'} started at ${s.lock!.info.startedAt} (pid ${s.lock!.info.pid}) to start its journal…`);
  for (;;) {
    const latest = runs.listJournals(dir)[0];
    if (latest !== undefined && latest.runId !== newest?.runId && (runs.runStartMs(latest.runId) ?? 0) >= s.lock!.since - 2000) return latest;
    if (runs.heldLock(dir, s.key) === undefined) return runs.listJournals(dir)[0] ?? newest;
    await sleep(100);
    s = starting() ?? s;
  }
}
