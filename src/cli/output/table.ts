import Table from 'cli-table3';
import stringWidth from 'string-width';
import { fitWidths, wrapCell } from './wrap.js';

export interface TableOptions {
  color: boolean;
  /** Terminal width; columns wrap to fit. Undefined: no wrapping (piped output). */
  width?: number;
  /** Relative widths of the columns when wrapping. */
  weights?: readonly number[];
}

/**
 * Above this many rows a table is drawn one line per row, columns aligned, without boxes: the
 * boxed layout measures every cell's width with a regular expression per call and takes
 * tens of milliseconds per row (hours for a 100k-operation plan), and nobody reads that many boxes.
 */
export const BOXED_MAX_ROWS = 500;

/** Narrower than this, tables drop the rules between rows (each row's lines still stay together). */
export const COMPACT_BELOW = 100;

/**
 * A boxed table. With a width (a terminal's), it fits it: columns keep their natural width when
 * all fit, else the widest give way; cells are wrapped here on words (a word longer than its column
 * is cut), display width measured with string-width (CJK, emoji), and a coloured cell is wrapped as
 * plain text and coloured line by line, so no colour code lands inside a wrapped cell. `weights`
 * spread the width over the columns when the table must wrap.
 */
export function renderTable(header: readonly string[], rows: ReadonlyArray<readonly (string | number | undefined)[]>, o: TableOptions): string {
  if (rows.length > BOXED_MAX_ROWS) return renderLines(header, rows, o);
  const cells = rows.map((r) => header.map((_, i) => (r[i] === undefined ? '' : String(r[i]))));
  const widths = o.width !== undefined ? fitWidths([[...header], ...cells], o.width, o.weights) : undefined;
  const t = new Table({
    head: widths ? header.map((h, i) => wrapCell(h, widths[i]! - 2)) : [...header],
    style: { head: o.color ? ['bold'] : [], border: o.color ? ['grey'] : [], compact: o.width !== undefined && o.width < COMPACT_BELOW },
    ...(widths ? { colWidths: widths, wordWrap: false } : {}),
  });
  for (const r of cells) t.push(widths ? r.map((c, i) => wrapCell(c, widths[i]! - 2)) : r);
  return t.toString() + '\n';
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;
/** Widest a column is padded to; longer cells run over (the last column is never padded). */
const MAX_PAD = 48;

/**
 * One line per row: a cell's own lines joined by " · ", columns padded to their widest visible text.
 * With a width, a line longer than it is cut with "…" (colour codes are dropped from such a line).
 */
function renderLines(header: readonly string[], rows: ReadonlyArray<readonly (string | number | undefined)[]>, o: TableOptions): string {
  const cells = rows.map((r) => r.map((v) => (v === undefined ? '' : String(v).replace(/\n/g, ' · '))));
  const ascii = (s: string): boolean => !/[^\x20-\x7e]/.test(s);
  const visible = (s: string): number => (ascii(s) ? s.length : stringWidth(s));
  const widths = header.map((h, i) => Math.min(MAX_PAD, cells.reduce((w, r) => Math.max(w, visible(r[i] ?? '')), h.length)));
  const fit = (l: string): string => (o.width === undefined || visible(l) <= o.width ? l : cut(l.replace(ANSI, ''), o.width));
  const line = (r: readonly string[]): string =>
    fit(
      r
        .map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(Math.max(0, widths[i]! - visible(c)))))
        .join('  ')
        .trimEnd(),
    ) + '\n';
  const head = line([...header]);
  return (o.color ? `\x1b[1m${head.slice(0, -1)}\x1b[22m\n` : head) + cells.map(line).join('');
}

/** `l` cut to `w` columns, "…" last. */
function cut(l: string, w: number): string {
  let out = '';
  let used = 0;
  for (const ch of l) {
    const cw = stringWidth(ch);
    if (used + cw > w - 1) break;
    out += ch;
    used += cw;
  }
  return `${out}…`;
}
