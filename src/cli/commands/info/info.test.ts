/**
 * `cloudsync info` against the emulator, the CLI in process: tenant, domains, app,
 * endpoints, permissions per command, and a missing permission for an app that lacks one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../../../../test/support/emulator.js';
import { runMain } from '../../../../test/support/run-main.js';

/** `cloudsync info -o json`: the fields these tests read. */
interface InfoView {
  tenant: { id: string | null; name: string | null; error?: string };
  domains: Array<{ name: string }>;
  app: { clientId: string | null; displayName: string | null };
  auth: { method: string; authorityHost: string; graphEndpoint: string };
  token: { expiresOn: string; type: string; permissions: string[] };
  commands: Array<{ command: string; ok: boolean; missing: Array<{ what: string; anyOf: string[] }>; note?: string }>;
  cloudsync: { version: string; configFile: string | null; stateDir: string };
}

const READER_ID = '31111111-2222-4333-8444-555555555555';
const READER_SECRET = 'reader-Secret-1';

describe('cloudsync info (emulator)', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator({
      domains: ['corp.example.com'],
      seed: { apps: [{ clientId: READER_ID, displayName: 'info reader', roles: ['Domain.Read.All', 'User.Read.All'], secrets: [READER_SECRET] }] },
    } as never);
  });
  afterAll(async () => {
    await emu?.close();
  });

  const info = async (env: Record<string, string> = {}, format = 'json') => runMain(['info', '-o', format], { env: { ...emu.env, CLOUDSYNC_STATE_DIR: '/tmp/cloudsync-info-state', ...env } });

  it('shows tenant, verified domains, app, endpoints, token expiry and permissions; no secret', async () => {
    const r = await info();
    expect(r.code, r.stderr).toBe(0);
    const v = JSON.parse(r.stdout) as InfoView;
    expect(v.tenant.id).toBe(emu.info.tenantId);
    expect(v.tenant.name).toBeTruthy();
    expect(v.domains.map((d) => d.name)).toEqual(expect.arrayContaining(['corp.example.com', 'contoso.onmicrosoft.com']));
    expect(v.app.clientId).toBe(emu.info.clientId);
    expect(v.auth).toEqual({ method: 'secret', authorityHost: emu.info.authorityHost, graphEndpoint: emu.info.graphEndpoint });
    expect(new Date(v.token.expiresOn).getTime()).toBeGreaterThan(Date.now());
    expect(v.token.type).toBe('application');
    expect(v.token.permissions).toEqual(expect.arrayContaining(['User.ReadWrite.All', 'AuditLog.Read.All']));
    expect(v.commands.find((c) => c.command === 'sync')!.ok).toBe(true);
    // onpremisesagent-list.md: application permissions are not supported for the agents API.
    expect(v.commands.find((c) => c.command === 'agents')!.note).toMatch(/delegated sign-in only \(application permissions: not supported\): sign in as an administrator with device code/);
    expect(v.cloudsync.stateDir).toBe('/tmp/cloudsync-info-state');
    expect(v.cloudsync.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(r.stdout).not.toContain(emu.env.AZURE_CLIENT_SECRET!);
    expect(r.stdout).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
  });

  it('an app without write permissions: sync and job named as missing, with what to grant', async () => {
    const r = await info({ AZURE_CLIENT_ID: READER_ID, AZURE_CLIENT_SECRET: READER_SECRET });
    expect(r.code, r.stderr).toBe(0);
    const v = JSON.parse(r.stdout) as InfoView;
    expect(v.app).toEqual({ clientId: READER_ID, displayName: 'info reader' });
    expect(v.token.permissions).toEqual(['Domain.Read.All', 'User.Read.All']);
    const sync = v.commands.find((c) => c.command === 'sync')!;
    expect(sync.ok).toBe(false);
    expect(sync.missing.map((m) => m.anyOf[0])).toContain('User.ReadWrite.All');
    expect(v.commands.find((c) => c.command === 'agents')!.ok).toBe(false);
    // Organization.Read.All is not held: the name is unreadable, the rest still shown.
    expect(v.tenant.error).toMatch(/Organization\.Read\.All|Directory\.Read\.All/);
    expect(v.domains.length).toBeGreaterThan(0);
  });

  it('table output names each command and what is missing', async () => {
    const r = await info({ AZURE_CLIENT_ID: READER_ID, AZURE_CLIENT_SECRET: READER_SECRET }, 'table');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(emu.info.tenantId);
    expect(r.stdout).toContain('corp.example.com');
    expect(r.stdout).toMatch(/sync\s*│\s*missing/);
    expect(r.stdout).toMatch(/logs cloud\s*│\s*missing\s*│\s*read provisioning logs: AuditLog\.Read\.All/);
  });
});
