/**
 * Ownership recorded in Entra (docs/state.md), the reproduction of the issue in process: with the
 * ownership extensions set up (`cloudsync setup`; directory extensions as
 * microsoft-graph-docs-contrib api-reference/v1.0/resources/extensionproperty.md describes them), a
 * run from a fresh state directory plans what a run with state plans — no second copy of the groups
 * — and deletes a user that left the source; a second configuration on the same tenant deletes
 * nothing of the first's. Without the extensions a run says so once and behaves as before.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../../../../test/support/emulator.js';
import { runMain } from '../../../../test/support/run-main.js';

interface SyncJson {
  plan: { counts: Record<string, number>; operations: Array<{ action: string; kind: string; dn?: string; upn?: string; displayName?: string; cloudId?: string }>; skipped: Array<{ rule: string; dn?: string }> };
}

const opKey = (o: SyncJson['plan']['operations'][number]): string => `${o.action} ${o.kind} ${o.dn ?? o.upn ?? o.displayName ?? o.cloudId}`;

describe('sync: ownership recorded in Entra', () => {
  let emu: TestEmulator;
  let dir: string;
  beforeEach(async () => {
    emu = await startTestEmulator({ domains: ['contoso.com'] });
    dir = mkdtempSync(join(tmpdir(), 'cloudsync-ownership-'));
  });
  afterEach(async () => {
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const sync = async (state: string, args: string[], apply = true) => {
    const r = await runMain(['sync', ...args, ...(apply ? ['--apply'] : []), '-o', 'json'], { env: { ...emu.env, CLOUDSYNC_STATE_DIR: join(dir, state) } });
    return { ...r, json: JSON.parse(r.stdout) as SyncJson };
  };
  const groupsNamed = (name: string) => [...emu.state.dir.iterate('group')].filter((g) => g.props.displayName === name).length;
  const liveUser = (upn: string) => emu.state.dir.findUser(upn) !== undefined;
  const ALL = ['--from', 'examples/contoso.ldif', '--all'];

  it('fresh state directories: no duplicate groups, the same plan as with state, a removed user deleted; another configuration deletes nothing of it', async () => {
    expect((await runMain(['setup', '--yes'], { env: emu.env })).code).toBe(0);
    // contoso.ldif holds three users Graph refuses (exit 3): each run plans them again.
    const a = await sync('a', ALL);
    expect(a.json.plan.counts.create).toBeGreaterThan(0);
    expect(groupsNamed('Engineering')).toBe(1);
    expect(groupsNamed('Sales Team')).toBe(1);

    const again = await sync('a', ALL, false);
    const b = await sync('b', ALL);
    expect(b.json.plan.operations.map(opKey).sort()).toEqual(again.json.plan.operations.map(opKey).sort());
    expect(b.json.plan.operations.filter((o) => o.kind === 'group')).toEqual([]);
    expect(groupsNamed('Engineering')).toBe(1);
    expect(groupsNamed('Sales Team')).toBe(1);
    expect(b.stderr).not.toMatch(/cloudsync setup/);
    // test-user from yet another empty state: the group is found by its anchor, nothing to create.
    const one = await runMain(['test-user', 'CN=Engineering,OU=Groups,DC=contoso,DC=com', '--from', 'examples/contoso.ldif', '--all', '--apply'], { env: { ...emu.env, CLOUDSYNC_STATE_DIR: join(dir, 'one') } });
    expect(one.code, one.stderr).toBe(0);
    expect(groupsNamed('Engineering')).toBe(1);

    // Megan Bowen leaves the source; a third machine with an empty state deletes her.
    expect(liveUser('meganb@contoso.com')).toBe(true);
    const ldif = readFileSync('examples/contoso.ldif', 'utf8').split(/\r\n\r\n/).filter((e) => !e.includes('userPrincipalName: meganb@contoso.com')).join('\r\n\r\n');
    const without = join(dir, 'without-megan.ldif');
    writeFileSync(without, ldif);
    const c = await sync('c', ['--from', without, '--all']);
    expect(c.json.plan.operations.filter((o) => o.action === 'delete').map((o) => o.upn)).toEqual(['meganb@contoso.com']);
    expect(liveUser('meganb@contoso.com')).toBe(false);

    // Another configuration (the Sales OU only) on the same tenant: every Sales user carries the
    // first configuration's marker, so it is left alone, and nothing of the first's is removed.
    const users = emu.state.dir.count('user');
    const d = await sync('d', ['--from', 'examples/contoso.ldif', '--ou', 'OU=Sales,DC=contoso,DC=com']);
    expect(d.json.plan.operations.filter((o) => ['delete', 'disable', 'remove-member', 'update', 'adopt'].includes(o.action))).toEqual([]);
    expect(d.json.plan.skipped.filter((s) => s.rule === 'owned-by-another-configuration').length).toBeGreaterThan(0);
    expect(emu.state.dir.count('user')).toBe(users);
    // And the first configuration, from yet another empty state, still plans no removal and no group.
    const e = await sync('e', ['--from', without, '--all'], false);
    expect(e.json.plan.operations.filter((o) => o.action === 'delete' || o.kind === 'group')).toEqual([]);
  });

  it('upgrade: the first apply with the extensions stamps what the local state manages', async () => {
    const before = await sync('a', ALL);
    expect(before.stderr).toMatch(/ownership is kept only in this machine's state \(0 object\(s\) managed\).*run cloudsync setup/);
    expect(before.stderr.match(/cloudsync setup/g)).toHaveLength(1);
    expect((await runMain(['setup', '--yes'], { env: emu.env })).code).toBe(0);
    const stamp = await sync('a', ALL);
    expect(stamp.json.plan.counts.update).toBeGreaterThan(0);
    const withState = await sync('a', ALL, false);
    const fresh = await sync('b', ALL, false);
    expect(fresh.json.plan.operations.filter((o) => o.kind === 'group')).toEqual([]);
    expect(fresh.json.plan.operations.map(opKey).sort()).toEqual(withState.json.plan.operations.map(opKey).sort());
  });
});
