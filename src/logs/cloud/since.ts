import { parseSince as parseSinceMs } from '../since.js';

/** `--since` as an instant: the same forms as for local runs (src/logs/since.ts). */
export function parseSince(value: string, now: Date = new Date()): Date {
  return new Date(parseSinceMs(value, now.getTime()));
}
