import { describe, expect, it } from 'vitest';
import { durationToMinutes, tryDurationToMinutes } from '../../src/cloud-sync/duration.js';

describe('ISO 8601 interval → minutes (Get-AADCloudSyncToolsJobSchedule)', () => {
  it.each([
    ['PT2M', 2],
    ['PT40M', 40],
    ['PT1H', 60],
    ['PT1H30M', 90],
    ['PT90S', 1.5],
    ['P1D', 1440],
    ['P1DT2H', 1560],
    ['P1W', 10080],
    ['PT0.5H', 30],
    ['P1M', 43200], // XmlConvert counts a month as 30 days
    ['P1Y', 525600],
  ])('%s = %d minutes', (iso, minutes) => {
    expect(durationToMinutes(iso)).toBe(minutes);
  });

  it.each(['', 'P', 'PT', '2M', 'PT2X', 'P1DT', '40'])('rejects "%s" with a usage-grade error', (bad) => {
    expect(() => durationToMinutes(bad)).toThrow(/not an ISO 8601 duration/);
    expect(tryDurationToMinutes(bad)).toBeUndefined();
  });

  it('gives undefined for a missing interval', () => {
    expect(tryDurationToMinutes(null)).toBeUndefined();
  });
});
