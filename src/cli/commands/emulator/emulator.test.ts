/**
 * `cloudsync emulator` in process: flags refused before anything starts. Running it (the JSON
 * line, SIGINT/SIGTERM, --state across restarts) needs a real process:
 * test/integration/emulator-cli.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { runMain } from '../../../../test/support/run-main.js';

describe('cloudsync emulator', () => {
  it('refuses bad flags with exit 2 and a one-line message', async () => {
    const r = await runMain(['emulator', '--error-rate', '2']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe("cloudsync: error: --error-rate must be between 0 and 1 (got '2')");
  });

  it('refuses a --print-env shell it does not know, before starting', async () => {
    const r = await runMain(['emulator', '--print-env', 'fish']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe("cloudsync: error: --print-env must be one of sh, pwsh, dotenv (got 'fish')");
  });
});
