import Table from 'cli-table3';

export interface TableOptions {
  color: boolean;
  /** Terminal width; columns wrap to fit. Undefined: no wrapping (piped output). */
  width?: number;
  /** Relative widths of the columns when wrapping. */
  weights?: readonly number[];
}

export function renderTable(header: readonly string[], rows: ReadonlyArray<readonly (string | number | undefined)[]>, o: TableOptions): string {
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
