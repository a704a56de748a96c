/**
 * Times in the human tables of logs, job and info: local time (what an admin compares with their
 * clock), to the second, with the UTC offset said once in a header (`utcOffset()`). A time whose
 * offset differs from that one (the other side of a daylight-saving change) carries its own.
 * JSON, NDJSON and CSV keep Graph's and the journals' ISO 8601 UTC.
 */
const pad = (n: number): string => String(Math.trunc(n)).padStart(2, '0');

/** "UTC+01:00", "UTC-05:30", "UTC+00:00" for the machine's time zone at `d`. */
export function utcOffset(d: Date = new Date()): string {
  const m = -d.getTimezoneOffset();
  return `UTC${m < 0 ? '-' : '+'}${pad(Math.abs(m) / 60)}:${pad(Math.abs(m) % 60)}`;
}

const parse = (iso: string | null | undefined): Date | undefined => {
  if (iso === undefined || iso === null || iso === '') return undefined;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? undefined : d;
};

const day = (d: Date): string => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const clock = (d: Date): string => `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
/** " (UTC+02:00)" when `d` is not at the offset the header names. */
const own = (d: Date, now: Date): string => (d.getTimezoneOffset() === now.getTimezoneOffset() ? '' : ` (${utcOffset(d)})`);

/** "2026-11-01 14:02:05" local; text that is not a date is returned as it is, none as ''. */
export function localTime(iso: string | null | undefined, now: Date = new Date()): string {
  const d = parse(iso);
  if (d === undefined) return iso ?? '';
  return `${day(d)} ${clock(d)}${own(d, now)}`;
}

/** "14:02:05" today, "2026-11-01 14:02:05" on another day (local). */
export function shortTime(iso: string, now: Date = new Date()): string {
  const d = parse(iso);
  if (d === undefined) return iso;
  return `${day(d) === day(now) ? '' : `${day(d)} `}${clock(d)}${own(d, now)}`;
}

/** "14:02:05" (local), for lines under a header that gives the day. */
export function clockTime(iso: string, now: Date = new Date()): string {
  const d = parse(iso);
  return d === undefined ? iso : `${clock(d)}${own(d, now)}`;
}
