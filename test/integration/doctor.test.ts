import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { adEnv, cliLdapEnv } from './ad-env.js';
import { checkStatus, doctorJson } from '../support/doctor.js';

const env = adEnv();

describe.skipIf(!env)('cloudsync doctor (Samba DC + emulator)', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator({
      domains: ['corp.example.com'],
    } as never);
  });
  afterAll(async () => {
    await emu?.close();
  });

  const doctor = (extraEnv: Record<string, string>, args: string[] = []) => doctorJson({ ...cliLdapEnv(), ...emu.env, ...extraEnv }, args);
  const status = checkStatus;

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
});
