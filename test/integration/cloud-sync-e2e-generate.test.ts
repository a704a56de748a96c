/**
 * The provisioning-log generator writes about the configured cloud sync jobs: without a jobId,
 * the first configuration's provisioning job and its service principal, so job discovery
 * (`cloudsync logs cloud --job <domain>`) finds the records; a jobId picks that job.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ProvisioningObjectSummary } from '../../src/sync/explain/provisioning-summary.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { runMain } from '../support/run-main.js';

let emu: TestEmulator;
let token: string;
const configs: Array<{ domain: string; spId: string; jobId: string }> = [];

async function generate(body: Record<string, unknown>): Promise<{ added: number; jobIds: string[]; cycleIds: string[] }> {
  const r = await emu.request('/_emulator/provisioning/generate', { method: 'POST', body: JSON.stringify(body) });
  expect(r.status, r.text).toBe(200);
  return r.json;
}

async function records(cycleIds: readonly string[]): Promise<ProvisioningObjectSummary[]> {
  const filter = cycleIds.map((c) => `cycleId eq '${c}'`).join(' or ');
  const r = await emu.request(`/beta/auditLogs/provisioning?$filter=${encodeURIComponent(filter)}`, { headers: { authorization: `Bearer ${token}` } });
  expect(r.status, r.text).toBe(200);
  return r.json.value;
}

beforeAll(async () => {
  const users = Array.from({ length: 12 }, (_, i) => ({ userPrincipalName: `gen${i}@fabrikam.com`, displayName: `Generated ${i}` }));
  emu = await startTestEmulator({
    domains: ['fabrikam.com', 'contoso.com'],
    throttle: { scale: 20 },
    seed: { defaultAdmin: false, users, cloudSync: { configurations: [{ domain: 'fabrikam.com', passwordHashSync: true }, { domain: 'contoso.com' }] } },
    sync: { scheduler: false },
  });
  token = await emu.token();
  for (const c of emu.state.syncService.configurations) {
    configs.push({ domain: c.domain, spId: c.servicePrincipalId, jobId: c.jobs.find((j) => j.templateId === 'AD2AADProvisioning')!.id });
  }
});

afterAll(async () => {
  await emu?.close();
});

it('without a jobId, records are about the first configuration\'s provisioning job and service principal', async () => {
  const first = configs[0]!;
  expect(first.domain).toBe('fabrikam.com');
  const g = await generate({ count: 40, cycles: 2, seed: 3 });
  expect(g.jobIds).toEqual([first.jobId]);
  const recs = await records(g.cycleIds);
  expect(recs).toHaveLength(40);
  for (const r of recs) expect(r.servicePrincipal).toEqual({ id: first.spId, displayName: 'fabrikam.com' });

  // Discovery finds them by the configuration's domain.
  const out = await runMain(['logs', 'cloud', '--since', '1h', '--job', 'fabrikam.com', '-o', 'csv'], { env: emu.env });
  expect(out.code, out.stderr).toBe(0);
  const rows = parse(out.stdout, { columns: true }) as Array<Record<string, string>>;
  expect(rows).toHaveLength(40);
  expect(new Set(rows.map((x) => x.job))).toEqual(new Set(['fabrikam.com/AD2AADProvisioning']));
});

it('a jobId picks that configured job (any case) with its own service principal; an unknown one stays as given', async () => {
  const second = configs[1]!;
  const g = await generate({ count: 10, cycles: 1, seed: 4, jobId: second.jobId.toUpperCase() });
  expect(g.jobIds).toEqual([second.jobId]);
  for (const r of await records(g.cycleIds)) expect(r.servicePrincipal.id).toBe(second.spId);

  const unknown = 'AD2AADProvisioning.00000000000000000000000000000000.00000000-0000-0000-0000-000000000001';
  const u = await generate({ count: 5, cycles: 1, seed: 5, jobId: unknown });
  expect(u.jobIds).toEqual([unknown]);
  const spIds = new Set(configs.map((c) => c.spId));
  for (const r of await records(u.cycleIds)) expect(spIds.has(r.servicePrincipal.id)).toBe(false);
});
