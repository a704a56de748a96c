/**
 * Errors of the expression language: parse errors point at a column (1-based) of the expression,
 * and a caret line in `detail` shows where.
 */
import { CloudsyncError, type ErrorKind } from '../../errors.js';
import { echo } from '../../util/echo.js';

/** The expression on one line: line breaks and tabs become spaces, so columns stay offsets + 1. */
export function oneLine(source: string): string {
  return source.replace(/[\r\n\t]/g, ' ');
}

export function caret(source: string, pos: number): string {
  return `${oneLine(source)}\n${' '.repeat(Math.max(0, pos))}^`;
}

/** `expression <source>: column N: <what>` with the caret line in `detail`. */
export function expressionError(kind: ErrorKind, source: string, pos: number, what: string, prefix = ''): CloudsyncError {
  return new CloudsyncError(kind, `${prefix}expression ${echo(oneLine(source))}: column ${pos + 1}: ${echo(what, 240)}`, {
    detail: caret(source, pos),
  });
}

/** Thrown by the parser; turned into a CloudsyncError('config') by parseExpression. */
export class ParseFailure extends Error {
  constructor(
    readonly pos: number,
    what: string,
  ) {
    super(what);
  }
}

/** Thrown while evaluating; `pos` is filled in by the innermost function call that saw it. */
export class EvalFailure extends Error {
  pos: number | undefined;
  constructor(what: string, pos?: number) {
    super(what);
    this.pos = pos;
  }
}

export function fail(what: string): never {
  throw new EvalFailure(what);
}

/** Levenshtein distance (case-insensitive), for "did you mean" suggestions. */
export function distance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let prev = Array.from({ length: t.length + 1 }, (_, i) => i);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (s[i - 1] === t[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[t.length]!;
}

export function closest(name: string, candidates: Iterable<string>): string | undefined {
  if (name.length > 64) return undefined; // no name that long is a typo of a known one
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = distance(name, c);
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  // Only suggest when the name is plausibly a typo of the candidate.
  return best !== undefined && bestD <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}
