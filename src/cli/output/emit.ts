/**
 * The one emitter: a command describes its result once (rows, columns, a JSON document) and this
 * writes it in the format asked for: table (src/cli/output/table.ts), json, ndjson or csv.
 * or markdown (GitHub-flavoured: a heading, a pipe table of the same columns, the summary line).
 */
import { toCsv } from './csv.js';
import { jsonLine, type OutputFormat } from './format.js';
import type { Paint } from './paint.js';
import { renderTable } from './table.js';

export type Cell = string | number | undefined;

export interface Column<R> {
  readonly header: string;
  cell(row: R): Cell;
  /** Relative width when the table wraps to the terminal (every column needs one for wrapping). */
  readonly weight?: number;
}

export interface Emission<R> {
  readonly rows: readonly R[];
  /** The JSON document (pretty-printed); default: the rows. */
  readonly json?: unknown;
  /** NDJSON: one value per row (default the row itself), then `trailer` (a summary line) if any. */
  readonly ndjson?: { readonly line?: (row: R) => unknown; readonly trailer?: unknown };
  /** CSV columns; default: the table's columns. Or the whole CSV text, for a hand-tuned hot path. */
  readonly csv?: readonly Column<R>[] | ((rows: readonly R[]) => string);
  /** Table columns, or a function drawing the human view itself (grouped, headed, streamed). */
  readonly table: readonly Column<R>[] | ((rows: readonly R[]) => string);
  /** Markdown: a heading, the rows (default: the CSV's or the table's columns) and a summary line. */
  readonly markdown?: { readonly heading: string; readonly columns?: readonly Column<R>[]; readonly rows?: readonly R[]; readonly summary?: string };
}

export interface EmitOptions {
  readonly format: OutputFormat;
  readonly paint: Paint;
  /** Terminal width (`io.columns`); tables wrap to it. */
  readonly width?: number | undefined;
}

export function emit<R>(e: Emission<R>, o: EmitOptions): string {
  switch (o.format) {
    case 'json':
      return jsonLine(e.json === undefined ? e.rows : e.json, true);
    case 'ndjson': {
      const line = e.ndjson?.line ?? ((r: R) => r);
      return e.rows.map((r) => jsonLine(line(r))).join('') + (e.ndjson?.trailer !== undefined ? jsonLine(e.ndjson.trailer) : '');
    }
    case 'csv': {
      const csv = e.csv ?? e.table;
      if (typeof csv === 'function') return csv(e.rows);
      return toCsv(csv.map((c) => c.header), e.rows.map((r) => csv.map((c) => c.cell(r))));
    }
    case 'table':
      return typeof e.table === 'function' ? e.table(e.rows) : tableOf(e.table, e.rows, o);
    case 'markdown': {
      const columns = e.markdown?.columns ?? (typeof e.csv === 'object' ? e.csv : typeof e.table === 'object' ? e.table : []);
      return markdownOf(e.markdown?.heading ?? 'cloudsync', columns, e.markdown?.rows ?? e.rows, e.markdown?.summary);
    }
  }
}

/** A markdown cell: `|` escaped, line breaks as <br>, so a value never breaks the table. */
export function mdCell(v: Cell): string {
  return v === undefined ? '' : String(v).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

/** `## heading`, a GitHub-flavoured pipe table (none when there are no rows) and the summary line. */
export function markdownOf<R>(heading: string, columns: readonly Column<R>[], rows: readonly R[], summary?: string): string {
  const parts = [`## ${mdCell(heading)}`];
  if (rows.length > 0 && columns.length > 0) {
    const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
    parts.push([line(columns.map((c) => mdCell(c.header))), line(columns.map(() => '---')), ...rows.map((r) => line(columns.map((c) => mdCell(c.cell(r)))))].join('\n'));
  }
  if (summary !== undefined) parts.push(summary);
  return parts.join('\n\n') + '\n';
}

/** A table of columns (boxes, fitted to `width`; weights, when every column has one, share it out). */
export function tableOf<R>(columns: readonly Column<R>[], rows: readonly R[], o: Omit<EmitOptions, 'format'>): string {
  const weights = columns.every((c) => c.weight !== undefined) ? columns.map((c) => c.weight!) : undefined;
  return renderTable(
    columns.map((c) => c.header),
    rows.map((r) => columns.map((c) => c.cell(r))),
    { color: o.paint.enabled, ...(o.width !== undefined ? { width: o.width, ...(weights ? { weights } : {}) } : {}) },
  );
}

/** The emit options of a command's context: its format, its stdout colours, the terminal's width. */
export function emitOptions(ctx: { format: OutputFormat; paint: Paint; io: { columns: number | undefined } }): EmitOptions {
  return { format: ctx.format, paint: ctx.paint, width: ctx.io.columns };
}
