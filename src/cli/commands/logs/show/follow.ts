import { statSync } from 'node:fs';
import type { HeldLock, OperationFilter, RunEnding } from '../../../../logs/runs/index.js';
import type { JournalFile, OperationRow } from '../../../../logs/runs/types.js';
import type { RunEndEvent } from '../../../../sync/store/journal.js';
import type { Context } from '../../../context.js';
import { EXIT } from '../../../output/exit-codes.js';
import { jsonLine } from '../../../output/format.js';
import { csvHeader, csvRows, followLine, notesText, runHeader, type ShowOptions } from './render.js';

/** `logs show --follow`: each operation printed once it is final, until the run ends. */
export async function followRun(ctx: Context, file: JournalFile, filter: OperationFilter, o: ShowOptions, lock: () => HeldLock | undefined): Promise<number> {
  const runs = await import('../../../../logs/runs/index.js');
  const merger = new runs.OperationMerger(filter);
  const printed = new Set<number>();
  let applying = file.applyMarker;
  let header = false;
  const emit = (rows: OperationRow[]) => {
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
  let end: RunEndEvent | undefined;
  let ending: RunEnding = { state: 'running', applying };
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
