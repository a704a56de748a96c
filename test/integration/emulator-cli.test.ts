/**
 * `cloudsync emulator` as a user runs it: one JSON line on stdout, the environment
 * recipe works with the real msal-node and Graph client in another process, SIGINT/SIGTERM
 * stop it with exit 0, and --state keeps tenant, credentials, CA and objects across restarts
 * (with --port, the printed settings are the same).
 * Runs the built CLI (npm run build); skipped when the build has no emulator command yet.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, REPO } from './cli.js';

const built = spawnSync(process.execPath, [BIN, 'emulator', '--help'], { encoding: 'utf8' }).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'cloudsync-emulator-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Running {
  child: ChildProcessWithoutNullStreams;
  info: Record<string, string>;
  stdout: () => string;
  exit: Promise<number>;
}

function startCli(args: string[]): Promise<Running> {
  const child = spawn(process.execPath, [BIN, 'emulator', ...args], { cwd: REPO, env: { PATH: process.env.PATH ?? '', HOME: dir, NO_COLOR: '1' } });
  let out = '';
  let err = '';
  const exit = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => (err += d));
    child.stdout.on('data', (d: Buffer) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve({ child, info: JSON.parse(out.slice(0, nl)), stdout: () => out, exit });
    });
    void exit.then((code) => reject(new Error(`emulator exited ${code} before printing its JSON line: ${err}`)));
  });
}

/** What a user's script does with the printed values: msal-node + Graph client, CA from NODE_EXTRA_CA_CERTS. */
function useRecipe(info: Record<string, string>, script: string): Promise<{ code: number; out: string; err: string }> {
  const prelude = `
    import { ConfidentialClientApplication } from '@azure/msal-node';
    import { Client } from '@microsoft/microsoft-graph-client';
    const e = process.env;
    const msal = new ConfidentialClientApplication({ auth: {
      clientId: e.AZURE_CLIENT_ID, clientSecret: e.AZURE_CLIENT_SECRET,
      authority: e.AZURE_AUTHORITY_HOST + '/' + e.AZURE_TENANT_ID, knownAuthorities: [new URL(e.AZURE_AUTHORITY_HOST).host] } });
    const graph = Client.initWithMiddleware({ baseUrl: e.CLOUDSYNC_GRAPH_ENDPOINT, customHosts: new Set([new URL(e.CLOUDSYNC_GRAPH_ENDPOINT).hostname]),
      authProvider: { getAccessToken: async () => (await msal.acquireTokenByClientCredential({ scopes: [e.CLOUDSYNC_GRAPH_ENDPOINT + '/.default'] })).accessToken } });
  `;
  const env = {
    PATH: process.env.PATH ?? '',
    NODE_EXTRA_CA_CERTS: info.caCertFile!,
    AZURE_AUTHORITY_HOST: info.authorityHost!,
    CLOUDSYNC_GRAPH_ENDPOINT: info.graphEndpoint!,
    AZURE_TENANT_ID: info.tenantId!,
    AZURE_CLIENT_ID: info.clientId!,
    AZURE_CLIENT_SECRET: info.clientSecret!,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', prelude + script], { cwd: REPO, env });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, out, err }));
  });
}

describe.skipIf(!built)('cloudsync emulator (subprocess)', () => {
  it('prints one JSON line that works as the environment recipe, and stops on SIGTERM with exit 0', async () => {
    const emu = await startCli(['--domain', 'contoso.com']);
    try {
      expect(Object.keys(emu.info).sort()).toEqual(['authorityHost', 'caCertFile', 'clientId', 'clientSecret', 'graphEndpoint', 'tenantId']);
      expect(emu.info.authorityHost).toMatch(/^https:\/\/localhost:\d+$/);
      expect(readFileSync(emu.info.caCertFile!, 'utf8')).toContain('BEGIN CERTIFICATE');
      const r = await useRecipe(emu.info, `const org = await graph.api('/organization').get(); console.log(org.value[0].verifiedDomains.map((d) => d.name).sort().join(','));`);
      expect(r.err).toBe('');
      expect(r.out.trim()).toBe('contoso.com,contoso.onmicrosoft.com');
    } finally {
      emu.child.kill('SIGTERM');
    }
    expect(await emu.exit).toBe(0);
    expect(emu.stdout().trim().split('\n')).toHaveLength(1);
    expect(existsSync(emu.info.caCertFile!)).toBe(false);
  });

  it('--state keeps the tenant, its credentials and CA, and the objects across a restart (SIGINT)', async () => {
    const state = join(dir, 'tenant.json');
    const first = await startCli(['--state', state, '--no-throttle']);
    const made = await useRecipe(first.info, `const u = await graph.api('/users').post({ accountEnabled: true, displayName: 'Kept', mailNickname: 'kept', userPrincipalName: 'kept@' + (await graph.api('/domains').get()).value[0].id, passwordProfile: { password: 'Kept-Pa55word' } }); console.log(u.id);`);
    expect(made.err).toBe('');
    first.child.kill('SIGINT');
    expect(await first.exit).toBe(0);
    expect(JSON.parse(readFileSync(state, 'utf8')).format).toBe('cloudsync-emulator-state');

    const second = await startCli(['--state', state]);
    try {
      expect(second.info.tenantId).toBe(first.info.tenantId);
      expect(second.info.clientSecret).toBe(first.info.clientSecret);
      expect(second.info.caCertFile).toBe(first.info.caCertFile);
      const r = await useRecipe(second.info, `console.log((await graph.api('/users/${made.out.trim()}').get()).displayName);`);
      expect(r.out.trim()).toBe('Kept');
    } finally {
      second.child.kill('SIGINT');
      await second.exit;
    }
  });

  it('--port + --state: the printed settings are identical across a restart', async () => {
    const state = join(dir, 'stable.json');
    const port = await freePort();
    const printEnv = async (): Promise<string> => {
      const child = spawn(process.execPath, [BIN, 'emulator', '--port', String(port), '--state', state, '--print-env', 'sh'], { cwd: REPO, env: { PATH: process.env.PATH ?? '', HOME: dir, NO_COLOR: '1' } });
      const exit = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
      let out = '';
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d;
          if (out.split('\n').length > 6) resolve();
        });
        void exit.then((code) => reject(new Error(`emulator exited ${code}`)));
      });
      child.kill('SIGTERM');
      expect(await exit).toBe(0);
      return out;
    };
    const first = await printEnv();
    expect(first).toContain(`export AZURE_AUTHORITY_HOST='https://localhost:${port}'`);
    expect(await printEnv()).toBe(first);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}
