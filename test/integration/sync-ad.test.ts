/**
 * `cloudsync sync` against the Samba DC and the emulator, the CLI run as a subprocess: a first
 * sync, an idempotent re-run, attribute and membership changes, leaving the scope, the guards,
 * soft matching and the admin-role exclusion. The tests build on each other, in order.
 */
import { Attribute, Change } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { addGroup, addUser, adEnv, adminClient, withTestOu } from './ad-env.js';
import { runMain } from '../support/run-main.js';
import { stateDir, syncEnv, syncJson, tenantView } from './sync-support.js';

const env = adEnv();

async function setAttr(dn: string, type: string, values: string[]): Promise<void> {
  await (await adminClient()).modify(dn, new Change({ operation: 'replace', modification: new Attribute({ type, values }) }));
}

async function move(dn: string, newParent: string): Promise<string> {
  const rdn = dn.slice(0, dn.indexOf(',', 3));
  const to = `${rdn},${newParent}`;
  await (await adminClient()).modifyDN(dn, to);
  return to;
}

describe.skipIf(!env)('cloudsync sync: AD (Samba DC) → Entra (emulator)', () => {
  let ou: { dn: string; cleanup: () => Promise<void> };
  let outside: string;
  let emu: TestEmulator;
  let cli: Record<string, string>;
  const dn: Record<string, string> = {};
  const upn = (n: string) => `${n}@corp.example.com`;

  beforeAll(async () => {
    emu = await startTestEmulator({
      domains: ['corp.example.com'],
      throttle: { enabled: false },
      seed: {
        users: [
          { userPrincipalName: upn('soft.match'), displayName: 'Cloud-only Soft', mail: upn('soft.match') },
          { userPrincipalName: upn('the.admin'), displayName: 'Cloud Admin' },
        ],
        roleAssignments: [{ role: 'Global Administrator', principal: upn('the.admin') }],
      },
    });
    ou = await withTestOu('sync');
    outside = `OU=outside,${ou.dn}`;
    const scope = `OU=scope,${ou.dn}`;
    const c = await adminClient();
    await c.add(scope, { objectClass: ['top', 'organizationalUnit'] });
    await c.add(outside, { objectClass: ['top', 'organizationalUnit'] });
    dn.scope = scope;
    for (const n of ['anna', 'ben', 'carl', 'dora', 'emil']) {
      dn[n] = await addUser(scope, n, { userPrincipalName: upn(n), displayName: n.toUpperCase(), givenName: n, department: 'Sales' }, 'Passw0rd!Sync1');
    }
    dn.soft = await addUser(scope, 'soft', { userPrincipalName: upn('soft.match'), displayName: 'Soft Match' }, 'Passw0rd!Sync1');
    dn.admin = await addUser(scope, 'admin', { userPrincipalName: upn('the.admin'), displayName: 'On-prem Admin' }, 'Passw0rd!Sync1');
    dn.group = await addGroup(scope, 'Sales Team', [dn.anna!, dn.ben!], { groupType: '-2147483646' });
    cli = syncEnv(emu, stateDir());
  });
  afterAll(async () => {
    await ou?.cleanup();
    await emu?.close();
  });

  it('plans the first sync (exit 4, nothing written), then applies it', async () => {
    const before = emu.stats().writesAccepted;
    const plan = await syncJson(['--ou', dn.scope!], cli);
    expect(plan.code, plan.stderr).toBe(4);
    expect(emu.stats().writesAccepted).toBe(before);
    const ops = plan.json.plan.operations;
    expect(ops.filter((o) => o.action === 'create' && o.kind === 'user').map((o) => o.upn).sort()).toEqual(['anna', 'ben', 'carl', 'dora', 'emil'].map(upn));
    expect(ops.filter((o) => o.action === 'create' && o.kind === 'group').map((o) => o.displayName)).toEqual(['Sales Team']);
    expect(ops.filter((o) => o.action === 'add-member').map((o) => o.member?.upn).sort()).toEqual([upn('anna'), upn('ben')]);
    // Soft match adopts the cloud-only user; the admin-role holder is never matched.
    const adopt = ops.find((o) => o.action === 'adopt');
    expect(adopt).toMatchObject({ upn: upn('soft.match'), matchedOn: 'userPrincipalName' });
    expect(adopt?.changes?.find((c) => c.attribute === 'onPremisesImmutableId')?.old).toBeNull();
    expect(ops.some((o) => o.upn === upn('the.admin'))).toBe(false);
    expect(plan.json.plan.skipped.find((s) => s.upn === upn('the.admin') || s.dn === dn.admin)?.rule).toMatch(/admin-role-holder/);

    const r = await syncJson(['--ou', dn.scope!, '--apply'], cli);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.result?.outcome).toBe('success');
    const t = await tenantView(emu);
    expect(t.users[upn('anna')]).toMatchObject({ displayName: 'ANNA', department: 'Sales', accountEnabled: true });
    expect(typeof t.users[upn('anna')]?.immutableId).toBe('string');
    expect(t.users[upn('soft.match')]?.immutableId).toBe(adopt?.changes?.find((c) => c.attribute === 'onPremisesImmutableId')?.new);
    expect(t.users[upn('soft.match')]?.displayName).toBe('Soft Match');
    expect(t.users[upn('the.admin')]).toMatchObject({ displayName: 'Cloud Admin', immutableId: null });
    expect(t.groups['Sales Team']?.members).toEqual([upn('anna'), upn('ben')]);
  });

  it('a re-run has nothing to do (exit 0) and writes nothing', async () => {
    const before = emu.stats().writesAccepted;
    const r = await syncJson(['--ou', dn.scope!], cli);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.plan.operations).toEqual([]);
    const applied = await syncJson(['--ou', dn.scope!, '--apply'], cli);
    expect(applied.code, applied.stderr).toBe(0);
    expect(emu.stats().writesAccepted).toBe(before);
  });

  it('an attribute changed in AD is an update with old → new; the table shows it', async () => {
    await setAttr(dn.carl!, 'department', ['Engineering']);
    const table = await runMain(['sync', '--ou', dn.scope!], { env: cli });
    expect(table.code, table.stderr).toBe(4);
    expect(table.stdout).toContain('department: Sales → Engineering');
    expect(table.stdout).toMatch(/Plan: 1 update/);
    const r = await syncJson(['--ou', dn.scope!, '--apply'], cli);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.plan.operations).toMatchObject([{ action: 'update', upn: upn('carl'), changes: [{ attribute: 'department', old: 'Sales', new: 'Engineering' }] }]);
    expect((await tenantView(emu)).users[upn('carl')]?.department).toBe('Engineering');
  });

  it('group membership changes in AD become member adds and removes', async () => {
    await setAttr(dn.group!, 'member', [dn.ben!, dn.carl!]);
    const r = await syncJson(['--ou', dn.scope!, '--apply'], cli);
    expect(r.code, r.stderr).toBe(0);
    const ops = r.json.plan.operations.map((o) => `${o.action} ${o.member?.upn}`).sort();
    expect(ops).toEqual([`add-member ${upn('carl')}`, `remove-member ${upn('anna')}`]);
    expect((await tenantView(emu)).groups['Sales Team']?.members).toEqual([upn('ben'), upn('carl')]);
  });

  it('the delete threshold stops the run (exit 5) and nothing changes', async () => {
    dn.dora = await move(dn.dora!, outside);
    const before = emu.stats().writesAccepted;
    const r = await syncJson(['--ou', dn.scope!, '--apply', '--delete-threshold', '0'], cli);
    expect(r.code, r.stderr).toBe(5);
    expect(r.stderr).toMatch(/guard delete-threshold: .*--force-deletes/);
    expect(emu.stats().writesAccepted).toBe(before);
    expect((await tenantView(emu)).users[upn('dora')]?.accountEnabled).toBe(true);
  });

  it('moved out of scope → soft delete (restorable)', async () => {
    const r = await syncJson(['--ou', dn.scope!, '--apply'], cli);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.plan.operations).toMatchObject([{ action: 'delete', upn: upn('dora') }]);
    const t = await tenantView(emu);
    expect(t.users[upn('dora')]).toBeUndefined();
    expect(t.deletedUsers).toContain(upn('dora'));
  });

  it('back in scope → the soft-deleted user is restored, not created again', async () => {
    dn.dora = await move(dn.dora!, dn.scope!);
    const r = await syncJson(['--ou', dn.scope!, '--apply'], cli);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.plan.operations.map((o) => o.action)).toContain('restore');
    const t = await tenantView(emu);
    expect(t.users[upn('dora')]?.accountEnabled).toBe(true);
    expect(t.deletedUsers).not.toContain(upn('dora'));
    expect((await syncJson(['--ou', dn.scope!], cli)).code).toBe(0);
  });

  it('--on-delete disable disables instead', async () => {
    dn.emil = await move(dn.emil!, outside);
    const r = await syncJson(['--ou', dn.scope!, '--apply', '--on-delete', 'disable'], cli);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.plan.operations).toMatchObject([{ action: 'disable', upn: upn('emil') }]);
    expect((await tenantView(emu)).users[upn('emil')]?.accountEnabled).toBe(false);
  });

  it('an OU that now reads empty never deletes (exit 5, nothing written)', async () => {
    // A second scope whose only OU empties: the shrink guard holds the removals back.
    const small = `OU=small,${ou.dn}`;
    await (await adminClient()).add(small, { objectClass: ['top', 'organizationalUnit'] });
    const u1 = await addUser(small, 'fred', { userPrincipalName: upn('fred'), displayName: 'Fred' }, 'Passw0rd!Sync1');
    const u2 = await addUser(small, 'gina', { userPrincipalName: upn('gina'), displayName: 'Gina' }, 'Passw0rd!Sync1');
    expect((await syncJson(['--ou', small, '--apply'], cli)).code).toBe(0);
    await move(u1, outside);
    await move(u2, outside);
    const before = emu.stats().writesAccepted;
    const r = await syncJson(['--ou', small, '--apply'], cli);
    expect(r.code, r.stderr).toBe(5);
    expect(r.stderr).toMatch(/source-shrunk/);
    expect(r.json.plan.operations.filter((o) => o.action === 'delete')).toEqual([]);
    expect(emu.stats().writesAccepted).toBe(before);
    const t = await tenantView(emu);
    expect(t.users[upn('fred')]?.accountEnabled).toBe(true);
    expect(t.users[upn('gina')]?.accountEnabled).toBe(true);
  });

  it('a bad mapping expression in the config is exit 2 with the column', async () => {
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const cfg = join(mkdtempSync(join(tmpdir(), 'cs-cfg-')), 'prod.json');
    writeFileSync(cfg, JSON.stringify({ sync: { ou: [dn.scope], mapping: { user: { displayName: 'Join(" ", [givenName], [sn]' } } } }));
    const r = await runMain(['sync', '--config', cfg], { env: cli });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/mapping for displayName: .*column/);
  });

  it('the config file carries the scope and a mapping override: `sync --config prod.json --apply`', async () => {
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const cfg = join(mkdtempSync(join(tmpdir(), 'cs-cfg-')), 'prod.json');
    writeFileSync(cfg, JSON.stringify({ sync: { ou: [dn.scope], mapping: { user: { jobTitle: 'Join(" / ", [department], "staff")' } } } }));
    const r = await runMain(['sync', '--config', cfg, '--apply', '-o', 'json'], { env: cli });
    expect(r.code, r.stderr).toBe(0);
    const t = await tenantView(emu);
    expect(t.users[upn('carl')]?.jobTitle).toBe('Engineering / staff');
    expect(t.users[upn('anna')]?.jobTitle).toBe('Sales / staff');
  });
  it('--plan-out then --plan FILE --apply applies the reviewed plan; a stale plan is refused (exit 5)', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'cs-plan-'));
    await setAttr(dn.anna!, 'department', ['Support']);
    const planned = await runMain(['sync', '--ou', dn.scope!, '--plan-out', join(dir, 'plan.json')], { env: cli });
    expect(planned.code, planned.stderr).toBe(4);
    // AD changes after the review: the saved plan no longer describes it.
    await setAttr(dn.ben!, 'department', ['Support']);
    const before = emu.stats().writesAccepted;
    const stale = await runMain(['sync', '--ou', dn.scope!, '--plan', join(dir, 'plan.json'), '--apply'], { env: cli });
    expect(stale.code).toBe(5);
    expect(stale.stderr).toMatch(/guard plan-stale: .*changed/);
    expect(emu.stats().writesAccepted).toBe(before);

    const fresh = await runMain(['sync', '--ou', dn.scope!, '--plan-out', join(dir, 'plan2.json')], { env: cli });
    expect(fresh.code, fresh.stderr).toBe(4);
    const applied = await syncJson(['--ou', dn.scope!, '--plan', join(dir, 'plan2.json'), '--apply'], cli);
    expect(applied.code, applied.stderr).toBe(0);
    // (The previous test's jobTitle override is gone without its config, so jobTitle is cleared too.)
    const dept = applied.json.plan.operations.filter((o) => o.changes?.some((c) => c.attribute === 'department'));
    expect(dept.map((o) => o.upn).sort()).toEqual([upn('anna'), upn('ben')]);
    expect(applied.json.plan.operations.every((o) => o.result?.status === 'success')).toBe(true);
    expect((await tenantView(emu)).users[upn('ben')]?.department).toBe('Support');
  });
});
