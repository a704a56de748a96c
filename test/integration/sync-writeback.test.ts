import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { addUser, adEnv, adminClient, withTestOu } from './ad-env.js';
import { runMain } from '../support/run-main.js';
import { stateDir, syncEnv } from './sync-support.js';

const env = adEnv();

async function guids(dn: string): Promise<{ objectGUID?: Buffer; consistency?: Buffer }> {
  const c = await adminClient();
  const { searchEntries } = await c.search(dn, { scope: 'base', attributes: ['objectGUID', 'mS-DS-ConsistencyGuid'], explicitBufferAttributes: ['objectGUID', 'mS-DS-ConsistencyGuid'] });
  const e: Record<string, unknown> = searchEntries[0] ?? {};
  const one = (v: unknown) => (Array.isArray(v) ? (v[0] as Buffer | undefined) : (v as Buffer | undefined));
  return { objectGUID: one(e.objectGUID), consistency: one(e['mS-DS-ConsistencyGuid']) };
}

describe.skipIf(!env)('sync with sync.writeConsistencyGuid (Samba DC + emulator)', () => {
  let ou: { dn: string; cleanup: () => Promise<void> };
  let emu: TestEmulator;
  let userDn: string;

  beforeAll(async () => {
    emu = await startTestEmulator({ domains: ['corp.example.com'] });
    ou = await withTestOu('writeback');
    userDn = await addUser(ou.dn, 'Anchor User', { displayName: 'Anchor User', userPrincipalName: 'anchor.user@corp.example.com', mailNickname: 'anchor.user' });
  });
  afterAll(async () => {
    await ou?.cleanup();
    await emu?.close();
  });

  it('writes objectGUID into an empty mS-DS-ConsistencyGuid only with --apply, and the anchor stays the same', async () => {
    const cfg = join(mkdtempSync(join(tmpdir(), 'cs-wb-')), 'prod.json');
    writeFileSync(cfg, JSON.stringify({ sync: { ou: [ou.dn], writeConsistencyGuid: true } }));
    const state = stateDir();
    const planOnly = await runMain(['sync', '--config', cfg], { env: syncEnv(emu, state) });
    expect(planOnly.code, planOnly.stderr).toBe(4);
    expect((await guids(userDn)).consistency).toBeUndefined();

    const r = await runMain(['sync', '--config', cfg, '--apply'], { env: syncEnv(emu, state) });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/mS-DS-ConsistencyGuid written back on 1 object/);
    const g = await guids(userDn);
    expect(g.consistency?.equals(g.objectGUID!)).toBe(true);

    // The anchor did not change: the next run has nothing to do.
    const again = await runMain(['sync', '--config', cfg, '--apply', '-o', 'json'], { env: syncEnv(emu, state) });
    expect(again.code, again.stderr).toBe(0);
    expect((JSON.parse(again.stdout) as { plan: { operations: unknown[] } }).plan.operations).toEqual([]);
  });
});
