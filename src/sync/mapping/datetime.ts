/**
 * Dates for the expression language: .NET custom date and time format strings (formatting and
 * exact parsing, as FormatDateTime uses them), the loose parsing CDate needs, AD FILETIME numbers,
 * and VBA-style DateAdd / DateDiff. All dates are UTC; an input without an offset is read as UTC.
 */
import { fileTimeToDate, generalizedTimeToDate } from '../../directory/decode.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** The text form Entra documents for DateTime values: `M/d/yyyy h:mm:ss tt` (UTC). */
export function dateToText(d: Date): string {
  const h = d.getUTCHours();
  return (
    `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${pad(d.getUTCFullYear(), 4)} ` +
    `${h % 12 || 12}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)} ${h < 12 ? 'AM' : 'PM'}`
  );
}

// ---- format strings --------------------------------------------------------------------------

type FmtTok = { readonly k: 'spec'; readonly c: string; readonly n: number } | { readonly k: 'lit'; readonly s: string; readonly quoted: boolean };

/** .NET standard formats (one letter), as en-US patterns — the culture of Entra's documented outputs. */
const STANDARD: Record<string, string> = {
  d: 'M/d/yyyy',
  D: 'dddd, MMMM d, yyyy',
  f: 'dddd, MMMM d, yyyy h:mm tt',
  F: 'dddd, MMMM d, yyyy h:mm:ss tt',
  g: 'M/d/yyyy h:mm tt',
  G: 'M/d/yyyy h:mm:ss tt',
  m: 'MMMM d',
  M: 'MMMM d',
  o: "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
  O: "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
  r: "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
  R: "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
  s: "yyyy'-'MM'-'dd'T'HH':'mm':'ss",
  t: 'h:mm tt',
  T: 'h:mm:ss tt',
  u: "yyyy'-'MM'-'dd HH':'mm':'ss'Z'",
  y: 'MMMM yyyy',
  Y: 'MMMM yyyy',
};

const SPEC = 'dfFghHKmMstyz';
const formatCache = new Map<string, FmtTok[]>();

export class FormatError extends Error {}

/** Splits a format string into specifiers (with their repeat count) and literals. */
export function tokenizeFormat(format: string): FmtTok[] {
  const cached = formatCache.get(format);
  if (cached !== undefined) return cached;
  let f = format;
  if (f.length === 1) {
    const std = STANDARD[f];
    if (std === undefined) throw new FormatError(`"${format}" is not a .NET standard date format`);
    f = std;
  }
  const out: FmtTok[] = [];
  for (let i = 0; i < f.length; ) {
    const c = f[i]!;
    if (SPEC.includes(c)) {
      let n = 1;
      while (f[i + n] === c) n++;
      if ((c === 'f' || c === 'F') && n > 7) throw new FormatError(`"${format}": at most 7 '${c}' specifiers`);
      out.push({ k: 'spec', c, n });
      i += n;
    } else if (c === "'" || c === '"') {
      const end = f.indexOf(c, i + 1);
      if (end === -1) throw new FormatError(`"${format}": quoted text is not closed`);
      out.push({ k: 'lit', s: f.slice(i + 1, end), quoted: true });
      i = end + 1;
    } else if (c === '\\') {
      if (i + 1 >= f.length) throw new FormatError(`"${format}": '\\' at the end`);
      out.push({ k: 'lit', s: f[i + 1]!, quoted: true });
      i += 2;
    } else if (c === '%') {
      const s = f[i + 1];
      if (s === undefined || !SPEC.includes(s)) throw new FormatError(`"${format}": '%' must precede a format specifier`);
      out.push({ k: 'spec', c: s, n: 1 });
      i += 2;
    } else {
      out.push({ k: 'lit', s: c, quoted: false });
      i++;
    }
  }
  if (formatCache.size > 500) formatCache.clear();
  formatCache.set(format, out);
  return out;
}

/** Formats a UTC date with a .NET custom (or standard) format string, invariant names. */
export function formatDate(d: Date, format: string): string {
  let out = '';
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth();
  const hour = d.getUTCHours();
  const ticks = pad(d.getUTCMilliseconds(), 3) + '0000'; // 7 digits of fraction
  for (const t of tokenizeFormat(format)) {
    if (t.k === 'lit') {
      out += t.s;
      continue;
    }
    const n = t.n;
    switch (t.c) {
      case 'd':
        out += n === 1 ? String(d.getUTCDate()) : n === 2 ? pad(d.getUTCDate(), 2) : n === 3 ? DAYS[d.getUTCDay()]!.slice(0, 3) : DAYS[d.getUTCDay()]!;
        break;
      case 'f':
        out += ticks.slice(0, n);
        break;
      case 'F': {
        const digits = ticks.slice(0, n).replace(/0+$/, '');
        // .NET drops a '.' that would precede an empty F group.
        if (digits === '' && out.endsWith('.')) out = out.slice(0, -1);
        out += digits;
        break;
      }
      case 'g':
        out += 'A.D.';
        break;
      case 'h':
        out += n === 1 ? String(hour % 12 || 12) : pad(hour % 12 || 12, 2);
        break;
      case 'H':
        out += n === 1 ? String(hour) : pad(hour, 2);
        break;
      case 'K':
        out += 'Z';
        break;
      case 'm':
        out += n === 1 ? String(d.getUTCMinutes()) : pad(d.getUTCMinutes(), 2);
        break;
      case 'M':
        out += n === 1 ? String(month + 1) : n === 2 ? pad(month + 1, 2) : n === 3 ? MONTHS[month]!.slice(0, 3) : MONTHS[month]!;
        break;
      case 's':
        out += n === 1 ? String(d.getUTCSeconds()) : pad(d.getUTCSeconds(), 2);
        break;
      case 't':
        out += n === 1 ? (hour < 12 ? 'A' : 'P') : hour < 12 ? 'AM' : 'PM';
        break;
      case 'y':
        out += n === 1 ? String(year % 100) : n === 2 ? pad(year % 100, 2) : pad(year, n);
        break;
      case 'z':
        out += n === 1 ? '+0' : n === 2 ? '+00' : '+00:00';
        break;
    }
  }
  return out;
}

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

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Days in a month (1-based). */
function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeap(year) ? 29 : MONTH_DAYS[month - 1]!;
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

// ---- DateAdd / DateDiff ----------------------------------------------------------------------

/** The documented intervals, plus VBA's q (quarter), y (day of year) and w (weekday). */
export const INTERVALS = ['yyyy', 'q', 'm', 'y', 'd', 'w', 'ww', 'h', 'n', 's'] as const;
export type Interval = (typeof INTERVALS)[number];

export function toInterval(s: string): Interval | undefined {
  const l = s.trim().toLowerCase();
  return (INTERVALS as readonly string[]).includes(l) ? (l as Interval) : undefined;
}

function addMonths(d: Date, months: number): Date {
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const ty = y + Math.floor(m / 12);
  const tm = ((m % 12) + 12) % 12;
  const day = Math.min(d.getUTCDate(), daysInMonth(ty, tm + 1));
  const out = new Date(d.getTime());
  out.setUTCFullYear(ty, tm, day);
  return out;
}

const MS = { h: 3_600_000, n: 60_000, s: 1000, d: 86_400_000 } as const;

/** DateAdd: adds `n` intervals (rounded to a whole number, as VBA does); months clamp the day. */
export function addInterval(d: Date, interval: Interval, n: number): Date {
  const k = Math.round(n);
  switch (interval) {
    case 'yyyy':
      return addMonths(d, 12 * k);
    case 'q':
      return addMonths(d, 3 * k);
    case 'm':
      return addMonths(d, k);
    case 'y':
    case 'd':
    case 'w':
      return new Date(d.getTime() + k * MS.d);
    case 'ww':
      return new Date(d.getTime() + 7 * k * MS.d);
    case 'h':
    case 'n':
    case 's':
      return new Date(d.getTime() + k * MS[interval]);
  }
}

/**
 * DateDiff: how many interval boundaries lie between a and b (positive when b is later), as VBA
 * counts them: calendar years, months and days, Sunday-started weeks, whole clock hours, minutes.
 */
export function diffInterval(interval: Interval, a: Date, b: Date): number {
  const day = (x: Date): number => Math.floor(x.getTime() / MS.d);
  switch (interval) {
    case 'yyyy':
      return b.getUTCFullYear() - a.getUTCFullYear();
    case 'q':
      return (b.getUTCFullYear() - a.getUTCFullYear()) * 4 + Math.floor(b.getUTCMonth() / 3) - Math.floor(a.getUTCMonth() / 3);
    case 'm':
      return (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + b.getUTCMonth() - a.getUTCMonth();
    case 'y':
    case 'd':
      return day(b) - day(a);
    case 'w':
      return Math.trunc((day(b) - day(a)) / 7);
    case 'ww':
      // 1970-01-01 was a Thursday: day + 4 counts from a Sunday.
      return Math.floor((day(b) + 4) / 7) - Math.floor((day(a) + 4) / 7);
    case 'h':
    case 'n':
    case 's':
      return Math.floor(b.getTime() / MS[interval]) - Math.floor(a.getTime() / MS[interval]);
  }
}
