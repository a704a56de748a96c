import type { Modification } from '../../directory/types.js';
import { applyFixRows, applyUndoFile, defaultUndoPath, readFixRows, type RowResult } from '../../validate/fix/index.js';
import type { Context } from '../context.js';
import { EXIT } from '../output/exit-codes.js';
import { toCsv } from '../output/csv.js';
import { jsonLine } from '../output/format.js';
import { renderTable } from '../output/table.js';
import { confirm } from '../prompt.js';
import { openAd, type ConnectionFlags } from '../source.js';

export interface FixFlags extends ConnectionFlags {
  apply?: boolean;
  undoFile?: string;
}

type Runner = (dir: Parameters<typeof applyFixRows>[1], apply: boolean, undoPath: string | undefined) => AsyncGenerator<RowResult>;

export async function runFix(ctx: Context, flags: FixFlags, csvPath: string): Promise<number> {
  const rows = await readFixRows(csvPath);
  return execute(ctx, flags, (dir, apply, undoPath) => applyFixRows(rows, dir, { apply, source: csvPath, ...(undoPath ? { undoPath } : {}) }));
}

export async function runUndo(ctx: Context, flags: FixFlags, undoFile: string): Promise<number> {
  return execute(ctx, flags, (dir, apply, undoPath) => applyUndoFile(undoFile, dir, { apply, ...(undoPath ? { undoPath } : {}) }));
}

/** Plan, show, then apply with --apply or after an interactive yes. */
async function execute(ctx: Context, flags: FixFlags, runner: Runner): Promise<number> {
  const dir = await openAd(ctx, flags);
  try {
    const undoPath = flags.undoFile ?? defaultUndoPath();
    const interactive = !flags.apply && ctx.io.stdinIsTty && ctx.io.stderrIsTty && ctx.format === 'table';
    const plan = await collect(runner(dir, false, undefined));
    const pending = plan.filter((r) => r.status === 'planned').length;
    if (!flags.apply) {
      ctx.io.out(render(ctx, plan, false));
      if (pending === 0) return problems(plan) ? EXIT.runtime : EXIT.ok;
      if (!interactive || !(await confirm(`Apply ${pending} change(s) to ${dir.description}?`))) {
        ctx.info(`${pending} change(s) not applied: re-run with --apply to make them.`);
        return EXIT.findings;
      }
    }
    const results = await collect(runner(dir, true, undoPath));
    if (flags.apply || interactive) ctx.io.out(render(ctx, results, true));
    if (results.some((r) => r.status === 'applied')) ctx.info(`undo file: ${undoPath} (revert with: cloudsync undo ${undoPath} --apply)`);
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

function describeChanges(changes: readonly Modification[]): string {
  return changes
    .map((c) => {
      const vals = c.values.map((v) => (typeof v === 'string' ? `'${v}'` : `<${v.length} bytes>`)).join(', ');
      return c.operation === 'delete' && c.values.length === 0 ? `delete ${c.attribute}` : `${c.operation} ${c.attribute} ${vals}`;
    })
    .join('; ');
}

function resultJson(r: RowResult): Record<string, unknown> {
  return {
    line: r.row.line,
    dn: r.row.dn,
    attribute: r.row.attribute,
    action: r.row.action,
    value: r.row.value,
    update: r.row.update,
    status: r.status,
    changes: r.changes.map((c) => ({ operation: c.operation, attribute: c.attribute, values: c.values.map(String) })),
    reason: r.reason ?? null,
  };
}

function render(ctx: Context, results: readonly RowResult[], applied: boolean): string {
  const counts = new Map<string, number>();
  for (const r of results) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  const summary = Object.fromEntries(counts);
  switch (ctx.format) {
    case 'json':
      return jsonLine({ applied, summary, rows: results.map(resultJson) }, true);
    case 'ndjson':
      return results.map((r) => jsonLine(resultJson(r))).join('') + jsonLine({ type: 'summary', applied, ...summary });
    case 'csv':
      return toCsv(
        ['LINE', 'DISTINGUISHEDNAME', 'ATTRIBUTE', 'ACTION', 'STATUS', 'CHANGES', 'REASON'],
        results.map((r) => [r.row.line, r.row.dn, r.row.attribute, r.row.action, r.status, describeChanges(r.changes), r.reason]),
      );
    case 'table': {
      const p = ctx.paint;
      const colour = (s: string) =>
        s === 'applied' ? p.green(s) : s === 'failed' || s === 'refused' ? p.red(s) : s === 'planned' ? p.yellow(s) : p.dim(s);
      const table = renderTable(
        ['Line', 'Object', 'Attribute', 'Action', 'Status', 'Change / reason'],
        results.map((r) => [r.row.line, r.row.dn, r.row.attribute, r.row.action || '-', colour(r.status), r.reason ?? describeChanges(r.changes)]),
        { color: p.enabled },
      );
      const line = [...counts].map(([k, v]) => `${v} ${k}`).join(', ') || 'no rows';
      return `${table}${applied ? 'Result' : 'Plan (nothing changed)'}: ${line}\n`;
    }
  }
}
