/** VBA-style date intervals: DateAdd and DateDiff (UTC). */
import { daysInMonth } from './calendar.js';

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
