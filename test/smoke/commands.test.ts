/**
 * One run of the real bin/cloudsync.js (the built CLI, `npm run build`) per command: it starts,
 * parses its flags, reaches its library call and exits with its documented code. What each
 * command does is tested in process beside it (src/cli/commands/<command>/<command>.test.ts).
 * No DC: LDIF files and the in-process emulator.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { BIN, REPO, runCli } from '../support/run-cli.js';

const LDIF = 'examples/contoso.ldif';
const ADELE = 'CN=Adele Vance,OU=Sales,DC=contoso,DC=com';
const dir = mkdtempSync(join(tmpdir(), 'cloudsync-smoke-'));
let emu: TestEmulator;
let env: Record<string, string>;

beforeAll(async () => {
  emu = await startTestEmulator({ domains: ['contoso.com'], throttle: { enabled: false }, sync: { scheduler: false } });
  env = { ...emu.env, CLOUDSYNC_STATE_DIR: join(dir, 'state'), CLOUDSYNC_TOKEN_CACHE: join(dir, 'token-cache.json') };
});
afterAll(async () => {
  await emu?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.concurrent('cloudsync, one subprocess per command', () => {
  it('--help names the commands', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: cloudsync /);
    for (const c of ['validate', 'fix', 'undo', 'doctor', 'setup', 'emulator', 'sync', 'test-user', 'mapping', 'logs', 'job', 'agents', 'graph', 'info', 'logout']) expect(r.stdout).toMatch(new RegExp(`^  ${c}\\b`, 'm'));
  });

  it('--version is the package version', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('validate: findings in an LDIF file, exit 4', async () => {
    const r = await runCli(['validate', '--from', LDIF, '-o', 'json']);
    expect(r.code).toBe(4);
    expect(JSON.parse(r.stdout).summary).toMatchObject({ objectsRead: 24 });
  });

  it('fix: reads the findings CSV, then needs a directory (exit 2)', async () => {
    const csv = join(dir, 'findings.csv');
    writeFileSync(csv, 'DISTINGUISHEDNAME,COMMONNAME,OBJECTCLASS,ATTRIBUTE,ERROR,VALUE,UPDATE,PROPOSEDACTION,ACTION\r\n');
    const r = await runCli(['fix', csv]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^cloudsync: error: no directory to read/);
  });

  it('undo: needs a directory (exit 2)', async () => {
    const undo = join(dir, 'undo.ldif');
    writeFileSync(undo, 'version: 1\n');
    const r = await runCli(['undo', undo]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^cloudsync: error: no directory to read/);
  });

  it('emulator: prints its JSON line and stops on SIGTERM with exit 0', async () => {
    const child = spawn(process.execPath, [BIN, 'emulator', '--no-throttle'], { cwd: REPO, env: { PATH: process.env.PATH ?? '', HOME: dir, NO_COLOR: '1' } });
    const exit = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
    let out = '';
    const line = await new Promise<string>((resolve, reject) => {
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
      });
      void exit.then((code) => reject(new Error(`emulator exited ${code} before its JSON line`)));
    });
    child.kill('SIGTERM');
    expect(Object.keys(JSON.parse(line) as object).sort()).toEqual(['authorityHost', 'caCertFile', 'clientId', 'clientSecret', 'graphEndpoint', 'tenantId']);
    expect(await exit).toBe(0);
  });

  it('logout: nothing cached, exit 0', async () => {
    const r = await runCli(['logout'], { env: { CLOUDSYNC_TOKEN_CACHE: join(dir, 'no-cache.json') } });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/no cached sign-in/);
  });

  it('test-user: the steps for a user from an LDIF file, exit 4', async () => {
    const r = await runCli(['test-user', ADELE, '--from', LDIF], { env });
    expect(r.code, r.stderr).toBe(4);
    expect(r.stdout).toMatch(/^1\. Import$/m);
    expect(r.stdout).toMatch(/^6\. Action/m);
  });

  it('mapping test: target, expression and value', async () => {
    const r = await runCli(['mapping', 'test', '--from', LDIF, '--dn', ADELE, '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ dn: ADELE, kind: 'user' });
  });

  it('logs cloud: reads the provisioning log', async () => {
    const r = await runCli(['logs', 'cloud', '--since', '1h'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/record\(s\) in \d+ cycle\(s\); 1 log request\(s\)/);
  });

  it('logs export: writes a bundle', async () => {
    const out = join(dir, 'bundle.zip');
    const r = await runCli(['logs', 'export', '--out', out], { env: { ...env, CLOUDSYNC_STATE_DIR: join(dir, 'export-state') } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(out);
    expect(r.stderr).toMatch(/^\d+ file\(s\) in the bundle/m);
  });

  it('job list and job status: the emulator\'s cloud sync job', async () => {
    const list = await runCli(['job', 'list', '-o', 'json'], { env });
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout).jobs).toMatchObject([{ domain: 'contoso.com', template: 'AD2AADProvisioning' }]);
    const status = await runCli(['job', 'status'], { env });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/^status +NotRun$/m);
  });

  it('agents: the inactive agent is warned about, exit 4', async () => {
    const r = await runCli(['agents'], { env });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^warning: agent on \S+ .*is inactive/m);
  });

  it('graph: GET /organization', async () => {
    const r = await runCli(['graph', 'GET', '/organization', '-o', 'json'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).value[0].id).toBe(emu.info.tenantId);
  });

  it('info: the tenant and the app', async () => {
    const r = await runCli(['info', '-o', 'json'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ tenant: { id: emu.info.tenantId }, app: { clientId: emu.info.clientId } });
  });
});

describe('a sync plan from LDIF, then its journal', () => {
  it('sync: plans the creates, exit 4, nothing applied', async () => {
    const r = await runCli(['sync', '--from', LDIF, '--all'], { env });
    expect(r.code, r.stderr).toBe(4);
    expect(r.stdout).toMatch(/^Source examples\/contoso\.ldif: \d+ users, \d+ groups in scope/);
    expect(emu.stats().writesAccepted).toBe(0);
  });

  it('logs: lists the plan run', async () => {
    const r = await runCli(['logs', '-o', 'json'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject([{ command: 'sync', mode: 'plan', outcome: 'planned', exitCode: 4 }]);
  });

  it('logs show: its operations', async () => {
    const r = await runCli(['logs', 'show', 'last'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Run \S+: sync plan \(full\) of all/);
    expect(r.stdout).toContain(ADELE);
  });
});

describe('cloudsync setup, then doctor (one after the other: doctor warns until the extensions exist)', () => {
  it('setup: checks the ownership extensions, creates nothing unconfirmed (exit 4), then creates them with --yes', async () => {
    const r = await runCli(['setup'], { env });
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(/^missing extension_[0-9a-f]{32}_cloudsyncAnchor$/m);
    expect(r.stderr).toMatch(/needs --yes/);
    const yes = await runCli(['setup', '--yes'], { env });
    expect(yes.code, yes.stderr).toBe(0);
    expect(yes.stdout).toMatch(/: 2 created$/m);
  });

  it('doctor: the Entra checks pass against the emulator', async () => {
    const r = await runCli(['doctor', '--no-ad'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^pass {2}entra {2}token: secret at https:\/\/localhost:\d+/m);
    expect(r.stdout).toMatch(/^\d+ passed, 0 warnings, 0 failed, \d+ skipped$/m);
  });
});
