/**
 * .NET custom and standard date and time format strings, as FormatDateTime uses them (invariant
 * names, UTC), and the text form Entra documents for DateTime values.
 */
import { DAYS, MONTHS, pad } from './calendar.js';

/** The text form Entra documents for DateTime values: `M/d/yyyy h:mm:ss tt` (UTC). */
export function dateToText(d: Date): string {
  const h = d.getUTCHours();
  return (
    `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${pad(d.getUTCFullYear(), 4)} ` +
    `${h % 12 || 12}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)} ${h < 12 ? 'AM' : 'PM'}`
  );
}

// ---- format strings --------------------------------------------------------------------------

export type FmtTok = { readonly k: 'spec'; readonly c: string; readonly n: number } | { readonly k: 'lit'; readonly s: string; readonly quoted: boolean };

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
