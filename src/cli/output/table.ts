import Table from 'cli-table3';

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

export function renderTable(header: readonly string[], rows: ReadonlyArray<readonly (string | number | undefined)[]>, o: TableOptions): string {
  if (rows.length > BOXED_MAX_ROWS) return renderLines(header, rows, o);
  const widths = o.width !== undefined ? columnWidths(header.length, o.width, o.weights) : undefined;
  const t = new Table({
    head: [...header],
    style: { head: o.color ? ['bold'] : [], border: o.color ? ['grey'] : [], compact: false },
    ...(widths ? { colWidths: widths, wordWrap: true, wrapOnWordBoundary: false } : {}),
  });
  for (const r of rows) t.push(r.map((v) => (v === undefined ? '' : String(v))));
  return t.toString() + '\n';
}

function columnWidths(n: number, total: number, weights?: readonly number[]): number[] {
  const w = weights ?? Array.from({ length: n }, () => 1);
  const sum = w.reduce((a, b) => a + b, 0);
  const usable = Math.max(total - (n + 1), n * 6);
  return w.map((x) => Math.max(6, Math.floor((usable * x) / sum)));
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;
/** Widest a column is padded to; longer cells run over (the last column is never padded). */
const MAX_PAD = 48;

/** One line per row: a cell's own lines joined by " · ", columns padded to their widest visible text. */
function renderLines(header: readonly string[], rows: ReadonlyArray<readonly (string | number | undefined)[]>, o: TableOptions): string {
  const cells = rows.map((r) => r.map((v) => (v === undefined ? '' : String(v).replace(/\n/g, ' · '))));
  const visible = (s: string): number => (s.includes('\x1b') ? s.replace(ANSI, '').length : s.length);
  const widths = header.map((h, i) => Math.min(MAX_PAD, cells.reduce((w, r) => Math.max(w, visible(r[i] ?? '')), h.length)));
  const line = (r: readonly string[]): string =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(Math.max(0, widths[i]! - visible(c)))))
      .join('  ')
      .trimEnd() + '\n';
  const head = line([...header]);
  return (o.color ? `\x1b[1m${head.slice(0, -1)}\x1b[22m\n` : head) + cells.map(line).join('');
}
