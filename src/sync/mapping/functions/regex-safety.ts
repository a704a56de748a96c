/**
 * Regular expressions in mappings run on directory data, which nobody vets: a pattern such as
 * `(a+)+$` takes exponential time on a value of thirty `a`s and a `!`. Two defences:
 * - V8's linear-time engine takes over from backtracking after 50,000 backtracks (the V8 flag
 *   --enable-experimental-regexp-engine-on-excessive-backtracks, turned on here once). It runs every
 *   pattern without back-references, lookaround or large counted repetition, with the same results.
 * - A pattern that engine cannot run (and one compiled with match indices, which it does not
 *   support) is refused when it repeats a group that itself repeats or alternates — the shape that
 *   makes backtracking exponential.
 */
import { setFlagsFromString } from 'node:v8';

let enabled = false;

/** Turns on V8's fallback to the linear-time engine, and the `l` flag used to test for it. */
function enableLinearFallback(): void {
  if (enabled) return;
  enabled = true;
  setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
  setFlagsFromString('--enable-experimental-regexp-engine');
}

/** Whether V8's linear-time engine can run the pattern (it then takes over from backtracking). */
function linearCapable(pattern: string, flags: string): boolean {
  try {
    new RegExp(pattern, flags.replace(/[gd]/g, '') + 'l');
    return true;
  } catch {
    return false;
  }
}

const QUANTIFIER = /^(?:[*+]|\{\d*,\d*\}|\{\d+\})/;

/**
 * The first group that is repeated (`*`, `+`, `{n,}`) and holds a repetition or an alternation,
 * e.g. `(a+)+` or `(a|aa)*`; undefined when there is none. Escapes and character classes are skipped.
 */
export function nestedRepetition(pattern: string): string | undefined {
  const open: { start: number; risky: boolean }[] = [];
  let closed: { start: number; risky: boolean } | undefined; // the group just closed
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      i++;
      closed = undefined;
    } else if (c === '[') {
      for (i++; i < pattern.length && pattern[i] !== ']'; i++) if (pattern[i] === '\\') i++;
      closed = undefined;
    } else if (c === '(') {
      open.push({ start: i, risky: false });
      closed = undefined;
    } else if (c === ')') {
      closed = open.pop();
      if (closed?.risky && open.length > 0) open[open.length - 1]!.risky = true;
    } else {
      const q = QUANTIFIER.exec(pattern.slice(i, i + 24))?.[0];
      if (q !== undefined && !/^\{\d+\}$|^\{0?,1\}$/.test(q)) {
        if (closed?.risky) return pattern.slice(closed.start, i + q.length);
        if (open.length > 0) open[open.length - 1]!.risky = true;
        i += q.length - 1;
      } else if (c === '|' && open.length > 0) open[open.length - 1]!.risky = true;
      closed = undefined;
    }
  }
  return undefined;
}

/**
 * A RegExp for a (translated) pattern that cannot hang on any value; throws an Error saying why a
 * pattern is refused. `indices`: the matches need group offsets (flag `d`).
 */
export function safeRegExp(pattern: string, flags: string, indices: boolean): RegExp {
  enableLinearFallback();
  const re = new RegExp(pattern, flags + (indices ? 'd' : ''));
  if (indices || !linearCapable(pattern, flags)) {
    const nested = nestedRepetition(pattern);
    if (nested !== undefined) {
      throw new Error(
        `the pattern repeats a group that itself repeats or alternates ("${nested.length > 60 ? nested.slice(0, 60) + '…' : nested}"), which can take exponential time on some values; ${
          indices ? 'with regexGroupName' : 'with a back-reference, lookaround or large {n,m}'
        } it cannot run on the linear-time engine: rewrite it without the nested repetition`,
      );
    }
  }
  return re;
}
