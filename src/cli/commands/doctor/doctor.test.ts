/**
 * `cloudsync doctor` in process against the emulator (Entra checks only). The AD checks (TLS,
 * CA, bind, TCP) run against the Samba DC: test/integration/doctor.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../../../../test/support/emulator.js';
import { checkStatus, doctorJson } from '../../../../test/support/doctor.js';

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
});
