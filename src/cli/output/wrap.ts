/**
 * Fitting a table to a terminal: column widths (natural when they fit, else the widest give way) and
 * cells wrapped on words, measured by display width (string-width: CJK and emoji are two columns),
 * coloured after wrapping (docs/output.md, "Tables").
 */
import stringWidth from 'string-width';

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;
// eslint-disable-next-line no-control-regex
const LEADING = /^(?:\x1b\[[0-9;]*m)+/;
// eslint-disable-next-line no-control-regex
const TRAILING = /(?:\x1b\[[0-9;]*m)+$/;

/** Narrowest a column is made (its content width), so a word of four letters still fits. */
const MIN_CONTENT = 4;

export function displayWidth(s: string): number {
  const plain = s.includes('\x1b') ? s.replace(ANSI, '') : s;
  return /^[\x20-\x7e]*$/.test(plain) ? plain.length : stringWidth(plain);
}

/**
 * Column widths (each counting one space of padding either side) so that the table, borders
 * included, is at most `total` wide. Columns that fit keep their natural width; otherwise each
 * column first gets room for its header's longest word, and the rest of the width is shared by
 * `weights` when given, else by natural widths, a column never wider than its natural width.
 */
export function fitWidths(rows: ReadonlyArray<readonly string[]>, total: number, weights?: readonly number[]): number[] {
  const n = rows[0]?.length ?? 0;
  const natural = Array.from({ length: n }, (_, i) => Math.max(1, ...rows.map((r) => Math.max(...(r[i] ?? '').split('\n').map(displayWidth)))) + 2);
  const usable = total - (n + 1);
  if (natural.reduce((a, b) => a + b, 0) <= usable) return natural;
  const header = rows[0] ?? [];
  let widths = natural.map((nat, i) => Math.min(nat, Math.max(MIN_CONTENT, ...(header[i] ?? '').split(/\s+/).map(displayWidth)) + 2));
  // Too many columns for whole header words: every column starts from the narrowest.
  if (widths.reduce((a, b) => a + b, 0) > usable) widths = natural.map((nat) => Math.min(nat, MIN_CONTENT + 2));
  let left = usable - widths.reduce((a, b) => a + b, 0);
  let open = widths.map((_, i) => i).filter((i) => widths[i]! < natural[i]!);
  while (left > 0 && open.length > 0) {
    const weight = (i: number): number => weights?.[i] ?? natural[i]!;
    const sum = open.reduce((a, i) => a + weight(i), 0);
    const give = open.map((i) => Math.min(natural[i]! - widths[i]!, Math.floor((left * weight(i)) / sum)));
    if (give.every((g) => g === 0)) {
      // Rounding left a few columns over: one each, widest need first.
      for (const i of open) {
        if (left > 0 && widths[i]! < natural[i]!) {
          widths[i]! += 1;
          left--;
        }
      }
      break;
    }
    open.forEach((i, k) => (widths[i]! += give[k]!));
    left -= give.reduce((a, b) => a + b, 0);
    open = open.filter((i) => widths[i]! < natural[i]!);
  }
  return widths;
}

/**
 * `cell` wrapped to `width` display columns on spaces (a longer word is cut), its own line breaks
 * kept. A coloured cell is wrapped as plain text, then each line gets the cell's colour again; codes
 * in the middle of a cell are dropped rather than risk one split across lines.
 */
export function wrapCell(cell: string, width: number): string {
  const w = Math.max(1, width);
  if (!cell.includes('\x1b')) return cell.split('\n').flatMap((l) => wrapLine(l, w)).join('\n');
  const open = LEADING.exec(cell)?.[0] ?? '';
  const close = TRAILING.exec(cell)?.[0] ?? '';
  const plain = cell.replace(ANSI, '');
  return plain
    .split('\n')
    .flatMap((l) => wrapLine(l, w))
    .map((l) => (l === '' ? l : `${open}${l}${close}`))
    .join('\n');
}

function wrapLine(line: string, width: number): string[] {
  if (displayWidth(line) <= width) return [line];
  const out: string[] = [];
  let current = '';
  for (const word of line.split(/ +/)) {
    const candidate = current === '' ? word : `${current} ${word}`;
    if (displayWidth(candidate) <= width) {
      current = candidate;
      continue;
    }
    if (current !== '') out.push(current);
    current = word;
    while (displayWidth(current) > width) {
      const [head, rest] = splitAt(current, width);
      out.push(head);
      current = rest;
    }
  }
  if (current !== '') out.push(current);
  return out;
}

/** The first `width` display columns of `word`, and the rest. */
function splitAt(word: string, width: number): [string, string] {
  let used = 0;
  let i = 0;
  const chars = [...word];
  for (; i < chars.length; i++) {
    const cw = stringWidth(chars[i]!);
    if (used + cw > width && i > 0) break;
    used += cw;
  }
  return [chars.slice(0, i).join(''), chars.slice(i).join('')];
}
