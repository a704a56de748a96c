/**
 * The fuzz suite's property: any input either parses or fails with a CloudsyncError (or the
 * parser's documented typed error) whose message is one line of bounded length — never another
 * exception, never a hang. Fixed seed and bounded runs, so a failure reproduces and the suite stays
 * a few seconds (each file's budget is stated with its runs).
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { CloudsyncError } from '../../src/errors.js';

/** One seed for the whole suite (a failure prints its path; rerun with the same seed to reproduce). */
export const SEED = 20261208;

export function params(numRuns: number): fc.Parameters<unknown> {
  return { seed: SEED, numRuns, endOnFailure: true };
}

/** Longest message accepted, not counting a file path the message names. */
export const MAX_MESSAGE = 600;

/** Checks a thrown value: a CloudsyncError (or one of `also`) with a one-line, bounded message. */
export function expectCleanFailure(e: unknown, o: { path?: string; also?: readonly (new (...a: never[]) => Error)[] } = {}): void {
  const allowed = e instanceof CloudsyncError || (o.also ?? []).some((c) => e instanceof c);
  if (!allowed) throw new Error(`not a CloudsyncError: ${e instanceof Error ? `${e.name}: ${e.message}\n${e.stack}` : String(e)}`);
  const message = (e as Error).message;
  const shown = o.path === undefined ? message : message.split(o.path).join('<path>');
  expect(shown, 'one line').not.toMatch(/[\n\r\u2028\u2029]/);
  expect(shown.length, `bounded: ${shown.slice(0, 200)}`).toBeLessThanOrEqual(MAX_MESSAGE);
}

/** Runs `f`: a value, or a clean failure. */
export function parsesOrFailsCleanly<T>(f: () => T, o: Parameters<typeof expectCleanFailure>[1] = {}): T | undefined {
  try {
    return f();
  } catch (e) {
    expectCleanFailure(e, o);
    return undefined;
  }
}

export async function parsesOrFailsCleanlyAsync<T>(f: () => Promise<T>, o: Parameters<typeof expectCleanFailure>[1] = {}): Promise<T | undefined> {
  try {
    return await f();
  } catch (e) {
    expectCleanFailure(e, o);
    return undefined;
  }
}

/** Text that stresses parsers: control characters, quotes, brackets, long runs, deep nesting. */
export function hostileText(alphabet: readonly string[], o: { maxLength?: number } = {}): fc.Arbitrary<string> {
  const piece = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...alphabet) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
    { weight: 1, arbitrary: fc.constantFrom('\n', '\r\n', '\u0000', '\u001b[2J', '\u2028', '\ufeff', '\ud800', '%', '%zz', '\\', '"', "'") },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...alphabet, ' ', 'a', '('), fc.integer({ min: 50, max: 6000 })).map(([s, n]) => s.repeat(n)) },
  );
  return fc.array(piece, { maxLength: o.maxLength ?? 30 }).map((parts) => parts.join(''));
}

/** `open` repeated `depth` times, a core, then `close` as many times (deep nesting). */
export const nested = (open: string, core: string, close: string): fc.Arbitrary<string> =>
  fc.integer({ min: 1, max: 6000 }).map((depth) => open.repeat(depth) + core + close.repeat(depth));
