import { describe, expect, it } from 'vitest';
import type { Config } from '../../../config/schema.js';
import type { Context } from '../../context.js';
import { mappingTestOptions } from './options.js';

const ctx = (config: Config = {}): Context => ({ config, io: { env: {}, cwd: '/' } }) as unknown as Context;
const DN = 'CN=Ann Lee,OU=Staff,DC=contoso,DC=com';

describe('mapping test options', () => {
  it('compile the defaults with the config overrides', async () => {
    const o = await mappingTestOptions(ctx({ sync: { mapping: { user: { department: null } } } }), { dn: DN, kind: 'group', from: 'x.ldif' });
    expect(o).toMatchObject({ dn: DN, kind: 'group', from: 'x.ldif' });
    expect(o.mapping.user.entries.some((m) => m.target === 'department')).toBe(false);
  });

  it('check --dn, then --kind, then the mapping', async () => {
    const bad = { sync: { mapping: { user: { displayName: 'Join(' } } } };
    await expect(mappingTestOptions(ctx(bad), { dn: 'nodn', kind: 'robot' })).rejects.toThrow(/^invalid DN "nodn"/);
    await expect(mappingTestOptions(ctx(bad), { dn: DN, kind: 'robot' })).rejects.toThrow('--kind expects user or group, got "robot"');
    await expect(mappingTestOptions(ctx(bad), { dn: DN })).rejects.toThrow(/^mapping for displayName: expression Join\(: column 5/);
  });
});
