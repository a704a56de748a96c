/**
 * `cloudsync logs cloud` and `cloudsync logs export`, in process against the emulator. (The local
 * run journals need real sync runs and --follow across processes: test/integration/logs-runs.test.ts.)
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../../../../test/support/emulator.js';
import { runMain } from '../../../../test/support/run-main.js';

/**
 * `cloudsync logs cloud` against the emulator's provisioning log (records from its generator:
 * GUID-only, like Entra's), in process: names for every id, filters, cycle summaries,
 * uniqueness conflicts named, CSV, and paging thousands of records under the reports throttle.
 */
describe('logs cloud: provisioning logs from the emulator', () => {
  const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
  const anchor = (n: number): string => Buffer.from(`cslogs-anchor-${String(n).padStart(2, '0')}`).toString('base64'); // 16 bytes

  let emu: TestEmulator;
  let jobId: string;

  async function generate(body: Record<string, unknown>): Promise<{ added: number; cycleIds: string[] }> {
    const r = await emu.request('/_emulator/provisioning/generate', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(r.status).toBe(200);
    return r.json;
  }

  beforeAll(async () => {
    const users = Array.from({ length: 40 }, (_, i) => ({
      userPrincipalName: `user${i}@contoso.com`,
      displayName: `Person Number${i}`,
      mail: `user${i}@contoso.com`,
      onPremisesImmutableId: anchor(i),
      onPremisesSyncEnabled: true,
      onPremisesDistinguishedName: `CN=Person Number${i},OU=Staff,DC=contoso,DC=com`,
    }));
    emu = await startTestEmulator({ domains: ['contoso.com'], seed: { defaultAdmin: false, users }, sync: { scheduler: false } });
    const sps = await emu.request("/beta/servicePrincipals?$filter=applicationTemplateId%20eq%20'1a4721b3-e57f-4451-ae87-ef078703ec94'", { headers: { authorization: `Bearer ${await emu.token()}` } });
    const spId = sps.json.value[0].id as string;
    const jobs = await emu.request(`/beta/servicePrincipals/${spId}/synchronization/jobs`, { headers: { authorization: `Bearer ${await emu.token()}` } });
    jobId = (jobs.json.value as Array<{ id: string; templateId: string }>).find((j) => j.templateId === 'AD2AADProvisioning')!.id;
    await generate({ count: 400, cycles: 4, failureRate: 0.15, seed: 11, jobId });
    await generate({ count: 50, cycles: 1, seed: 12, jobId: 'AD2AADProvisioning.0123456789abcdef0123456789abcdef.00000000-0000-0000-0000-00000000000c' }); // a job discovery does not know
  }, 60_000);

  afterAll(async () => {
    await emu?.close();
  });

  describe('cloudsync logs cloud', () => {
    it('names every object: no GUID without --ids; cycles summarised per job; ids with --ids', async () => {
      const r = await runMain(['logs', 'cloud', '--since', '2h', '--job', 'contoso.com'], { env: emu.env });
      expect(r.stderr).not.toMatch(/error/i);
      expect(r.code).toBe(0);
      expect(r.stdout).not.toMatch(GUID);
      const summaries = r.stdout.split('\n').filter((l) => l.startsWith('cycle '));
      expect(summaries).toHaveLength(4);
      for (const s of summaries) expect(s).toMatch(/^cycle (\d{4}-\d{2}-\d{2} )?\d{2}:\d{2}:\d{2} contoso\.com\/AD2AADProvisioning: \d+ (created|updated)/);
      // Local times, the UTC offset said once at the end.
      expect(r.stdout.trimEnd().split('\n').at(-1)).toMatch(/^\(times are local, UTC[+-]\d\d:\d\d\)$/);
      // --limit 0 is every record, as for `logs --limit 0`.
      const all = await runMain(['logs', 'cloud', '--since', '2h', '--job', 'contoso.com', '--limit', '0'], { env: emu.env });
      expect(all.code, all.stderr).toBe(0);
      expect(all.stdout).toBe(r.stdout);
      expect(r.stdout).toMatch(/Person Number\d+ <user\d+@contoso\.com>/);
      expect(r.stdout).toContain('cloudsync test-user "CN=Person Number');
      const withIds = await runMain(['logs', 'cloud', '--since', '2h', '--job', jobId, '--ids', '--limit', '20'], { env: emu.env });
      expect(withIds.stdout).toMatch(GUID);
    });

    it('CSV: one flat row per record with names; server filters (--status, --action) and client filters (--user, any case)', async () => {
      const all = await runMain(['logs', 'cloud', '--since', '2h', '-o', 'csv'], { env: emu.env });
      expect(all.code).toBe(0);
      const rows = parse(all.stdout, { columns: true }) as Array<Record<string, string>>;
      expect(rows).toHaveLength(450);
      for (const row of rows) {
        expect(row.object).not.toMatch(GUID);
        expect(row.object).not.toBe('');
      }
      expect(new Set(rows.map((x) => x.job))).toEqual(new Set(['contoso.com/AD2AADProvisioning']));

      const failures = parse((await runMain(['logs', 'cloud', '--since', '2h', '--status', 'failure', '-o', 'csv'], { env: emu.env })).stdout, { columns: true }) as Array<Record<string, string>>;
      expect(failures.length).toBe(rows.filter((x) => x.status === 'failure').length);
      expect(failures.length).toBeGreaterThan(0);
      expect(failures.every((x) => x.status === 'failure' && x.errorCode !== '')).toBe(true);
      // Graph's own message travels with the record; its request id only with --ids.
      expect(failures.some((x) => x.additionalDetails !== '')).toBe(true);
      for (const f of failures) expect(f.additionalDetails).not.toMatch(GUID);

      const creates = parse((await runMain(['logs', 'cloud', '--since', '2h', '--action', 'create', '-o', 'csv'], { env: emu.env })).stdout, { columns: true }) as Array<Record<string, string>>;
      expect(creates.length).toBe(rows.filter((x) => x.action === 'create').length);

      const target = rows.find((x) => /user7@/.test(x.userPrincipalName ?? ''))!;
      expect(target).toBeDefined();
      const byUser = parse((await runMain(['logs', 'cloud', '--since', '2h', '--user', 'USER7@CONTOSO.COM', '-o', 'csv'], { env: emu.env })).stdout, { columns: true }) as Array<Record<string, string>>;
      expect(byUser.length).toBe(rows.filter((x) => (x.object ?? '').toLowerCase().includes('user7@contoso.com') || (x.sourceDn ?? '').toLowerCase().includes('user7@contoso.com')).length);
      expect(byUser.every((x) => (x.object ?? '').toLowerCase().includes('user7@contoso.com'))).toBe(true);
      const byDn = parse((await runMain(['logs', 'cloud', '--since', '2h', '--user', 'cn=person number7,', '-o', 'csv'], { env: emu.env })).stdout, { columns: true }) as Array<Record<string, string>>;
      expect(byDn.map((x) => x.time)).toEqual(byUser.map((x) => x.time));
    });

    it('explains AttributeValueMustBeUnique by naming the object that holds the value', async () => {
      const r = await runMain(['logs', 'cloud', '--since', '2h', '--error-code', 'attributevaluemustbeunique', '-o', 'json'], { env: emu.env });
      expect(r.code).toBe(0);
      const rows = JSON.parse(r.stdout) as Array<Record<string, string>>;
      expect(rows.length).toBeGreaterThan(0);
      // a create that failed on a value: the holder is the cloud object that has it
      const creates = rows.filter((x) => x.action === 'create');
      expect(creates.length).toBeGreaterThan(0);
      for (const c of creates) expect(c.explanation).toMatch(/^(userPrincipalName|proxyAddresses|mail) \S+: held by (user|group) .*@contoso\.com/);
    });
  });
});

/**
 * Paging thousands of provisioning records with the emulator's reports throttle on (5 requests
 * per 10 s): cloudsync paces itself, so Graph never has to refuse a request and no 429 surfaces.
 */
describe('logs cloud: paging under the reports throttle', () => {
  let emu: TestEmulator;
  const RECORDS = 7000; // 7 pages of 1000: two more than one window allows

  beforeAll(async () => {
    const users = Array.from({ length: 200 }, (_, i) => ({
      userPrincipalName: `p${i}@contoso.com`,
      displayName: `Paged ${i}`,
      onPremisesImmutableId: Buffer.from(`pg-${String(i).padStart(13, '0')}`).toString('base64'),
    }));
    emu = await startTestEmulator({ domains: ['contoso.com'], seed: { defaultAdmin: false, users }, sync: { scheduler: false } });
    const r = await emu.request('/_emulator/provisioning/generate', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ count: RECORDS, cycles: 7, seed: 5 }) });
    expect(r.status).toBe(200);
  }, 60_000);

  afterAll(async () => {
    await emu?.close();
  });

  it('reads every page within the reports throttle: no 429, no early retry, all records named', async () => {
    const before = emu.stats();
    const t0 = Date.now();
    const r = await runMain(['logs', 'cloud', '--since', '1d', '-o', 'csv'], { env: emu.env });
    const seconds = (Date.now() - t0) / 1000;
    expect(r.stderr).not.toMatch(/error|429|throttled/i);
    expect(r.code).toBe(0);
    const rows = parse(r.stdout, { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(RECORDS);
    expect(rows.every((x) => /^Paged \d+ <p\d+@contoso\.com>$/.test(x.object ?? ""))).toBe(true);
    const after = emu.stats();
    expect(after.throttled - before.throttled).toBe(0);
    expect(after.earlyRetries - before.earlyRetries).toBe(0);
    // the 6th and 7th pages waited for the window: paced, not hammered
    expect(seconds).toBeGreaterThanOrEqual(10);
    expect(r.stderr).toMatch(/7 log request\(s\), \d+\.\d s paced for the reports throttle/);
  }, 60_000);
});

/**
 * `cloudsync logs export` in process with known secrets in the environment, files and a
 * journal: the zip holds journals, the redacted configuration, doctor, versions and the cloud
 * side, and no entry (raw or inflated) holds any secret.
 */
describe('logs export: a support bundle', () => {
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
    const r = await runMain(['logs', 'export', '--out', out, '--since', '7d'], {
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
    const r = await runMain(['logs', 'export', '--out', out], {
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
    const r = await runMain(['logs', 'export', '--out', join(dir, 'no-such-folder', 'x.zip')], { cwd: dir, env: { ...emu.env, CLOUDSYNC_STATE_DIR: join(dir, 'empty-state') } });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/no-such-folder.* does not exist/);
    const after = (await emu.request('/_emulator/stats')).json as { requests: number };
    expect(after.requests).toBe(before.requests + 1);
  });
});
