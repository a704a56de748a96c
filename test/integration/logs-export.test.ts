/**
 * `cloudsync logs export` as a subprocess with known secrets in the environment, files and a
 * journal: the zip holds journals, the redacted configuration, doctor, versions and the cloud
 * side, and no entry (raw or inflated) holds any secret.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { runCli } from './cli.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';

let emu: TestEmulator;
let dir: string;
const LDAP_PASSWORD = 'Ld@p-S3cret-7731!';
const JWT = 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJjaS1ydW5uZXIiLCJhdWQiOiJhcGk6Ly9BenVyZUFEVG9rZW5FeGNoYW5nZSJ9.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg';
const CI_TOKEN = 'ci-bearer-token-0f9e8d7c6b5a';
const KEY_PEM = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

beforeAll(async () => {
  emu = await startTestEmulator({ domains: ['contoso.com'], sync: { scheduler: false } });
  const g = await emu.request('/_emulator/provisioning/generate', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ count: 30, seed: 2 }) });
  expect(g.status).toBe(200);
  dir = mkdtempSync(join(tmpdir(), 'cloudsync-export-'));
  // a journal that (wrongly) carries secrets: the bundle must still not
  const runs = join(dir, 'state', 'sync', 'contoso.onmicrosoft.com-0123456789abcdef', 'runs');
  mkdirSync(runs, { recursive: true });
  writeFileSync(
    join(runs, '20261101T140000Z-abcd.ndjson'),
    [
      JSON.stringify({ type: 'run-start', runId: '20261101T140000Z-abcd', time: new Date().toISOString(), v: 1, command: 'sync', versions: {} }),
      JSON.stringify({ type: 'note', text: `bind with ${LDAP_PASSWORD}`, header: `Authorization: Bearer ${JWT}`, secret: emu.info.clientSecret, key: KEY_PEM }),
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'cert.pem'), KEY_PEM);
  writeFileSync(join(dir, 'federated-token'), JWT);
  writeFileSync(join(dir, 'cloudsync.config.json'), JSON.stringify({ ldap: { url: 'ldaps://127.0.0.1:1', bindDn: 'svc@contoso.com', connectTimeoutSeconds: 1 } }));
}, 60_000);

afterAll(async () => {
  await emu?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('bundles journals, redacted config, doctor, versions and the cloud side, with no secret in any entry', async () => {
  const out = join(dir, 'bundle.zip');
  const r = await runCli(['logs', 'export', '--out', out, '--since', '7d'], {
    cwd: dir,
    env: {
      ...emu.env,
      CLOUDSYNC_STATE_DIR: join(dir, 'state'),
      CLOUDSYNC_LDAP_PASSWORD: LDAP_PASSWORD,
      AZURE_CLIENT_CERTIFICATE_PATH: join(dir, 'cert.pem'),
      AZURE_FEDERATED_TOKEN_FILE: join(dir, 'federated-token'),
      SYSTEM_ACCESSTOKEN: CI_TOKEN,
    },
  });
  expect(r.stderr).not.toMatch(/internal error/);
  expect(r.code).toBe(0);
  expect(r.stdout.trim()).toBe(out);

  const raw = readFileSync(out);
  const files = unzipSync(raw);
  const names = Object.keys(files);
  expect(names).toEqual(expect.arrayContaining(['README.txt', 'config.json', 'versions.json', 'doctor.json', 'journals/contoso.onmicrosoft.com-0123456789abcdef/20261101T140000Z-abcd.ndjson', 'cloud/jobs.json', 'cloud/provisioning.csv']));

  const keyBody = KEY_PEM.split('\n').filter((l) => l && !l.startsWith('-----'));
  const secrets = [LDAP_PASSWORD, emu.info.clientSecret, JWT, CI_TOKEN, KEY_PEM.trim(), ...keyBody];
  for (const bytes of [raw, ...Object.values(files)]) {
    const text = Buffer.from(bytes).toString('latin1');
    for (const s of secrets) expect(text.includes(s), `a secret (${s.slice(0, 12)}…) is in the bundle`).toBe(false);
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.eyJ/);
  }

  const config = JSON.parse(strFromU8(files['config.json']!));
  expect(config.entra.clientSecret).toBe('(redacted)');
  expect(config.ldap.password).toMatch(/redacted/);
  expect(config.environment.CLOUDSYNC_LDAP_PASSWORD).toBe('(redacted)');
  expect(config.environment.AZURE_TENANT_ID).toBe(emu.info.tenantId);
  const doctor = JSON.parse(strFromU8(files['doctor.json']!));
  expect(doctor.checks.some((c: { target: string; status: string }) => c.target === 'entra' && c.status === 'pass')).toBe(true);
  expect(doctor.checks.some((c: { target: string; status: string }) => c.target.startsWith('ldaps://') && c.status === 'fail')).toBe(true);
  const versions = JSON.parse(strFromU8(files['versions.json']!));
  expect(versions.node).toBe(process.versions.node);
  expect(versions.dependencies.fflate).toMatch(/^\d+\.\d+\.\d+$/);
  const journal = strFromU8(files['journals/contoso.onmicrosoft.com-0123456789abcdef/20261101T140000Z-abcd.ndjson']!);
  expect(journal).toContain('"type":"run-start"');
  expect(journal).toContain('bind with (redacted)');
  expect(strFromU8(files['cloud/provisioning.csv']!).split('\r\n').length).toBeGreaterThan(30);
  const readme = strFromU8(files['README.txt']!);
  for (const n of names.filter((x) => x !== 'README.txt')) expect(readme).toContain(n);
}, 60_000);

it('records what is unreachable in README.txt and still writes the bundle', async () => {
  const out = join(dir, 'offline.zip');
  const r = await runCli(['logs', 'export', '--out', out], {
    cwd: dir,
    env: { ...emu.env, CLOUDSYNC_GRAPH_ENDPOINT: 'https://127.0.0.1:1', AZURE_AUTHORITY_HOST: 'https://127.0.0.1:1', CLOUDSYNC_STATE_DIR: join(dir, 'empty-state'), CLOUDSYNC_LDAP_PASSWORD: LDAP_PASSWORD },
  });
  expect(r.code).toBe(0);
  const files = unzipSync(readFileSync(out));
  const readme = strFromU8(files['README.txt']!);
  expect(readme).toMatch(/Not collected:/);
  expect(readme).toMatch(/provisioning logs: Entra ID was not reachable/);
  expect(readme).toMatch(/run journals: none since/);
  expect(Object.keys(files)).not.toContain('cloud/provisioning.csv');
}, 60_000);

it('an --out in a folder that does not exist is one line, exit 2, before anything is collected', async () => {
  const before = (await emu.request('/_emulator/stats')).json as { requests: number };
  const r = await runCli(['logs', 'export', '--out', join(dir, 'no-such-folder', 'x.zip')], { cwd: dir, env: { ...emu.env, CLOUDSYNC_STATE_DIR: join(dir, 'empty-state') } });
  expect(r.code).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/no-such-folder.* does not exist/);
  const after = (await emu.request('/_emulator/stats')).json as { requests: number };
  expect(after.requests).toBe(before.requests + 1);
});
