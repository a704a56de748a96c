import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from '../../../../test/support/run-main.js';

describe('cloudsync logout', () => {
  it('removes the device-code token cache, and says so when there is none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cs-logout-'));
    const cache = join(dir, 'token-cache.json');
    writeFileSync(cache, '{}', { mode: 0o600 });
    const r = await runMain(['logout'], { env: { CLOUDSYNC_TOKEN_CACHE: cache, AZURE_TENANT_ID: 'contoso.onmicrosoft.com' } });
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(cache)).toBe(false);
    expect(r.stderr).toMatch(/signed out/);
    const again = await runMain(['logout'], { env: { CLOUDSYNC_TOKEN_CACHE: cache } });
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/no cached sign-in/);
  });
});
