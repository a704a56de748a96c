import { describe, expect, it } from 'vitest';
import type { Config } from '../../../config/schema.js';
import type { Context } from '../../context.js';
import { testUserOptions } from './options.js';

const ctx = (config: Config = {}): Context => ({ config, io: { env: {}, cwd: '/' } }) as unknown as Context;
const DN = 'CN=Ann Lee,OU=Staff,DC=contoso,DC=com';

describe('test-user options', () => {
  it('need no scope (the whole directory), or take the sync section as sync does', async () => {
    expect(await testUserOptions(ctx(), {}, DN)).toMatchObject({ dn: DN, scope: {}, planOptions: {}, apply: false, forcePasswordChange: true });
    const cfg = { sync: { ou: ['OU=Staff,DC=contoso,DC=com'], onDelete: 'disable' as const, deleteThreshold: '5%', groupNameMatch: true, forcePasswordChange: false } };
    expect(await testUserOptions(ctx(cfg), { apply: true, softMatch: false }, DN)).toMatchObject({
      scope: { ous: ['OU=Staff,DC=contoso,DC=com'] },
      planOptions: { softMatch: false, matchGroupsByName: true, onDelete: 'disable', deleteThreshold: '5%' },
      apply: true,
      forcePasswordChange: false,
    });
  });

  it('check the DN first, then the scope', async () => {
    await expect(testUserOptions(ctx(), { all: true, ou: ['x'] }, 'nodn')).rejects.toThrow(/^invalid DN "nodn"/);
    await expect(testUserOptions(ctx(), { all: true, group: ['CN=G,DC=contoso,DC=com'] }, DN)).rejects.toThrow('--all cannot be combined with --ou or --group: choose one scope');
    await expect(testUserOptions(ctx({ sync: { deleteThreshold: '150%' } }), {}, DN)).rejects.toThrow('invalid delete threshold "150%"');
  });
});
