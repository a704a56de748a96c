/** `--since`: a duration back from now (30m, 2h, 7d, 2w, 45s) or a date or date-time (2026-11-01, 2026-11-01T08:00). */
import { CloudsyncError } from '../errors.js';
import { echo } from '../util/echo.js';

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** The instant (ms since the epoch) a --since value stands for; a usage error when it is neither form. */
export function parseSince(value: string, now: number = Date.now()): number {
  const v = value.trim();
  const d = /^(\d+(?:\.\d+)?)\s*([smhdw])$/i.exec(v);
  if (d) return now - Number(d[1]) * UNIT_MS[d[2]!.toLowerCase()]!;
  // A date alone is midnight local time (what an admin means by "since 1 November"); an explicit zone is kept.
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    const [y, m, day] = v.split('-').map(Number) as [number, number, number];
    const t = new Date(y, m - 1, day).getTime();
    if (new Date(t).getDate() === day && new Date(t).getMonth() === m - 1) return t;
  } else if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i.test(v)) {
    const t = Date.parse(v.replace(' ', 'T'));
    if (Number.isFinite(t)) return t;
  }
  throw new CloudsyncError('usage', `--since "${echo(value, 60)}" is neither a duration (30m, 2h, 7d, 2w) nor a date (2026-11-01 or 2026-11-01T08:00)`);
}
