/**
 * The Multi-Tenant worked examples of idfix-rules.md §12, verbatim, with IdFix's own TLD list
 * (Appendix A). Objects are processed in the order shown, by one validator.
 */
import { describe, expect, it } from 'vitest';
import type { AttributeValue } from '../../src/directory/types.js';
import { makeObject } from '../../src/directory/types.js';
import type { Finding } from '../../src/validate/findings.js';
import { createIdfixValidator, idfixLegacyTlds } from '../../src/validate/idfix/index.js';

const USER = ['top', 'person', 'organizationalPerson', 'user'];

function user(cn: string, attrs: Record<string, AttributeValue | AttributeValue[]>) {
  return makeObject(`CN=${cn},OU=Users,DC=contoso,DC=com`, { objectClass: USER, cn, displayName: cn, ...attrs });
}

/** IdFix's grid columns for a row. */
function grid(f: Finding) {
  return {
    dn: f.dn,
    attribute: f.attribute,
    error: f.idfixErrors?.join(', '),
    value: f.value,
    update: f.suggestedValue,
    proposed: f.proposedAction,
  };
}

describe('IdFix §12 worked examples (Multi-Tenant, Appendix A TLD list)', () => {
  const v = createIdfixValidator({ tlds: idfixLegacyTlds() });
  const rows = (o: ReturnType<typeof user>) => v.check(o).map(grid);
  const dn = (cn: string) => `CN=${cn},OU=Users,DC=contoso,DC=com`;

  it.each([
    ['A1', 'John Smith@contoso.local', 'Character, TopLevelDomain', 'JohnSmith@contoso.local'],
    ['A2', 'user@@lab###.local', 'TopLevelDomain, DomainPart, LocalPart', 'user@lab.local'],
    ['A3', 'josé@contoso.com', 'LocalPart', 'jos@contoso.com'],
    ['A4', 'john', 'Format, DomainPart, LocalPart', 'john'],
    ['A5', 'john.smith', 'Format, TopLevelDomain, DomainPart, LocalPart', 'john.smith'],
    ['A6', 'a@contoso.com.', 'Format, DomainPart', 'a@contoso.com.'],
    ['A7', 'a..@contoso.com', 'Format, LocalPart', 'a.@contoso.com'],
  ])('%s userPrincipalName %j -> %s', (cn, upn, error, update) => {
    expect(rows(user(cn, { userPrincipalName: upn }))).toEqual([
      { dn: dn(cn), attribute: 'userPrincipalName', error, value: upn, update, proposed: 'Edit' },
    ]);
  });

  it('A8/A9: a duplicate UPN gives A9 a Duplicate row and A8 its own row (improvement b)', () => {
    expect(rows(user('A8', { userPrincipalName: 'dup@contoso.com' }))).toEqual([]);
    expect(rows(user('A9', { userPrincipalName: 'DUP@contoso.com' }))).toEqual([
      // IdFix's extra row would carry A9's value DUP@contoso.com; ours carries A8's own value.
      { dn: dn('A8'), attribute: 'userPrincipalName', error: 'Duplicate', value: 'dup@contoso.com', update: 'dup@contoso.com', proposed: 'Edit' },
      { dn: dn('A9'), attribute: 'userPrincipalName', error: 'Duplicate', value: 'DUP@contoso.com', update: 'DUP@contoso.com', proposed: 'Edit' },
    ]);
  });

  it('B1 proxyAddresses: space + .local, extra colon, X500 with spaces and parentheses', () => {
    const x500 = 'X500:/o=Org/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=b1';
    const b1 = user('B1', {
      mailNickname: 'b1',
      proxyAddresses: ['smtp:x y@contoso.local', 'smtp:a:b@contoso.com', x500, 'SMTP:p@contoso.com'],
    });
    expect(rows(b1)).toEqual([
      { dn: dn('B1'), attribute: 'proxyAddresses', error: 'Character, TopLevelDomain', value: 'smtp:x y@contoso.local', update: 'smtp:xy@contoso.local', proposed: 'Edit' },
      { dn: dn('B1'), attribute: 'proxyAddresses', error: 'Character', value: 'smtp:a:b@contoso.com', update: 'smtp:ab@contoso.com', proposed: 'Edit' },
    ]);
  });

  it('B2 (has mailNickname) duplicates B1 with value [0]: Complete; B1 gets its own row once', () => {
    expect(rows(user('B2', { mailNickname: 'b2', proxyAddresses: ['smtp:P@contoso.com'] }))).toEqual([
      // B1's SMTP:p@contoso.com is not its value [0], so its own action is Edit.
      { dn: dn('B1'), attribute: 'proxyAddresses', error: 'Duplicate', value: 'SMTP:p@contoso.com', update: 'SMTP:p@contoso.com', proposed: 'Edit' },
      { dn: dn('B2'), attribute: 'proxyAddresses', error: 'Duplicate', value: 'smtp:P@contoso.com', update: 'smtp:P@contoso.com', proposed: 'Complete' },
    ]);
  });

  it('B3 (no mailNickname) duplicates with value [0]: Remove; no second row for B1', () => {
    expect(rows(user('B3', { proxyAddresses: ['smtp:p@contoso.com'] }))).toEqual([
      { dn: dn('B3'), attribute: 'proxyAddresses', error: 'Duplicate', value: 'smtp:p@contoso.com', update: 'smtp:p@contoso.com', proposed: 'Remove' },
    ]);
  });

  it('C1 without displayName: Blank, proposed cn', () => {
    const c1 = makeObject(`CN=C1,OU=Users,DC=contoso,DC=com`, { objectClass: USER, cn: 'C1' });
    expect(v.check(c1).map(grid)).toEqual([
      { dn: dn('C1'), attribute: 'displayName', error: 'Blank', value: undefined, update: 'C1', proposed: 'Edit' },
    ]);
  });

  it.each([
    ['D1', { mailNickname: '..nick' }, 'mailnickname', 'Character', '..nick', 'nick'],
    ['D2', { sAMAccountName: 'averyveryverylongsamaccount' }, 'sAMAccountName', 'Length', 'averyveryverylongsamaccount', 'averyveryverylongsam'],
    ['D3', { sAMAccountName: 'bad*name' }, 'sAMAccountName', 'Character', 'bad*name', 'badname'],
    ['D4', { givenName: 'x'.repeat(70) }, 'givenName', 'Length', 'x'.repeat(70), 'x'.repeat(63)],
  ])('%s %s', (cn, attrs, attribute, error, value, update) => {
    expect(rows(user(cn, attrs))).toEqual([{ dn: dn(cn), attribute, error, value, update, proposed: 'Edit' }]);
  });

  it("cn 'Guest Services' is skipped", () => {
    const o = user('Guest Services', { userPrincipalName: 'not valid' });
    expect(v.skipReason(o)).toMatch(/Guest/);
    expect(v.check(o)).toEqual([]);
  });

  it('counts what it saw', () => {
    expect(v.stats).toEqual({ processed: 17, skipped: 1, errors: 19, duplicates: 5 });
  });
});
