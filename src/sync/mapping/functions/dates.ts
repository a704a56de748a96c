/** Date functions. DateTime values are JS Dates in UTC; as text they read M/d/yyyy h:mm:ss tt. */
import { FormatError, formatDate, tokenizeFormat } from '../datetime/format.js';
import { INTERVALS, addInterval, diffInterval, toInterval, type Interval } from '../datetime/intervals.js';
import { dateFromFileTime, dateToFileTime, parseDate, parseExact } from '../datetime/parse.js';
import { ParseFailure, fail } from '../errors.js';
import type { EvalContext, Value } from '../types.js';
import { describeValue, single, text, toNumber } from '../values.js';
import { eager, literalText, unary, type CompiledArg, type FunctionDef } from './define.js';

const nowOf = (ctx: EvalContext): Date => ctx.now?.() ?? new Date();

/** A DateTime argument: a Date, or text in a form CDate reads; null for no value. */
function toDate(v: Value, what: string): Date | null {
  const s = single(v, what);
  if (s === null || s === '') return null;
  if (s instanceof Date) return s;
  if (typeof s === 'string') {
    const d = parseDate(s);
    if (d === undefined) {
      return fail(`cannot read ${describeValue(s)} as a date (expected for example 2021-06-30, 2021-06-30T08:00:00Z or 6/30/2021 8:00:00 AM)`);
    }
    return d;
  }
  return fail(`${what} must be a date, not ${describeValue(s)}`);
}

function interval(v: Value): Interval {
  const s = text(v, 'interval') ?? '';
  return toInterval(s) ?? fail(`interval "${s}" must be one of ${INTERVALS.join(', ')}`);
}

function checkInterval(a: CompiledArg | undefined): void {
  const s = literalText(a);
  if (s !== undefined && toInterval(s) === undefined) {
    throw new ParseFailure(a!.node.pos, `interval "${s}" must be one of ${INTERVALS.join(', ')}`);
  }
}

function checkFormat(a: CompiledArg | undefined): void {
  const s = literalText(a);
  if (s === undefined) return;
  try {
    tokenizeFormat(s);
  } catch (e) {
    if (e instanceof FormatError) throw new ParseFailure(a!.node.pos, `bad date format: ${e.message}`);
    throw e;
  }
}

/** Runs a format-string operation, turning a FormatError into an evaluation error. */
function withFormat<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof FormatError) return fail(`bad date format: ${e.message}`);
    throw e;
  }
}

const now: FunctionDef = { name: 'Now', signature: 'Now()', min: 0, max: 0, compile: () => (ctx) => nowOf(ctx) };

const cdate = unary('CDate', 'CDate(expression)', (v) => toDate(v, 'value'));

const dateAddDef = eager('DateAdd', 'DateAdd(interval, value, dateTime)', 3, 3, ([i, n, d]) => {
  const unit = interval(i!);
  const count = toNumber(n!, 'value');
  const date = toDate(d!, 'dateTime');
  return count === null || date === null ? null : addInterval(date, unit, count);
});
const dateAdd: FunctionDef = {
  ...dateAddDef,
  compile: (args, pos) => {
    checkInterval(args[0]);
    return dateAddDef.compile(args, pos);
  },
};

const dateDiffDef = eager('DateDiff', 'DateDiff(interval, date1, date2)', 3, 3, ([i, a, b]) => {
  const unit = interval(i!);
  const d1 = toDate(a!, 'date1');
  const d2 = toDate(b!, 'date2');
  return d1 === null || d2 === null ? null : diffInterval(unit, d1, d2);
});
const dateDiff: FunctionDef = {
  ...dateDiffDef,
  compile: (args, pos) => {
    checkInterval(args[0]);
    return dateDiffDef.compile(args, pos);
  },
};

const dateFromNum = unary('DateFromNum', 'DateFromNum(value)', (v) => {
  const s = single(v, 'value');
  if (s === null || s === '') return null;
  if (s instanceof Date) return s;
  let n: bigint;
  if (typeof s === 'number' && Number.isFinite(s)) n = BigInt(Math.trunc(s));
  else if (typeof s === 'string' && /^\s*-?\d+\s*$/.test(s)) n = BigInt(s.trim());
  else return fail(`expects an AD date number (100-ns intervals since 1601, as in [accountExpires]), got ${describeValue(s)}`);
  // 0 and 0x7FFFFFFFFFFFFFFF are AD's "never": no date.
  return dateFromFileTime(n);
});

const numFromDate = unary('NumFromDate', 'NumFromDate(value)', (v) => {
  const d = toDate(v, 'value');
  return d === null ? null : dateToFileTime(d);
});

/**
 * FormatDateTime(source, dateTimeStyles, inputFormat, outputFormat) as documented for app
 * provisioning; Cloud Sync documents FormatDateTime(source, inputFormat, outputFormat); and
 * FormatDateTime(date, outputFormat) formats a DateTime (DateFromNum, CDate, Now) directly.
 * dateTimeStyles is accepted and ignored: every date here is UTC.
 */
const formatDateTime: FunctionDef = {
  name: 'FormatDateTime',
  signature: 'FormatDateTime(source, dateTimeStyles, inputFormat, outputFormat)',
  min: 2,
  max: 4,
  compile: (args) => {
    const n = args.length;
    const source = args[0]!.fn;
    const inArg = n === 4 ? args[2] : n === 3 ? args[1] : undefined;
    const outArg = args[n - 1]!;
    checkFormat(inArg);
    checkFormat(outArg);
    const inFn = inArg === undefined || inArg.missing ? undefined : inArg.fn;
    const outFn = outArg.fn;
    return (ctx) => {
      const s = single(source(ctx), 'source');
      if (s === null || s === '') return null;
      let date: Date;
      if (s instanceof Date) date = s;
      else {
        const input = text(s, 'source')!;
        const inFormat = inFn === undefined ? null : text(inFn(ctx), 'inputFormat');
        if (inFormat === null) return fail('inputFormat is needed to read text such as ' + describeValue(input));
        const parsed = withFormat(() => parseExact(input, inFormat, nowOf(ctx)));
        if (parsed === undefined) return fail(`${describeValue(input)} does not match the input format "${inFormat}"`);
        date = parsed;
      }
      const outFormat = text(outFn(ctx), 'outputFormat');
      if (outFormat === null) return fail('outputFormat has no value');
      return withFormat(() => formatDate(date, outFormat));
    };
  },
};

export const DATE_FUNCTIONS: readonly FunctionDef[] = [now, cdate, dateAdd, dateDiff, dateFromNum, numFromDate, formatDateTime];
