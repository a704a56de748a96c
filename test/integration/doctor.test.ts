import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { adEnv, cliLdapEnv } from './ad-env.js';
import { runCli } from './cli.js';

interface Check {
  target: string;
  check: string;
  status: string;
  detail: string;
  fix?: string;
}
const env = adEnv();
const READER_ID = '11111111-2222-4333-8444-555555555555';

describe.skipIf(!env)('cloudsync doctor (Samba DC + emulator)', () => {
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

  async function doctor(extraEnv: Record<string, string>, args: string[] = []): Promise<{ code: number; checks: Check[]; stderr: string }> {
    const r = await runCli(['doctor', '-o', 'json', ...args], { env: { ...cliLdapEnv(), ...emu.env, ...extraEnv } });
    const out = r.stdout ? (JSON.parse(r.stdout) as { checks: Check[] }) : { checks: [] };
    return { code: r.code, checks: out.checks, stderr: r.stderr };
  }
  const status = (checks: Check[], check: string) => checks.find((c) => c.check === check)?.status;

  it('passes on a good setup and skips the public-cloud agent endpoints for the emulator', async () => {
    const r = await doctor({});
    expect(r.code, JSON.stringify(r.checks.filter((c) => c.status === 'fail'))).toBe(0);
    expect(status(r.checks, 'read access')).not.toBe('fail'); // warn: the test DC's users lack some attributes
    for (const c of ['DNS', 'TCP', 'TLS version', 'certificate', 'bind', 'base DN', 'token', 'tenant', 'clock', 'Graph']) {
      expect([c, status(r.checks, c)]).toEqual([c, 'pass']);
    }
    expect(status(r.checks, 'permissions: validate (tenant-aware)')).toBe('pass');
    expect(status(r.checks, 'cloud sync agent endpoints')).toBe('skip');
  });

  it('unknown CA: certificate fails naming the CA option; exit 3', async () => {
    const r = await doctor({ CLOUDSYNC_LDAP_CA_FILE: '' }, ['--no-entra']);
    expect(r.code).toBe(3);
    const cert = r.checks.find((c) => c.check === 'certificate');
    expect(cert?.status).toBe('fail');
    expect(cert?.fix).toMatch(/--ca-file/);
  });

  it('wrong password: bind fails with AD data 52e', async () => {
    const r = await doctor({ CLOUDSYNC_LDAP_PASSWORD: 'wrong-Passw0rd' }, ['--no-entra']);
    expect(r.code).toBe(3);
    expect(r.checks.find((c) => c.check === 'bind')?.detail).toMatch(/52e/);
  });

  it('stopped DC (nothing listening): TCP fails', async () => {
    const r = await doctor({ CLOUDSYNC_LDAP_URL: 'ldaps://127.0.0.1:1' }, ['--no-entra']);
    expect(r.code).toBe(3);
    expect(status(r.checks, 'TCP')).toBe('fail');
  });

  it('missing permission: names the permission to grant', async () => {
    const r = await doctor({ AZURE_CLIENT_ID: READER_ID, AZURE_CLIENT_SECRET: 'reader-Secret-1' }, ['--no-ad']);
    expect(r.code).toBe(3);
    const p = r.checks.find((c) => c.check === 'permissions: validate (tenant-aware)');
    expect(p?.status).toBe('fail');
    expect(p?.fix).toMatch(/User\.Read\.All|Directory\.Read\.All/);
    expect(status(r.checks, 'permissions: sync')).toBe('warn');
  });
});
