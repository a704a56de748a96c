/**
 * ISO 8601 durations as the synchronization schedule gives them ("PT2M", "PT1H30M", "P1D") in
 * minutes, as Get-AADCloudSyncToolsJobSchedule shows them (it uses XmlConvert.ToTimeSpan, which
 * counts a year as 365 days and a month as 30: done the same here).
 */
import { CloudsyncError } from '../errors.js';

const ISO_DURATION = /^(-)?P(?:(\d+(?:[.,]\d+)?)Y)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/i;

/** Minutes in an ISO 8601 duration; throws a one-line error for anything else. */
export function durationToMinutes(iso: string): number {
  const s = iso.trim();
  const m = ISO_DURATION.exec(s);
  // "P" alone and a trailing "T" match the pattern but are not durations.
  if (!m || /^-?P$/i.test(s) || /T$/i.test(s)) throw new CloudsyncError('input', `"${iso}" is not an ISO 8601 duration (e.g. PT40M)`);
  const n = (i: number): number => Number((m[i] ?? '0').replace(',', '.'));
  const minutes = n(2) * 365 * 1440 + n(3) * 30 * 1440 + n(4) * 7 * 1440 + n(5) * 1440 + n(6) * 60 + n(7) + n(8) / 60;
  const rounded = Math.round(minutes * 1000) / 1000;
  return m[1] === '-' ? -rounded : rounded;
}

/** Like durationToMinutes, undefined instead of an error (for display of what Graph sent). */
export function tryDurationToMinutes(iso: string | null | undefined): number | undefined {
  if (typeof iso !== 'string') return undefined;
  try {
    return durationToMinutes(iso);
  } catch {
    return undefined;
  }
}
