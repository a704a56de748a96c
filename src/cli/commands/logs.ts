/**
 * `cloudsync logs` (list runs), `logs show <run|last>` (one run's operations, filtered, or followed
 * while it runs) and `logs prune` (retention) over the local run journals (docs/logs.md).
 */
import { statSync } from 'node:fs';
import { CloudsyncError } from '../../errors.js';
import type { Context } from '../context.js';
import { EXIT } from '../output/exit-codes.js';
import { jsonLine } from '../output/format.js';
import { renderRunList } from '../output/logs-runs.js';
import { csvHeader, csvRows, followLine, notesText, renderShow, runHeader, type ShowOptions } from '../output/logs-show.js';
import { renderTable } from '../output/table.js';
import type { JournalFile } from '../../logs/runs/types.js';

export interface LogsListFlags {
  since?: string;
  failed?: boolean;
  scope?: string;
  limit?: string;
}

export interface LogsShowFlags {
  action?: string[];
  user?: string;
  attribute?: string;
  since?: string;
  failed?: boolean;
  ids?: boolean;
  follow?: boolean;
}

export interface LogsPruneFlags {
  dryRun?: boolean;
  scope?: string;
}

async function stateDir(ctx: Context): Promise<string> {
  const { defaultStateDir } = await import('../../sync/workspace.js');
  return defaultStateDir(ctx.io.env);
}

const width = (ctx: Context) => (ctx.io.stdoutIsTty ? (ctx.io.columns ?? 120) : undefined);

function parseLimit(v: string | undefined): number {
  if (v === undefined) return 50;
  if (!/^\d+$/.test(v.trim())) throw new CloudsyncError('usage', `--limit "${v}" is not a number of runs (0 for all)`);
  return Number(v);
}

export async function runLogsList(ctx: Context, flags: LogsListFlags): Promise<number> {
  const runs = await import('../../logs/runs/index.js');
  const limit = parseLimit(flags.limit);
  const since = flags.since !== undefined ? runs.parseSince(flags.since) : undefined;
  const list = await runs.listRuns(await stateDir(ctx), {
    ...(since !== undefined ? { since } : {}),
    ...(flags.failed ? { failed: true } : {}),
    ...(flags.scope !== undefined ? { scope: flags.scope } : {}),
    limit,
  });
  const w = width(ctx);
  ctx.io.out(renderRunList(list, { format: ctx.format, paint: ctx.paint, ...(w ? { width: w } : {}) }));
  if (ctx.format === 'table' && limit > 0 && list.length === limit) ctx.info(`(the ${limit} newest shown: --limit 0 lists all)`);
  return EXIT.ok;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runLogsShow(ctx: Context, flags: LogsShowFlags, ref: string | undefined): Promise<number> {
  const runs = await import('../../logs/runs/index.js');
  // Filters are checked before anything is read: a bad value is a usage error whatever the runs.
  const filter = runs.makeFilter({
    ...(flags.action !== undefined ? { action: flags.action } : {}),
    ...(flags.user !== undefined ? { user: flags.user } : {}),
    ...(flags.attribute !== undefined ? { attribute: flags.attribute } : {}),
    ...(flags.since !== undefined ? { since: runs.parseSince(flags.since) } : {}),
    ...(flags.failed ? { failed: true } : {}),
  });
  const dir = await stateDir(ctx);
  const target = ref ?? 'last';
  const journals = runs.listJournals(dir);
  const file =
    flags.follow && /^(last|latest)$/i.test(target.trim())
      ? ((await awaitStartingRun(ctx, dir, journals[0])) ?? runs.resolveRun(journals, target))
      : runs.resolveRun(journals, target);
  const w = width(ctx);
  const o: ShowOptions = { format: ctx.format, paint: ctx.paint, ids: flags.ids === true, ...(w ? { width: w } : {}) };
  const lock = () => runs.heldLock(dir, file.scopeKey);
  if (flags.follow) return follow(ctx, file, filter, o, lock);

  const summary = await runs.summarizeRun(file, { lock: lock() });
  if (summary === undefined) throw new CloudsyncError('input', `${file.path} is not a run journal (its first line is not a run-start)`);
  const r = await runs.readRunOperations(file, filter, { lock: lock() });
  ctx.io.out(renderShow(summary, r.rows, r.notes, o));
  if (r.badLines > 0) ctx.warn(`${r.badLines} line(s) of ${file.path} are not journal lines and were skipped`);
  if (r.ending.state === 'interrupted') {
    ctx.warn(`run ${file.runId} was interrupted (no run-end line): operations marked "unknown" may or may not have reached Entra; the next sync plans again from what Entra holds`);
  } else if (r.ending.state === 'running') ctx.info(`run ${file.runId} is still running: --follow shows its operations as they finish`);
  // None: the table already says "No operations match."
  if (ctx.format === 'table' && !runs.isEmptyFilter(filter) && r.rows.length > 0) ctx.info(`${r.rows.length} operation(s) match`);
  return EXIT.ok;
}

/**
 * `show last --follow` while a run is starting: the lock is taken before the journal exists (the
 * run reads AD and the tenant first). Waits for that run's journal rather than showing the previous run.
 */
async function awaitStartingRun(ctx: Context, dir: string, newest: JournalFile | undefined): Promise<JournalFile | undefined> {
  const runs = await import('../../logs/runs/index.js');
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

async function follow(
  ctx: Context,
  file: JournalFile,
  filter: import('../../logs/runs/index.js').OperationFilter,
  o: ShowOptions,
  lock: () => import('../../logs/runs/index.js').HeldLock | undefined,
): Promise<number> {
  const runs = await import('../../logs/runs/index.js');
  const merger = new runs.OperationMerger(filter);
  const printed = new Set<number>();
  let applying = file.applyMarker;
  let header = false;
  const emit = (rows: import('../../logs/runs/types.js').OperationRow[]) => {
    const shown = rows.filter((r) => runs.matchesFinal(filter, r));
    if (shown.length === 0) return;
    if (ctx.format === 'table') ctx.io.out(shown.map((r) => followLine(r, o)).join(''));
    else if (ctx.format === 'csv') ctx.io.out(csvRows(shown, o.ids));
    else ctx.io.out(shown.map((r) => jsonLine(r)).join(''));
  };
  if (ctx.format === 'csv') ctx.io.out(csvHeader(o.ids));
  const stillRunning = () => {
    let mtimeMs: number;
    try {
      mtimeMs = statSync(file.path).mtimeMs;
    } catch {
      return false;
    }
    return runs.stillRunning({ mtimeMs, applying, lock: lock(), now: Date.now() });
  };
  const gen = runs.followJournal(file.path, { stillRunning });
  let end: import('../../sync/journal.js').RunEndEvent | undefined;
  let ending: import('../../logs/runs/index.js').RunEnding = { state: 'running', applying };
  for (;;) {
    const next = await gen.next();
    if (next.done) {
      if (next.value.reason === 'interrupted') ending = { state: 'interrupted', applying };
      break;
    }
    const e = next.value;
    if (e.type === 'run-start') {
      applying = applying || e.options?.apply === true;
      ending = { state: 'running', applying };
      if (!header && ctx.format === 'table') {
        header = true;
        ctx.info(`following run ${e.runId} (${e.command}${applying ? ', applying' : ', plan only'}); it ends with the run`);
      }
      continue;
    }
    if (e.type === 'run-end') {
      end = e;
      ending = { state: 'ended', applying, end };
      continue;
    }
    const before = merger.notes.length;
    const done = merger.add(e);
    if (merger.notes.length > before && ctx.format === 'table') ctx.io.err(notesText(merger.notes.slice(before)));
    // A plan-only run's operations are final when planned; an applying run's when their result comes.
    const op = done ?? (e.type === 'planned' && !applying && merger.has(e.op) ? e.op : undefined);
    if (op !== undefined && !printed.has(op)) {
      const row = merger.row(op, ending);
      printed.add(op);
      merger.forget(op);
      if (row !== undefined) emit([row]);
    }
  }
  // Operations that never got a result: not run, or unknown when the run was cut short.
  emit(merger.rows(ending).filter((r) => !printed.has(r.op)));
  const summary = await runs.summarizeRun(file, { lock: lock() });
  if (summary !== undefined && ctx.format === 'table') ctx.info(runHeader(summary).trimEnd());
  if (ending.state === 'interrupted') ctx.warn(`run ${file.runId} stopped without a run-end line (killed or crashed): operations marked "unknown" may or may not have reached Entra`);
  return EXIT.ok;
}

export async function runLogsPrune(ctx: Context, flags: LogsPruneFlags): Promise<number> {
  const runs = await import('../../logs/runs/index.js');
  const retention = ctx.config.logs?.retention ?? {};
  const dir = await stateDir(ctx);
  const scopeKey = flags.scope !== undefined ? resolveScope(runs.listScopes(dir), flags.scope) : undefined;
  const report = runs.pruneRuns(dir, retention, { dryRun: flags.dryRun === true, ...(scopeKey !== undefined ? { scopeKey } : {}) });
  const rows = [
    ...report.pruned.map((d) => ({ runId: d.file.runId, scopeKey: d.file.scopeKey, action: flags.dryRun ? 'would prune' : 'pruned', reason: d.prune === 'count' ? `beyond the newest ${retention.runs ?? runs.DEFAULT_RETENTION.runs}` : `older than ${retention.days ?? runs.DEFAULT_RETENTION.days} days`, path: d.file.path })),
    ...report.kept.map((d) => ({ runId: d.file.runId, scopeKey: d.file.scopeKey, action: 'kept', reason: d.kept!, path: d.file.path })),
  ];
  switch (ctx.format) {
    case 'json':
      ctx.io.out(jsonLine({ dryRun: flags.dryRun === true, retention: { ...runs.DEFAULT_RETENTION, ...retention }, runs: rows, errors: report.errors }, true));
      break;
    case 'ndjson':
      ctx.io.out(rows.map((r) => jsonLine(r)).join(''));
      break;
    case 'csv': {
      const { toCsv } = await import('../output/csv.js');
      ctx.io.out(toCsv(['RUN_ID', 'SCOPE_KEY', 'ACTION', 'REASON', 'PATH'], rows.map((r) => [r.runId, r.scopeKey, r.action, r.reason, r.path])));
      break;
    }
    case 'table':
      if (rows.length > 0) ctx.io.out(renderTable(['Run', 'Scope', 'Action', 'Reason'], rows.map((r) => [r.runId, r.scopeKey, r.action, r.reason]), { color: ctx.paint.enabled }));
      ctx.info(`${report.pruned.length} run(s) ${flags.dryRun ? 'would be pruned (dry run: nothing removed)' : 'pruned'}; retention: the newest ${retention.runs ?? runs.DEFAULT_RETENTION.runs} runs and ${retention.days ?? runs.DEFAULT_RETENTION.days} days per scope`);
  }
  for (const e of report.errors) ctx.warn(`cannot remove ${e.path}: ${e.message}`);
  return report.errors.length > 0 ? EXIT.runtime : EXIT.ok;
}

function resolveScope(keys: readonly string[], q: string): string {
  const m = keys.filter((k) => k.toLowerCase().includes(q.trim().toLowerCase()));
  if (m.length === 1) return m[0]!;
  throw new CloudsyncError('usage', m.length === 0 ? `no scope "${q}": the scopes are ${keys.join(', ') || '(none yet)'}` : `scope "${q}" matches ${m.join(', ')}: give more of its key`);
}
