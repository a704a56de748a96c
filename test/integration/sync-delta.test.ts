/**
 * `cloudsync sync --delta` against the Samba DC and the emulator: after a full apply, a delta run
 * picks up exactly an add, a modify, a delete and a move out of scope, reads only those objects,
 * and advances its watermark; a delta with no AD change plans nothing. The tests run in order.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Attribute, Change } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { addGroup, addUser, adEnv, adminClient, withTestOu } from './ad-env.js';
import { journalFiles, stateDir, syncEnv, syncJson, tenantView } from './sync-support.js';

const env = adEnv();

function runStarts(state: string): { mode?: string; watermark?: { usn: string } }[] {
  return journalFiles(state)
    .filter((f) => f.endsWith('.ndjson'))
    .sort()
    .map((f) => JSON.parse(readFileSync(f, 'utf8').split('\n')[0]!) as { mode?: string; watermark?: { usn: string } });
}

function savedState(state: string): { watermark?: { usn: string; invocationId: string } } {
  const f = join(dirname(dirname(journalFiles(state)[0]!)), 'state.json');
  return JSON.parse(readFileSync(f, 'utf8')) as { watermark?: { usn: string; invocationId: string } };
}

describe.skipIf(!env)('cloudsync sync --delta: AD (Samba DC) → Entra (emulator)', () => {
  let ou: { dn: string; cleanup: () => Promise<void> };
  let emu: TestEmulator;
  let cli: Record<string, string>;
  let state: string;
  const dn: Record<string, string> = {};
  const upn = (n: string) => `${n}@corp.example.com`;
  const users = ['ava', 'bob', 'cid', 'dee', 'eve', 'fay'];

  beforeAll(async () => {
    emu = await startTestEmulator({ domains: ['corp.example.com'], throttle: { enabled: false } });
    ou = await withTestOu('delta');
    const c = await adminClient();
    dn.scope = `OU=scope,${ou.dn}`;
    dn.outside = `OU=outside,${ou.dn}`;
    await c.add(dn.scope, { objectClass: ['top', 'organizationalUnit'] });
    await c.add(dn.outside, { objectClass: ['top', 'organizationalUnit'] });
    for (const n of users) dn[n] = await addUser(dn.scope, n, { userPrincipalName: upn(n), displayName: n.toUpperCase(), department: 'Sales' }, 'Passw0rd!Delta1');
    dn.group = await addGroup(dn.scope, 'Delta Team', [dn.ava!, dn.bob!], { groupType: '-2147483646' });
    state = stateDir();
    cli = syncEnv(emu, state);
  });
  afterAll(async () => {
    await ou?.cleanup();
    await emu?.close();
  });

  it('without a watermark, --delta says so and runs full; the apply records the watermark', async () => {
    const r = await syncJson(['--ou', dn.scope!, '--delta', '--apply'], cli);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/--delta: no watermark.*full run/);
    expect(r.json.plan.counts.create).toBe(users.length + 1);
    expect(runStarts(state).at(-1)?.mode).toBe('full');
    expect(savedState(state).watermark?.usn).toMatch(/^\d+$/);
  });

  it('a delta with no AD change reads nothing and plans nothing', async () => {
    const r = await syncJson(['--ou', dn.scope!, '--delta'], cli);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/read 0 changed object\(s\) since USN \d+/);
    expect(r.json.plan.operations).toEqual([]);
    expect(runStarts(state).at(-1)).toMatchObject({ mode: 'delta', watermark: { usn: savedState(state).watermark!.usn } });
  });

  it('a delta apply makes exactly the AD changes: add, modify, delete, move out; a plan-only run does not move the watermark', async () => {
    const c = await adminClient();
    dn.gil = await addUser(dn.scope!, 'gil', { userPrincipalName: upn('gil'), displayName: 'GIL', department: 'Sales' }, 'Passw0rd!Delta1');
    await c.modify(dn.bob!, new Change({ operation: 'replace', modification: new Attribute({ type: 'department', values: ['Engineering'] }) }));
    await c.del(dn.cid!);
    await c.modifyDN(dn.dee!, `CN=dee,${dn.outside}`);

    const before = savedState(state).watermark!.usn;
    const plan = await syncJson(['--ou', dn.scope!, '--delta'], cli);
    expect(plan.code, plan.stderr).toBe(4);
    expect(savedState(state).watermark?.usn).toBe(before);

    const r = await syncJson(['--ou', dn.scope!, '--delta', '--apply'], cli);
    expect(r.code, r.stderr).toBe(0);
    // gil and bob in scope, dee moved out, cid's tombstone: four objects read.
    expect(r.stderr).toMatch(/read 4 changed object\(s\)/);
    const ops = r.json.plan.operations.map((o) => `${o.action} ${o.upn}`).sort();
    expect(ops).toEqual([`create ${upn('gil')}`, `delete ${upn('cid')}`, `delete ${upn('dee')}`, `update ${upn('bob')}`]);
    expect(r.json.plan.operations.find((o) => o.action === 'update')?.changes).toEqual([{ attribute: 'department', old: 'Sales', new: 'Engineering' }]);
    expect(r.json.plan.guards).toEqual([]);
    expect(r.json.result?.outcome).toBe('success');
    const t = await tenantView(emu);
    expect(t.users[upn('gil')]).toMatchObject({ displayName: 'GIL' });
    expect(t.users[upn('bob')]?.department).toBe('Engineering');
    expect(t.users[upn('cid')]).toBeUndefined();
    expect(t.users[upn('dee')]).toBeUndefined();
    // Unchanged objects were not read, and not treated as gone.
    for (const n of ['ava', 'eve', 'fay']) expect(t.users[upn(n)]).toBeDefined();
    expect(t.groups['Delta Team']?.members).toEqual([upn('ava'), upn('bob')]);
    expect(BigInt(savedState(state).watermark!.usn)).toBeGreaterThan(BigInt(before));
  });

  it('a changed group gets member adds and removes against unchanged members', async () => {
    const c = await adminClient();
    await c.modify(dn.group!, new Change({ operation: 'replace', modification: new Attribute({ type: 'member', values: [dn.bob!, dn.eve!] }) }));
    const r = await syncJson(['--ou', dn.scope!, '--delta', '--apply'], cli);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/read 1 changed object\(s\)/);
    expect(r.json.plan.operations.map((o) => `${o.action} ${o.member?.upn}`).sort()).toEqual([`add-member ${upn('eve')}`, `remove-member ${upn('ava')}`]);
    expect((await tenantView(emu)).groups['Delta Team']?.members).toEqual([upn('bob'), upn('eve')]);
  });

  it('after the delta runs, a full run has nothing left to reconcile', async () => {
    const r = await syncJson(['--ou', dn.scope!], cli);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.plan.operations).toEqual([]);
    const again = await syncJson(['--ou', dn.scope!, '--delta'], cli);
    expect(again.code, again.stderr).toBe(0);
    expect(again.json.plan.operations).toEqual([]);
  });
});
