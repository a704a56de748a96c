/** Conversions between expression values, following VBA / .NET conventions where Entra does. */
import type { Value } from './types.js';
import { fail } from './errors.js';
import { dateToText } from './datetime/format.js';

export const isArray = Array.isArray as (v: Value) => v is readonly Value[];

/** A single value: a one-element array is its element, an empty one null; more is an error. */
export function single(v: Value, what: string): Exclude<Value, readonly Value[]> {
  if (!isArray(v)) return v;
  if (v.length === 0) return null;
  if (v.length === 1) return single(v[0]!, what);
  return fail(`${what} must be one value but has ${v.length} (use Item or Join to pick or combine them)`);
}

export function numberToText(n: number): string {
  return Number.isInteger(n) ? n.toFixed(0) : String(n);
}

/** The text form of a value, or null for null. Booleans read True/False as in VBA. */
export function text(v: Value, what: string): string | null {
  const s = single(v, what);
  if (s === null) return null;
  if (typeof s === 'string') return s;
  if (typeof s === 'number') return numberToText(s);
  if (typeof s === 'boolean') return s ? 'True' : 'False';
  if (s instanceof Date) return dateToText(s);
  return s.toString('utf8');
}

export function textOrEmpty(v: Value, what: string): string {
  return text(v, what) ?? '';
}

/** Applies `f` to each value of a multi-valued input (the documented Trim([proxyAddresses]) form). */
export function eachText(v: Value, f: (s: string | null) => Value): Value {
  if (isArray(v)) return v.map((x) => f(text(x, '')));
  return f(text(v, ''));
}

const NUMERIC = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;

export function isNumericText(s: string): boolean {
  return NUMERIC.test(s);
}

/** A number, or null for null. Numeric text (AD returns integers as text) is accepted. */
export function toNumber(v: Value, what: string): number | null {
  const s = single(v, what);
  if (s === null) return null;
  if (typeof s === 'number') return s;
  if (typeof s === 'boolean') return s ? 1 : 0;
  if (typeof s === 'string') {
    if (isNumericText(s)) return Number(s);
    const hex = /^\s*&H([0-9A-Fa-f]+)\s*$/.exec(s);
    if (hex !== null) return parseInt(hex[1]!, 16);
  }
  return fail(`${what} must be a number, not ${describeValue(s)}`);
}

export function toInteger(v: Value, what: string): number | null {
  const n = toNumber(v, what);
  return n === null ? null : Math.trunc(n);
}

/** Truth as IIF, CBool and Not see it: booleans, "True"/"False" in any case, non-zero numbers. */
export function truth(v: Value, what: string): boolean | null {
  const s = single(v, what);
  if (s === null) return null;
  if (typeof s === 'boolean') return s;
  if (typeof s === 'number') return s !== 0;
  if (typeof s === 'string') {
    const t = s.trim().toLowerCase();
    if (t === 'true') return true;
    if (t === 'false') return false;
    if (isNumericText(t)) return Number(t) !== 0;
  }
  return fail(`${what} must be True or False, not ${describeValue(s)}`);
}

export function describeValue(v: Value): string {
  if (v === null) return 'no value';
  if (isArray(v)) return `${v.length} values`;
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? v.slice(0, 57) + '...' : v);
  if (Buffer.isBuffer(v)) return `${v.length} bytes of binary data`;
  if (v instanceof Date) return dateToText(v);
  return String(v);
}

export function isNullOrEmpty(v: Value): boolean {
  if (v === null) return true;
  if (isArray(v)) return v.every(isNullOrEmpty);
  return v === '' || (Buffer.isBuffer(v) && v.length === 0);
}
