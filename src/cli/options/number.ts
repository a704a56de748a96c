import { CloudsyncError } from '../../errors.js';

/**
 * The one numeric parser, without zod so commander's argument parsers (loaded for `--help`) can use
 * it too; options schemas use it through `number()` in coerce.ts.
 */
export interface NumberRule {
  /** The flag's name without dashes, as the message names it. */
  readonly flag: string;
  /** What it must be, in words: "a positive number", "a port number 0..65535". */
  readonly expect: string;
  readonly int?: boolean;
  readonly min?: number;
  readonly max?: number;
  /** Strictly greater than this. */
  readonly above?: number;
}

/** The one numeric parser: `--<flag> must be <expect> (got '<raw>')` when `raw` is not such a number. */
export function parseNumber(raw: string | number, rule: NumberRule): number {
  const n = typeof raw === 'number' ? raw : raw.trim() === '' ? Number.NaN : Number(raw);
  const ok =
    Number.isFinite(n) &&
    (!rule.int || Number.isInteger(n)) &&
    (rule.min === undefined || n >= rule.min) &&
    (rule.max === undefined || n <= rule.max) &&
    (rule.above === undefined || n > rule.above);
  if (!ok) throw new CloudsyncError('usage', `--${rule.flag} must be ${rule.expect} (got '${raw}')`);
  return n;
}

