/**
 * `cloudsync doctor` in process against the emulator (Entra checks only). The AD checks (TLS,
 * CA, bind, TCP) run against the Samba DC: test/integration/doctor.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../../../../test/support/emulator.js';
import { checkStatus, doctorJson } from '../../../../test/support/doctor.js';
import { runMain } from '../../../../test/support/run-main.js';

const READER_ID = '11111111-2222-4333-8444-555555555555';

describe('cloudsync doctor (emulator)', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator({
      domains: ['corp.example.com'],
      seed: { apps: [{ clientId: READER_ID, displayName: 'reader', roles: ['Domain.Read.All'], secrets: ['reader-Secret-1'] }] },
    } as never);
  });
  afterAll(async () => {
    await emu?.close();
  });

  const doctor = (extraEnv: Record<string, string>, args: string[] = []) => doctorJson({ ...emu.env, ...extraEnv }, args);
  const status = checkStatus;

  it('missing permission: names the permission to grant', async () => {
    const r = await doctor({ AZURE_CLIENT_ID: READER_ID, AZURE_CLIENT_SECRET: 'reader-Secret-1' }, ['--no-ad']);
    expect(r.code).toBe(3);
    const p = r.checks.find((c) => c.check === 'permissions: validate (tenant-aware)');
    expect(p?.status).toBe('fail');
    expect(p?.fix).toMatch(/User\.Read\.All|Directory\.Read\.All/);
    expect(status(r.checks, 'permissions: sync')).toBe('warn');
    // onpremisesagent-list.md: no application permission opens the agents API; the check says so.
    const agents = r.checks.find((c) => c.check === 'permissions: agents');
    expect(agents?.status).toBe('skip');
    expect(agents?.detail).toMatch(/delegated sign-in only/);
  });

  // A pipeline's `doctor` step must not pass when nothing was configured to check.
  it('nothing checked (every check skipped) is a configuration error: exit 2, one line naming what to set', async () => {
    const table = await runMain(['doctor']);
    expect(table.code).toBe(2);
    expect(table.stdout).toContain('0 passed, 0 warnings, 0 failed, 3 skipped\n');
    expect(table.stderr).toBe('cloudsync: error: doctor checked nothing: configure AD (--url, CLOUDSYNC_LDAP_URL) or Entra ID (AZURE_TENANT_ID, --tenant-id), or pass --agent-endpoints\n');
    const json = await runMain(['doctor', '--no-ad', '--no-entra', '-o', 'json']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, counts: { pass: 0, warn: 0, fail: 0, skip: 3 } });
  });
});
