/**
 * Paging thousands of provisioning records with the emulator's reports throttle on (5 requests
 * per 10 s): cloudsync paces itself, so Graph never has to refuse a request and no 429 surfaces.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { runCli } from './cli.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';

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
  const r = await runCli(['logs', 'cloud', '--since', '1d', '-o', 'csv'], { env: emu.env });
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
