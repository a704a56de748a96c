/**
 * `cloudsync logs cloud` against the emulator's provisioning log (records from its generator:
 * GUID-only, like Entra's), as a subprocess: names for every id, filters, cycle summaries,
 * uniqueness conflicts named, CSV, and paging thousands of records under the reports throttle.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { runCli } from './cli.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';

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
    const r = await runCli(['logs', 'cloud', '--since', '2h', '--job', 'contoso.com'], { env: emu.env });
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(GUID);
    const summaries = r.stdout.split('\n').filter((l) => l.startsWith('cycle '));
    expect(summaries).toHaveLength(4);
    for (const s of summaries) expect(s).toMatch(/^cycle (\d{4}-\d{2}-\d{2} )?\d{2}:\d{2}:\d{2} contoso\.com\/AD2AADProvisioning: \d+ (created|updated)/);
    // Local times, the UTC offset said once at the end.
    expect(r.stdout.trimEnd().split('\n').at(-1)).toMatch(/^\(times are local, UTC[+-]\d\d:\d\d\)$/);
    // --limit 0 is every record, as for `logs --limit 0`.
    const all = await runCli(['logs', 'cloud', '--since', '2h', '--job', 'contoso.com', '--limit', '0'], { env: emu.env });
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout).toBe(r.stdout);
    expect(r.stdout).toMatch(/Person Number\d+ <user\d+@contoso\.com>/);
    expect(r.stdout).toContain('cloudsync test-user "CN=Person Number');
    const withIds = await runCli(['logs', 'cloud', '--since', '2h', '--job', jobId, '--ids', '--limit', '20'], { env: emu.env });
    expect(withIds.stdout).toMatch(GUID);
  });

  it('CSV: one flat row per record with names; server filters (--status, --action) and client filters (--user, any case)', async () => {
    const all = await runCli(['logs', 'cloud', '--since', '2h', '-o', 'csv'], { env: emu.env });
    expect(all.code).toBe(0);
    const rows = parse(all.stdout, { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(450);
    for (const row of rows) {
      expect(row.object).not.toMatch(GUID);
      expect(row.object).not.toBe('');
    }
    expect(new Set(rows.map((x) => x.job))).toEqual(new Set(['contoso.com/AD2AADProvisioning']));

    const failures = parse((await runCli(['logs', 'cloud', '--since', '2h', '--status', 'failure', '-o', 'csv'], { env: emu.env })).stdout, { columns: true }) as Array<Record<string, string>>;
    expect(failures.length).toBe(rows.filter((x) => x.status === 'failure').length);
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.every((x) => x.status === 'failure' && x.errorCode !== '')).toBe(true);
    // Graph's own message travels with the record; its request id only with --ids.
    expect(failures.some((x) => x.additionalDetails !== '')).toBe(true);
    for (const f of failures) expect(f.additionalDetails).not.toMatch(GUID);

    const creates = parse((await runCli(['logs', 'cloud', '--since', '2h', '--action', 'create', '-o', 'csv'], { env: emu.env })).stdout, { columns: true }) as Array<Record<string, string>>;
    expect(creates.length).toBe(rows.filter((x) => x.action === 'create').length);

    const target = rows.find((x) => /user7@/.test(x.userPrincipalName ?? ''))!;
    expect(target).toBeDefined();
    const byUser = parse((await runCli(['logs', 'cloud', '--since', '2h', '--user', 'USER7@CONTOSO.COM', '-o', 'csv'], { env: emu.env })).stdout, { columns: true }) as Array<Record<string, string>>;
    expect(byUser.length).toBe(rows.filter((x) => (x.object ?? '').toLowerCase().includes('user7@contoso.com') || (x.sourceDn ?? '').toLowerCase().includes('user7@contoso.com')).length);
    expect(byUser.every((x) => (x.object ?? '').toLowerCase().includes('user7@contoso.com'))).toBe(true);
    const byDn = parse((await runCli(['logs', 'cloud', '--since', '2h', '--user', 'cn=person number7,', '-o', 'csv'], { env: emu.env })).stdout, { columns: true }) as Array<Record<string, string>>;
    expect(byDn.map((x) => x.time)).toEqual(byUser.map((x) => x.time));
  });

  it('explains AttributeValueMustBeUnique by naming the object that holds the value', async () => {
    const r = await runCli(['logs', 'cloud', '--since', '2h', '--error-code', 'attributevaluemustbeunique', '-o', 'json'], { env: emu.env });
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<Record<string, string>>;
    expect(rows.length).toBeGreaterThan(0);
    // a create that failed on a value: the holder is the cloud object that has it
    const creates = rows.filter((x) => x.action === 'create');
    expect(creates.length).toBeGreaterThan(0);
    for (const c of creates) expect(c.explanation).toMatch(/^(userPrincipalName|proxyAddresses|mail) \S+: held by (user|group) .*@contoso\.com/);
  });
});
