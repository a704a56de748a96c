import { CloudsyncError } from '../../errors.js';

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * `--since`: a duration back from now ("90m", "2h", "7d") or a date / date-time ("2026-11-01",
 * "2026-11-01T14:00Z"; a date alone is midnight UTC). Returns the instant.
 */
export function parseSince(value: string, now: Date = new Date()): Date {
  const v = value.trim();
  const d = /^(\d+(?:\.\d+)?)\s*([smhdw])$/i.exec(v);
  if (d) return new Date(now.getTime() - Number(d[1]) * UNITS[d[2]!.toLowerCase()]!);
  if (/^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/i.test(v)) {
    const at = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v.replace(' ', 'T'));
    if (!Number.isNaN(at)) return new Date(at);
  }
  throw new CloudsyncError('usage', `--since expects a duration (30m, 2h, 7d) or a date (2026-11-01, 2026-11-01T14:00Z), got "${value}"`);
}
