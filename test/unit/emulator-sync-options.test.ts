import { describe, expect, it } from 'vitest';
import { emulatorOptions } from '../../src/cli/commands/emulator/options.js';
import { startEmulator } from '../../src/emulator/index.js';

describe('cloudsync emulator: cloud sync flags', () => {
  it('--sync-speed, --sync-source and --no-sync-schedule become the sync options', () => {
    expect(emulatorOptions({ syncSpeed: '60', syncSource: 'ad.ldif', syncSchedule: false }).sync).toEqual({ speed: 60, source: 'ad.ldif', scheduler: false });
    expect(emulatorOptions({}).sync).toBeUndefined();
    expect(() => emulatorOptions({ syncSpeed: '0' })).toThrow("--sync-speed must be a positive number (got '0')");
  });

  it('the library refuses a non-positive speed', async () => {
    await expect(startEmulator({ sync: { speed: -1 } })).rejects.toThrow('sync speed must be a positive number');
  });
});
