/**
 * The agents API on the path Microsoft documents for it: a signed-in administrator's delegated
 * token (device code), OnPremisesPublishingProfiles.ReadWrite.All as a scope, not an app role
 * (microsoft-graph-docs-contrib api-reference/beta/api/onpremisesagent-list.md: "Application: Not
 * supported"). The real msal-node device-code flow against the emulator, completed by the test.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveEntraSettings } from '../../src/config/entra.js';
import { EntraClient } from '../../src/directory/entra/index.js';
import { agentsOverview } from '../../src/tenant/agents.js';
import { caFetch, startTestEmulator, type TestEmulator } from '../support/emulator.js';

describe('cloudsync agents signed in with device code', () => {
  let emu: TestEmulator;
  const dir = mkdtempSync(join(tmpdir(), 'cs-agents-dc-'));

  beforeAll(async () => {
    emu = await startTestEmulator({ deviceCode: { intervalSeconds: 1 } });
  });
  afterAll(async () => {
    await emu?.close();
  });

  it('reads the agents with a delegated token (scopes, no roles)', async () => {
    const env: Record<string, string> = { ...emu.env, HOME: dir, CLOUDSYNC_TOKEN_CACHE: join(dir, 'token-cache.json') };
    delete env.AZURE_CLIENT_SECRET;
    const settings = (await resolveEntraSettings({}, env, undefined, dir))!;
    expect(settings.method).toBe('device-code');
    const client = await EntraClient.create(
      settings,
      {
        onDeviceCode: (m) => {
          const code = /enter the code (\S+)/.exec(m)![1]!;
          void emu.request('/_emulator/devicecode/complete', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ user_code: code }) });
        },
      },
      { fetch: caFetch(emu.ca), msalRetries: false },
    );
    const token = await client.token();
    expect(token.roles).toEqual([]);
    expect(token.scopes).toContain('OnPremisesPublishingProfiles.ReadWrite.All');
    const report = await agentsOverview(client, { application: false });
    expect(report.agents.length).toBeGreaterThan(0);
    expect(report.domains.length).toBeGreaterThan(0);
  });
});
