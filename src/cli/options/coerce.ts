/**
 * Shared coercers for command options: commander hands every flag over as a string (or a list of
 * strings for repeatable flags), the config file hands typed values; these turn either into the
 * value a command runs with, or into ONE issue whose message is the line the user sees
 * (`parseOptions` turns it into a CloudsyncError). One numeric parser, one list parser, one
 * duration/date parser, one choice parser: same checks, same style of message everywhere.
 */
import { z } from 'zod';
import { CloudsyncError } from '../../errors.js';
import { parseSince } from '../../logs/since.js';
import { parseNumber, type NumberRule } from './number.js';

export { parseNumber, type NumberRule } from './number.js';

/** The error kinds an options parse can end in (exit 2 both). */
export type OptionsErrorKind = 'usage' | 'config';

/** Adds the issue `parseOptions` reports as `CloudsyncError(kind, message)`. */
export function fail(ctx: z.RefinementCtx, message: string, kind: OptionsErrorKind = 'usage'): never {
  ctx.addIssue({ code: 'custom', message, params: { kind } });
  return z.NEVER;
}

/** Wraps a parser that throws CloudsyncError (the library's own, e.g. parseStatus) as a zod transform. */
export function via<I, O>(parse: (value: I) => O): (value: I, ctx: z.RefinementCtx) => O {
  return (value, ctx) => {
    try {
      return parse(value);
    } catch (e) {
      if (e instanceof CloudsyncError && (e.kind === 'usage' || e.kind === 'config')) return fail(ctx, e.message, e.kind);
      throw e;
    }
  };
}

/** A number option (string from a flag, number from the config file). */
export const number = (rule: NumberRule) => z.union([z.string(), z.number()]).transform(via((v: string | number) => parseNumber(v, rule)));

/** A rate between 0 and 1. */
export const rate = (flag: string) => number({ flag, expect: 'between 0 and 1', min: 0, max: 1 });

/** A whole number of things (0 or more; commands read 0 as "all"). */
export const countRule = (flag: string, things: string): NumberRule => ({ flag, expect: `a whole number of ${things}, 0 for all`, int: true, min: 0 });
export const count = (flag: string, things: string) => number(countRule(flag, things));

/**
 * The one list parser: a repeatable flag (string[]), a config array, or one string; each value
 * may itself be comma-separated. Values are trimmed, empty ones dropped.
 */
export function splitList(value: string | readonly string[]): string[] {
  return (typeof value === 'string' ? [value] : value).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}
export const list = () => z.union([z.string(), z.array(z.string())]).transform((v) => splitList(v));

/** A repeatable flag kept as given (no comma splitting: DNs contain commas). */
export const repeated = () => z.union([z.string(), z.array(z.string())]).transform((v) => (typeof v === 'string' ? [v] : [...v]));

/** The one duration/date parser (`--since`): 30m, 2h, 7d, 2w, or a date / date-time; the instant, as a Date. */
export const since = (now: () => number = Date.now) => z.string().transform(via((v: string) => new Date(parseSince(v, now()))));

/** One of fixed words: `message(raw)` when it is none of them. */
export function choice<const T extends string>(values: readonly T[], message: (raw: string) => string) {
  return z.string().transform((raw, ctx): T => {
    if ((values as readonly string[]).includes(raw)) return raw as T;
    return fail(ctx, message(raw));
  });
}
