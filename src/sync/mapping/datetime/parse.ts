/**
 * Reading dates for the expression language: exact parsing with a .NET format string
 * (DateTime.ParseExact), the loose parsing CDate needs, and AD FILETIME numbers. All dates are
 * UTC; an input without an offset is read as UTC.
 */
import { fileTimeToDate, generalizedTimeToDate } from '../../../directory/decode.js';
import { DAYS, MONTHS, daysInMonth } from './calendar.js';
import { tokenizeFormat } from './format.js';

// ---- exact parsing ---------------------------------------------------------------------------

interface Fields {
  year?: number;
  month?: number;
  day?: number;
  hour: number;
  minute: number;
  second: number;
  fraction: number; // milliseconds
  pm?: boolean;
  offsetMin?: number;
}

/**
 * Parses `input` with a .NET format string, like DateTime.ParseExact with the documented default
 * styles (leading and trailing white space allowed). An unquoted `Z` in the format is the UTC
 * designator, as .NET reads it (the documented "yyyyMMddHHmmss.fZ" for AD generalized time).
 * Returns undefined when the input does not match.
 */
export function parseExact(input: string, format: string, now: Date): Date | undefined {
  const s = input.trim();
  const f: Fields = { hour: 0, minute: 0, second: 0, fraction: 0 };
  let p = 0;
  const digits = (min: number, max: number): number | undefined => {
    let j = p;
    while (j < s.length && j - p < max && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) j++;
    if (j - p < min) return undefined;
    const v = Number(s.slice(p, j));
    p = j;
    return v;
  };
  const word = (names: readonly string[]): number | undefined => {
    const rest = s.slice(p).toLowerCase();
    // Longest first, so "June" is not read as "Jun".
    let best = -1;
    let len = 0;
    names.forEach((name, i) => {
      const l = name.toLowerCase();
      if (rest.startsWith(l) && l.length > len) {
        best = i;
        len = l.length;
      }
    });
    if (best === -1) return undefined;
    p += len;
    return best;
  };
  const offset = (n: number): boolean => {
    if (s[p] === 'Z' || s[p] === 'z') {
      p++;
      f.offsetMin = 0;
      return true;
    }
    const sign = s[p] === '+' ? 1 : s[p] === '-' ? -1 : 0;
    if (sign === 0) return false;
    p++;
    const h = digits(n === 1 ? 1 : 2, 2);
    if (h === undefined) return false;
    let m = 0;
    if (n >= 3) {
      if (s[p] === ':') p++;
      const mm = digits(2, 2);
      if (mm === undefined) return false;
      m = mm;
    }
    if (h > 14 || m > 59) return false;
    f.offsetMin = sign * (h * 60 + m);
    return true;
  };

  for (const t of tokenizeFormat(format)) {
    if (t.k === 'lit') {
      if (!t.quoted && t.s === 'Z') {
        if (s[p] !== 'Z' && s[p] !== 'z') return undefined;
        p++;
        f.offsetMin = 0;
      } else {
        if (!s.startsWith(t.s, p)) return undefined;
        p += t.s.length;
      }
      continue;
    }
    const n = t.n;
    let v: number | undefined;
    switch (t.c) {
      case 'd':
        if (n >= 3) {
          if (word(n === 3 ? DAYS.map((x) => x.slice(0, 3)) : DAYS) === undefined) return undefined;
          break;
        }
        if ((v = digits(n, 2)) === undefined) return undefined;
        f.day = v;
        break;
      case 'M':
        v = n >= 3 ? word(n === 3 ? MONTHS.map((x) => x.slice(0, 3)) : MONTHS) : digits(n, 2);
        if (v === undefined) return undefined;
        f.month = n >= 3 ? v + 1 : v;
        break;
      case 'y':
        if ((v = n <= 2 ? digits(n, 2) : digits(n, Math.max(n, 4))) === undefined) return undefined;
        f.year = n <= 2 ? (v < 50 ? 2000 + v : 1900 + v) : v;
        break;
      case 'h':
      case 'H':
        if ((v = digits(n, 2)) === undefined) return undefined;
        f.hour = v;
        break;
      case 'm':
        if ((v = digits(n, 2)) === undefined) return undefined;
        f.minute = v;
        break;
      case 's':
        if ((v = digits(n, 2)) === undefined) return undefined;
        f.second = v;
        break;
      case 'f':
      case 'F': {
        const start = p;
        if (digits(t.c === 'f' ? n : 0, n) === undefined) return undefined;
        const frac = s.slice(start, p);
        f.fraction = frac === '' ? 0 : Math.round(Number(`0.${frac}`) * 1000);
        break;
      }
      case 't': {
        const c = s[p]?.toUpperCase();
        if (c !== 'A' && c !== 'P') return undefined;
        p++;
        if (n >= 2) {
          if (s[p]?.toUpperCase() !== 'M') return undefined;
          p++;
        }
        f.pm = c === 'P';
        break;
      }
      case 'z':
        if (!offset(n)) return undefined;
        break;
      case 'K':
        if (p < s.length && (s[p] === 'Z' || s[p] === 'z' || s[p] === '+' || s[p] === '-') && !offset(3)) return undefined;
        break;
      case 'g':
        if (word(['A.D.', 'AD']) === undefined) return undefined;
        break;
    }
  }
  if (p !== s.length) return undefined;
  return build(f, now);
}

function build(f: Fields, now: Date): Date | undefined {
  const noDate = f.year === undefined && f.month === undefined && f.day === undefined;
  const year = f.year ?? now.getUTCFullYear();
  const month = f.month ?? (noDate ? now.getUTCMonth() + 1 : 1);
  const day = f.day ?? (noDate ? now.getUTCDate() : 1);
  let hour = f.hour;
  if (f.pm !== undefined) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (f.pm ? 12 : 0);
  }
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || f.minute > 59 || f.second > 59) return undefined;
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, f.minute, f.second, f.fraction);
  return new Date(d.getTime() - (f.offsetMin ?? 0) * 60_000);
}

// ---- loose parsing (CDate, NumFromDate, date arguments given as text) ------------------------

const ISO =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,7}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const US = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const GENERALIZED = /^\d{10,14}(?:[.,]\d+)?(?:Z|[+-]\d{2,4})?$/i;

function zoneMinutes(z: string | undefined): number {
  if (z === undefined || z.toUpperCase() === 'Z') return 0;
  const sign = z.startsWith('-') ? -1 : 1;
  const digitsOnly = z.slice(1).replace(':', '');
  return sign * (Number(digitsOnly.slice(0, 2)) * 60 + Number(digitsOnly.slice(2) || '0'));
}

/**
 * Reads a date given as text, as CDate and NumFromDate do: ISO 8601 (including the documented
 * Workday forms "2020-03-16-07:00" and "2021-06-30+08:00"), "M/d/yyyy h:mm:ss tt" (the form the
 * language itself prints) and AD generalized time. Undefined when none of them fits.
 */
export function parseDate(input: string): Date | undefined {
  const s = input.trim();
  let m = ISO.exec(s);
  if (m !== null) {
    const [, y, mo, d, h, mi, se, fr, z] = m;
    return build(
      {
        year: Number(y),
        month: Number(mo),
        day: Number(d),
        hour: Number(h ?? 0),
        minute: Number(mi ?? 0),
        second: Number(se ?? 0),
        fraction: fr === undefined ? 0 : Math.round(Number(`0.${fr}`) * 1000),
        offsetMin: zoneMinutes(z),
      },
      new Date(0),
    );
  }
  m = US.exec(s);
  if (m !== null) {
    const [, mo, d, y, h, mi, se, ampm, z] = m;
    return build(
      {
        year: Number(y),
        month: Number(mo),
        day: Number(d),
        hour: Number(h ?? 0),
        minute: Number(mi ?? 0),
        second: Number(se ?? 0),
        fraction: 0,
        ...(ampm === undefined ? {} : { pm: ampm.toUpperCase() === 'PM' }),
        offsetMin: zoneMinutes(z),
      },
      new Date(0),
    );
  }
  if (GENERALIZED.test(s)) {
    try {
      return generalizedTimeToDate(s);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

// ---- AD FILETIME -----------------------------------------------------------------------------

const EPOCH_DIFF_MS = 11_644_473_600_000n;

/** AD FILETIME (100-ns intervals since 1601) → Date; null for 0 and the maximum, AD's "never". */
export function dateFromFileTime(v: bigint): Date | null {
  return fileTimeToDate(v) ?? null;
}

/** Date → AD FILETIME, the number accountExpires and similar attributes hold. */
export function dateToFileTime(d: Date): number {
  return Number((BigInt(d.getTime()) + EPOCH_DIFF_MS) * 10_000n);
}
