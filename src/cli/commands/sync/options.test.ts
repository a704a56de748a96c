import { describe, expect, it } from 'vitest';
import type { Config } from '../../../config/schema.js';
import { CloudsyncError } from '../../../errors.js';
import type { Context } from '../../context.js';
import { planScope, syncOptions, type SyncFlags } from './options.js';

const ctx = (config: Config = {}, tty = false): Context =>
  ({ config, format: 'table', io: { env: {}, cwd: '/', stdinIsTty: tty, stderrIsTty: tty } }) as unknown as Context;
const OU = 'OU=Staff,DC=contoso,DC=com';
const GROUP = 'CN=Sync,OU=Groups,DC=contoso,DC=com';

describe('sync options', () => {
  it('take the scope from the flags, else from the config section; a scope flag replaces the whole configured scope', async () => {
    const cfg = { sync: { ou: [OU], filter: '(department=Sales)' } };
    expect((await syncOptions(ctx(cfg), {})).scope).toEqual({ ous: [OU], filter: '(department=Sales)' });
    expect((await syncOptions(ctx(cfg), { group: [GROUP], baseDn: 'DC=contoso,DC=com' })).scope).toEqual({ baseDn: 'DC=contoso,DC=com', groups: [GROUP], filter: '(department=Sales)' });
    expect((await syncOptions(ctx(cfg), { all: true, filter: '(cn=a*)' })).scope).toEqual({ filter: '(cn=a*)' });
  });

  it('build the plan options: flags over the config, the library defaults left to the library', async () => {
    const cfg = { sync: { all: true, onDelete: 'disable' as const, deleteThreshold: 20, softMatch: false, groupNameMatch: true, shrinkRatio: 0.25, protected: ['admin@contoso.com'] } };
    expect((await syncOptions(ctx(cfg), {})).planOptions).toEqual({
      softMatch: false,
      matchGroupsByName: true,
      onDelete: 'disable',
      deleteThreshold: 20,
      shrinkRatio: 0.25,
      protected: ['admin@contoso.com'],
    });
    const flags: SyncFlags = { onDelete: 'delete', deleteThreshold: '10%', forceDeletes: true, softMatch: true, matchGroupsByName: true };
    expect((await syncOptions(ctx(cfg), flags)).planOptions).toMatchObject({ softMatch: false, onDelete: 'delete', deleteThreshold: '10%', forceDeletes: true });
    expect((await syncOptions(ctx(), { all: true, softMatch: false })).planOptions).toEqual({ softMatch: false });
    expect((await syncOptions(ctx(), { all: true, softMatch: true })).planOptions).toEqual({});
  });

  it('pass the removals guard of the config section to the planner (a share and a minimum, or off)', async () => {
    expect((await syncOptions(ctx({ sync: { all: true, removalGuard: { share: 0.1, minimum: 3 } } }), {})).planOptions).toEqual({ removalGuard: { share: 0.1, minimum: 3 } });
    expect((await syncOptions(ctx({ sync: { all: true, removalGuard: false } }), {})).planOptions).toEqual({ removalGuard: false });
  });

  it('read the run flags: --delta from the config unless a plan file is involved, the prompt only on a terminal without --apply', async () => {
    const o = await syncOptions(ctx({ sync: { all: true, delta: true } }, true), {});
    expect(o).toMatchObject({ apply: false, delta: true, interactive: true, forcePasswordChange: true, writeConsistencyGuid: false });
    expect((await syncOptions(ctx({ sync: { all: true } }, true), { apply: true })).interactive).toBe(false);
    expect(await syncOptions(ctx({ sync: { all: true, forcePasswordChange: false, writeConsistencyGuid: true } }), { planOut: 'p.json' })).toMatchObject({
      planOut: 'p.json',
      delta: false,
      interactive: false,
      forcePasswordChange: false,
      writeConsistencyGuid: true,
    });
  });

  it('compile the configured mapping once', async () => {
    const o = await syncOptions(ctx({ sync: { all: true, mapping: { user: { department: 'Trim([company])' } } } }), {});
    expect(o.mapping.user.entries.some((m) => m.target === 'department')).toBe(true);
    const e = await syncOptions(ctx({ sync: { all: true, mapping: { user: { displayName: 'Join(" ", [givenName]' } } } }), {}).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CloudsyncError);
    expect((e as CloudsyncError).kind).toBe('config');
    expect((e as CloudsyncError).message).toMatch(/^mapping for displayName: expression Join\(" ", \[givenName\]: column 5: /);
    expect((e as CloudsyncError).detail).toBe('Join(" ", [givenName]\n    ^');
  });

  it.each<[SyncFlags, string | RegExp]>([
    [{ all: true, plan: 'a.json', planOut: 'b.json' }, '--plan and --plan-out cannot be used together: --plan applies a saved plan, --plan-out saves a new one'],
    [{ all: true, ou: [OU] }, '--all cannot be combined with --ou or --group: choose one scope'],
    [{}, 'no sync scope: give --ou DN (repeatable), --group DN (repeatable) or --all, or set sync.ou / sync.group / sync.all in the config file'],
    [{ all: true, filter: '(cn=a' }, /^invalid LDAP filter "\(cn=a"/],
    [{ ou: ['not a dn'] }, /^invalid DN "not a dn"/],
    [{ all: true, onDelete: 'nuke' }, '--on-delete expects delete or disable, got "nuke"'],
    [{ all: true, deleteThreshold: 'lots' }, 'invalid delete threshold "lots": give a number of objects (500) or a percentage of the managed objects (10%)'],
    [{ all: true, delta: true, planOut: 'p.json' }, '--delta cannot be used with --plan or --plan-out: a saved plan is checked against a full read; drop --delta'],
  ])('refuse %o before anything runs', async (flags, message) => {
    const e = await syncOptions(ctx(), flags).catch((x: unknown) => x);
    expect((e as CloudsyncError).kind).toBe('usage');
    expect((e as CloudsyncError).message).toMatch(message);
  });

  it('report the first problem in the order the checks always ran', async () => {
    const bad = { sync: { mapping: { user: { displayName: 'Join(' } } } };
    await expect(syncOptions(ctx(bad), { plan: 'a', planOut: 'b', all: true, onDelete: 'x' })).rejects.toThrow(/^--plan and --plan-out/);
    await expect(syncOptions(ctx(bad), { ou: ['nodn'], onDelete: 'x' })).rejects.toThrow(/^invalid DN/);
    await expect(syncOptions(ctx(bad), { all: true, onDelete: 'x' })).rejects.toThrow(/^mapping for displayName/);
    await expect(syncOptions(ctx(), { all: true, onDelete: 'x', deleteThreshold: 'y', delta: true, plan: 'p' })).rejects.toThrow(/^--on-delete/);
  });
});

describe('a saved plan brings its scope', () => {
  const saved = { ous: [OU], filter: '(department=Sales)' };

  it('is used when no scope is given (no "no sync scope")', async () => {
    const o = await syncOptions(ctx(), { plan: 'plan.json', apply: true });
    expect(planScope(o, saved, 'plan.json')).toEqual(saved);
  });

  it('accepts the same scope on the command line, however the DN is spelt', async () => {
    const o = await syncOptions(ctx(), { plan: 'plan.json', apply: true, ou: ['ou=staff, dc=contoso, dc=com'] });
    expect(planScope(o, saved, 'plan.json')).toEqual(saved);
  });

  it.each<SyncFlags>([{ all: true }, { group: [GROUP] }, { ou: [OU], filter: '(cn=a*)' }])('refuses a different scope %o in one line', async (flags) => {
    const o = await syncOptions(ctx(), { plan: 'plan.json', apply: true, ...flags });
    const e = (() => {
      try {
        return planScope(o, saved, 'plan.json');
      } catch (x) {
        return x;
      }
    })();
    expect((e as CloudsyncError).kind).toBe('usage');
    expect((e as CloudsyncError).message).toBe(
      "the scope given differs from the saved plan's (--ou OU=Staff,DC=contoso,DC=com --filter (department=Sales)): drop the scope flags to apply plan.json, or make a new plan with --plan-out",
    );
  });
});
