import { describe, expect, it } from 'vitest';
import { makeObject, type AttributeValue } from '../../src/directory/types.js';
import { createEntraValidator, type EntraRuleOptions } from '../../src/validate/entra/index.js';

const USER = ['top', 'person', 'organizationalPerson', 'user'];

function user(cn: string, attrs: Record<string, AttributeValue | AttributeValue[]> = {}) {
  return makeObject(`CN=${cn},OU=Staff,DC=contoso,DC=com`, { objectClass: USER, cn, ...attrs });
}

function ruleIds(o: ReturnType<typeof user>, options?: EntraRuleOptions): string[] {
  return createEntraValidator(options)
    .check(o)
    .map((f) => f.ruleId);
}

const verified = { verifiedDomains: ['contoso.com', 'Contoso.onmicrosoft.com'] };

describe('entra.upn-missing', () => {
  it('fires for a user without userPrincipalName and names the fallback the tenant would use', () => {
    const [f] = createEntraValidator(verified).check(user('Jane', { mailNickname: 'jane' }));
    expect(f).toMatchObject({
      ruleId: 'entra.upn-missing',
      severity: 'error',
      dn: 'CN=Jane,OU=Staff,DC=contoso,DC=com',
      cn: 'Jane',
      objectClass: 'user',
      attribute: 'userPrincipalName',
    });
    expect(f?.value).toBeUndefined();
    expect(f?.message).toContain('jane@contoso.onmicrosoft.com');
  });

  it('suggests the mail address when its domain is verified', () => {
    const [f] = createEntraValidator(verified).check(user('Jane', { mail: 'jane@contoso.com' }));
    expect(f?.suggestedValue).toBe('jane@contoso.com');
  });

  it('does not suggest a mail address on an unverified domain', () => {
    const [f] = createEntraValidator(verified).check(user('Jane', { mail: 'jane@fabrikam.com' }));
    expect(f?.ruleId).toBe('entra.upn-missing');
    expect(f?.suggestedValue).toBeUndefined();
  });

  it('treats a blank UPN as missing', () => {
    expect(ruleIds(user('Jane', { userPrincipalName: '  ' }))).toEqual(['entra.upn-missing']);
  });

  it('applies to inetOrgPerson but not to contacts or groups', () => {
    const iop = makeObject('CN=I,DC=x', { objectClass: [...USER, 'inetOrgPerson'], cn: 'I' });
    const contact = makeObject('CN=C,DC=x', { objectClass: ['top', 'person', 'organizationalPerson', 'contact'] });
    const group = makeObject('CN=G,DC=x', { objectClass: ['top', 'group'] });
    expect(ruleIds(iop)).toEqual(['entra.upn-missing']);
    expect(ruleIds(contact)).toEqual([]);
    expect(ruleIds(group)).toEqual([]);
  });

  it('is silent for a user with a good UPN', () => {
    expect(ruleIds(user('Jane', { userPrincipalName: 'jane@contoso.com' }), verified)).toEqual([]);
  });
});

describe('entra.upn-non-routable', () => {
  it.each(['contoso.local', 'corp.LAN', 'ad.internal', 'x.corp', 'a.localdomain', 'h.home', 'i.intranet', 'p.private', 't.test', 'e.example', 'i.invalid', 'localhost', 'x.localhost'])(
    'fires for %s',
    (suffix) => {
      expect(ruleIds(user('Jane', { userPrincipalName: `jane@${suffix}` }))).toEqual(['entra.upn-non-routable']);
    },
  );

  it('fires for a single-label suffix', () => {
    const [f] = createEntraValidator().check(user('Jane', { userPrincipalName: 'jane@CONTOSO' }));
    expect(f).toMatchObject({ ruleId: 'entra.upn-non-routable', value: 'jane@CONTOSO' });
  });

  it('does not fire for routable suffixes, including ones that merely contain a reserved word', () => {
    for (const upn of ['jane@contoso.com', 'jane@local.contoso.com', 'jane@corp.contoso.co.uk', 'jane@contoso.localhost.com']) {
      expect(ruleIds(user('Jane', { userPrincipalName: upn }))).toEqual([]);
    }
  });

  it('suggests a verified mail address as the new UPN and does not also report unverified-domain', () => {
    const fs = createEntraValidator(verified).check(
      user('Jane', { userPrincipalName: 'jane@contoso.local', mail: 'jane@contoso.com' }),
    );
    const ids = fs.map((f) => f.ruleId);
    expect(ids).toContain('entra.upn-non-routable');
    expect(ids).not.toContain('entra.upn-unverified-domain');
    expect(fs.find((f) => f.ruleId === 'entra.upn-non-routable')?.suggestedValue).toBe('jane@contoso.com');
  });

  it('leaves a UPN without @ to IdFix', () => {
    expect(ruleIds(user('Jane', { userPrincipalName: 'jane' }), verified)).toEqual([]);
  });
});

describe('entra.upn-suffix-not-in-forest', () => {
  const forest = { forestUpnSuffixes: ['Contoso.COM', 'contoso.local'] };

  it('fires when the suffix is not a forest suffix', () => {
    const [f] = createEntraValidator(forest).check(user('Jane', { userPrincipalName: 'jane@fabrikam.com' }));
    expect(f).toMatchObject({ ruleId: 'entra.upn-suffix-not-in-forest', severity: 'warning', value: 'jane@fabrikam.com' });
  });

  it('compares suffixes case-insensitively', () => {
    expect(ruleIds(user('Jane', { userPrincipalName: 'jane@CONTOSO.com' }), forest)).toEqual([]);
  });

  it('accepts child domains of the forest root', () => {
    expect(ruleIds(user('Jane', { userPrincipalName: 'jane@emea.contoso.local' }), forest)).toEqual([
      'entra.upn-non-routable',
    ]);
    expect(ruleIds(user('Jane', { userPrincipalName: 'jane@emea.contoso.com' }), forest)).toEqual([]);
  });

  it('does not accept a name that only ends with the same letters', () => {
    expect(ruleIds(user('Jane', { userPrincipalName: 'jane@notcontoso.com' }), forest)).toEqual([
      'entra.upn-suffix-not-in-forest',
    ]);
  });

  it('is not run without forest suffixes (LDIF source)', () => {
    expect(ruleIds(user('Jane', { userPrincipalName: 'jane@fabrikam.com' }))).toEqual([]);
  });
});

describe('entra.upn-unverified-domain', () => {
  it('fires for a suffix that is not verified and names the onmicrosoft fallback', () => {
    const [f] = createEntraValidator(verified).check(
      user('Jane', { userPrincipalName: 'jane@fabrikam.com', mailNickname: 'jroe' }),
    );
    expect(f).toMatchObject({ ruleId: 'entra.upn-unverified-domain', severity: 'error', value: 'jane@fabrikam.com' });
    expect(f?.message).toContain("'jroe@contoso.onmicrosoft.com'");
  });

  it('uses the UPN local part and a placeholder tenant when nothing better is known', () => {
    const [f] = createEntraValidator({ verifiedDomains: ['contoso.com'] }).check(
      user('Jane', { userPrincipalName: 'jane@fabrikam.com' }),
    );
    expect(f?.message).toContain("'jane@<tenant>.onmicrosoft.com'");
  });

  it('accepts a subdomain of a verified domain, case-insensitively', () => {
    expect(ruleIds(user('Jane', { userPrincipalName: 'jane@Sales.CONTOSO.com' }), verified)).toEqual([]);
  });

  it('accepts the onmicrosoft.com domain when it is verified', () => {
    expect(ruleIds(user('Jane', { userPrincipalName: 'jane@contoso.onmicrosoft.com' }), verified)).toEqual([]);
  });

  it('is not run when the verified domains are unknown', () => {
    expect(ruleIds(user('Jane', { userPrincipalName: 'jane@fabrikam.com' }))).toEqual([]);
  });
});

describe('entra.upn-local-too-long', () => {
  const local = (n: number) => 'a'.repeat(n);

  it('fires at 65 characters and suggests the first 64', () => {
    const [f] = createEntraValidator().check(user('Jane', { userPrincipalName: `${local(65)}@contoso.com` }));
    expect(f).toMatchObject({
      ruleId: 'entra.upn-local-too-long',
      severity: 'error',
      suggestedValue: `${local(64)}@contoso.com`,
    });
  });

  it('does not fire at 64 characters', () => {
    expect(ruleIds(user('Jane', { userPrincipalName: `${local(64)}@contoso.com` }))).toEqual([]);
  });

  it('does not report a whole UPN over 113 characters (IdFix does)', () => {
    expect(ruleIds(user('Jane', { userPrincipalName: `${local(60)}@${'b'.repeat(60)}.com` }))).toEqual([]);
  });
});
