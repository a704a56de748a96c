import { describe, expect, it } from 'vitest';
import type { Config } from '../../../config/schema.js';
import type { Context } from '../../context.js';
import { validateOptions } from './options.js';

const ctx = (config: Config = {}): Context => ({ config, io: { env: {}, cwd: '/' } }) as unknown as Context;

describe('validate options', () => {
  it('take flags over the config file, with the documented defaults', async () => {
    const o = await validateOptions(ctx({ validate: { rules: 'idfix', failOn: 'warning', ou: ['OU=Cfg,DC=x'] } }), { failOn: 'never', from: 'a.ldif' });
    expect(o).toMatchObject({ rules: 'idfix', failOn: 'never', alternateLoginId: false, tenant: true, from: 'a.ldif' });
    expect(o.scope).toEqual({ ous: ['OU=Cfg,DC=x'] });
    expect(await validateOptions(ctx(), {})).toMatchObject({ rules: 'entra', failOn: 'error', scope: {} });
  });

  it('normalise --verified-domains (repeatable, comma-separated, lower case)', async () => {
    expect((await validateOptions(ctx(), { verifiedDomains: ['Contoso.COM, fabrikam.com', 'x.org'] })).verifiedDomains).toEqual(['contoso.com', 'fabrikam.com', 'x.org']);
  });

  it.each([
    [{ rules: 'dedicated' }, 'unknown rule set "dedicated": use entra (default) or idfix'],
    [{ failOn: 'often' }, '--fail-on expects error, warning or never, got "often"'],
    [{ filter: '(cn=a' }, /^invalid LDAP filter "\(cn=a"/],
    [{ verifiedDomains: ['contoso'] }, '--verified-domains: "contoso" is not a domain name'],
    [{ ou: ['not a dn'] }, /^invalid DN "not a dn"/],
  ])('refuse %o before anything runs', async (flags, message) => {
    await expect(validateOptions(ctx(), flags)).rejects.toThrow(message);
  });
});
