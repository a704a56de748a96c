/**
 * `cloudsync job provision` under provisionOnDemand's limit (5 requests per 10 s; the emulator's
 * window is divided by its throttle scale) and against a configuration whose source is the
 * test DC: a user and a group with members pushed through the service, the type read from AD.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { addGroup, addUser, adEnv, cliLdapEnv, withTestOu } from './ad-env.js';
import { REPO, runCli } from './cli.js';

const LDIF = join(REPO, 'examples/contoso.ldif');
const SALES = ['Adele Vance', 'Alex Wilber', 'Lidia Holloway', 'Lynne Robbins', 'Megan Bowen', 'Patti Fernandez'].map((cn) => `CN=${cn},OU=Sales,DC=contoso,DC=com`);
const ENGINEERING = ['Diego Siciliani', 'Grady Archie', 'Henrietta Mueller', 'Miriam Graham', 'Nestor Wilke'].map((cn) => `CN=${cn},OU=Engineering,DC=contoso,DC=com`);

interface Stats {
  throttled: number;
  byStatus: Record<string, number>;
  writes: Array<{ method: string; path: string; status: number; at: number }>;
}

describe('cloudsync job provision, throttled', () => {
  let emu: TestEmulator;
  const stats = async (): Promise<Stats> => (await emu.request('/_emulator/stats')).json as Stats;

  beforeAll(async () => {
    // Scale 5: the on-demand window is 2 s instead of 10 s, the bucket still 5 requests.
    emu = await startTestEmulator({ domains: ['contoso.com'], throttle: { enabled: true, scale: 5 }, sync: { scheduler: false, source: LDIF } });
  });
  afterAll(async () => {
    await emu?.close();
  });

  it('several DNs in one call: the client-side limiter keeps under the limit, no 429 at all', async () => {
    const before = await stats();
    const started = Date.now();
    const r = await runCli(['job', 'provision', ...SALES, '--type', 'user', '-o', 'json'], { env: emu.env });
    const elapsed = Date.now() - started;
    expect(r.code, r.stderr).toBe(0);
    const results = JSON.parse(r.stdout) as Array<{ dn: string; result: string }>;
    expect(results.map((x) => x.dn)).toEqual(SALES);
    // Success, or Skipped with the reason (the example's planted problems): never a failure.
    for (const x of results) expect(['Success', 'Skipped']).toContain(x.result);
    expect((await stats()).byStatus['429'] ?? 0).toBe(before.byStatus['429'] ?? 0);
    // The 6th request waited for the first one's 10-s window (client side, Graph's real limit).
    expect(elapsed).toBeGreaterThanOrEqual(10_000);
  });
});

describe('cloudsync job provision, throttled by the service', () => {
  let emu: TestEmulator;
  const stats = async (): Promise<Stats> => (await emu.request('/_emulator/stats')).json as Stats;

  beforeAll(async () => {
    // Graph's own limit: 5 requests per 10 s.
    emu = await startTestEmulator({ domains: ['contoso.com'], throttle: { enabled: true }, sync: { scheduler: false, source: LDIF } });
  });
  afterAll(async () => {
    await emu?.close();
  });

  it('quick calls from separate processes: the service answers 429, Retry-After is honoured, none fails', async () => {
    const before = await stats();
    const runs = await Promise.all(ENGINEERING.concat(SALES.slice(0, 2)).map((dn) => runCli(['job', 'provision', dn, '--type', 'user', '-o', 'json'], { env: emu.env })));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const after = await stats();
    // The service's provisionOnDemand limit answered 429 (its own counter: not the Graph throttle's).
    expect(after.byStatus['429'] ?? 0).toBeGreaterThan(before.byStatus['429'] ?? 0);
    // Honoured: the bucket holds 5 and refills one every 2 s, so the 6th accepted call came at least ~2 s after the 1st.
    const accepted = after.writes.filter((w) => w.path.endsWith('/provisionOnDemand') && w.status === 200).map((w) => w.at).sort((a, b) => a - b);
    expect(accepted).toHaveLength(7);
    expect(accepted[5]! - accepted[0]!).toBeGreaterThanOrEqual(1500);
  });
});

const ad = adEnv();

describe.skipIf(!ad)('cloudsync job provision from the test DC', () => {
  let emu: TestEmulator;
  let ou: { dn: string; cleanup: () => Promise<void> };
  const dn: Record<string, string> = {};
  const suffix = Math.random().toString(36).slice(2, 8);

  beforeAll(async () => {
    ou = await withTestOu('jobprov');
    dn.user = await addUser(ou.dn, `Pia Provision ${suffix}`, { userPrincipalName: `pia.${suffix}@corp.example.com`, displayName: `Pia Provision ${suffix}` }, 'Passw0rd!Sync1');
    dn.member = await addUser(ou.dn, `Max Member ${suffix}`, { userPrincipalName: `max.${suffix}@corp.example.com`, displayName: `Max Member ${suffix}` }, 'Passw0rd!Sync1');
    dn.group = await addGroup(ou.dn, `Pilot ${suffix}`, [dn.member]);
    emu = await startTestEmulator({
      domains: ['corp.example.com'],
      throttle: { enabled: false },
      sync: { scheduler: false, env: { JOB_TEST_AD_PASSWORD: ad!.password } },
      seed: {
        cloudSync: {
          configurations: [
            {
              domain: 'corp.example.com',
              scope: { ous: [ou.dn] },
              source: { ldap: { urls: [ad!.url], bindDn: ad!.bindDn, passwordEnv: 'JOB_TEST_AD_PASSWORD', baseDn: ad!.baseDn, ...(ad!.caFile ? { caFile: ad!.caFile } : {}) } },
            },
          ],
        },
      },
    });
  });
  afterAll(async () => {
    await ou?.cleanup();
    await emu?.close();
  });

  it('a user: its type read from AD, created by the service, shown step by step', async () => {
    const r = await runCli(['job', 'provision', dn.user!], { env: { ...emu.env, ...cliLdapEnv() } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/1\. Import user\s+Success/);
    expect(r.stdout).toMatch(/2\. Determine if user is in scope\s+Success/);
    expect(r.stdout).toContain(`pia.${suffix}@corp.example.com`);
    const token = await emu.token();
    const users = (await emu.request(`/v1.0/users?$filter=${encodeURIComponent(`userPrincipalName eq 'pia.${suffix}@corp.example.com'`)}`, { headers: { authorization: `Bearer ${token}` } })).json as { value: unknown[] };
    expect(users.value).toHaveLength(1);
  });

  it('a group with a member: the type is group, the answer parsed', async () => {
    const r = await runCli(['job', 'provision', dn.group!, '--member', dn.member!, '-o', 'json'], { env: { ...emu.env, ...cliLdapEnv() } });
    expect(r.code, r.stderr).toBe(0);
    const res = JSON.parse(r.stdout) as { result: string; provisioningSteps: Array<{ type: string }>; sourceIdentity: { type: string } };
    expect(['Success', 'Skipped']).toContain(res.result);
    expect(res.provisioningSteps.length).toBeGreaterThan(0);
    const text = await runCli(['job', 'provision', dn.group!, '--member', dn.member!], { env: { ...emu.env, ...cliLdapEnv() } });
    expect(text.stdout).toMatch(/1\. Import group/);
  });
});
