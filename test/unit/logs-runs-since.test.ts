import { describe, expect, it } from 'vitest';
import { parseSince } from '../../src/logs/runs/index.js';
import { CloudsyncError } from '../../src/errors.js';

const NOW = Date.parse('2026-11-10T12:00:00Z');

describe('--since', () => {
  it('reads durations back from now', () => {
    expect(parseSince('30m', NOW)).toBe(NOW - 30 * 60_000);
    expect(parseSince('2h', NOW)).toBe(NOW - 2 * 3_600_000);
    expect(parseSince('7d', NOW)).toBe(NOW - 7 * 86_400_000);
    expect(parseSince('1w', NOW)).toBe(NOW - 7 * 86_400_000);
    expect(parseSince('45s', NOW)).toBe(NOW - 45_000);
    expect(parseSince('1.5h', NOW)).toBe(NOW - 90 * 60_000);
    expect(parseSince(' 2H ', NOW)).toBe(NOW - 2 * 3_600_000);
  });

  it('reads a date as local midnight and a date-time with or without zone', () => {
    expect(parseSince('2026-11-01', NOW)).toBe(new Date(2026, 10, 1).getTime());
    expect(parseSince('2026-11-01T08:30', NOW)).toBe(new Date(2026, 10, 1, 8, 30).getTime());
    expect(parseSince('2026-11-01T08:30:00Z', NOW)).toBe(Date.parse('2026-11-01T08:30:00Z'));
    expect(parseSince('2026-11-01 08:30+02:00', NOW)).toBe(Date.parse('2026-11-01T06:30:00Z'));
  });

  it('refuses anything else with a usage error', () => {
    for (const bad of ['yesterday', '2h30m', '-2h', '2026-13-01', '2026-02-30', '', '10', '2026/11/01']) {
      expect(() => parseSince(bad, NOW), bad).toThrow(CloudsyncError);
    }
    try {
      parseSince('soon', NOW);
    } catch (e) {
      expect((e as CloudsyncError).kind).toBe('usage');
    }
  });
});
