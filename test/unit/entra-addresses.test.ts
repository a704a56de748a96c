import { describe, expect, it } from 'vitest';
import { makeObject, type AttributeValue } from '../../src/directory/types.js';
import { createEntraValidator, ENTRA_RULES } from '../../src/validate/entra/index.js';

const USER = ['top', 'person', 'organizationalPerson', 'user'];

function obj(classes: string[], cn: string, attrs: Record<string, AttributeValue | AttributeValue[]>) {
  return makeObject(`CN=${cn},OU=Staff,DC=contoso,DC=com`, { objectClass: classes, cn, ...attrs });
}
const user = (cn: string, attrs: Record<string, AttributeValue | AttributeValue[]>) =>
  obj(USER, cn, { userPrincipalName: `${cn.toLowerCase()}@contoso.com`, ...attrs });
const group = (cn: string, attrs: Record<string, AttributeValue | AttributeValue[]>) => obj(['top', 'group'], cn, attrs);

function check(o: ReturnType<typeof obj>, rule: string, verifiedDomains?: string[]) {
  return createEntraValidator(verifiedDomains ? { verifiedDomains } : {})
    .check(o)
    .filter((f) => f.ruleId === rule);
}

describe('entra.address-mismatch', () => {
  it('reports mail that differs from the primary SMTP address and suggests the primary', () => {
    const fs = check(
      group('Sales', { mail: 'sales@contoso.com', proxyAddresses: ['smtp:sales@contoso.com', 'SMTP:sales-team@contoso.com'] }),
      'entra.address-mismatch',
    );
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({
      severity: 'warning',
      objectClass: 'group',
      attribute: 'mail',
      value: 'sales@contoso.com',
      suggestedValue: 'sales-team@contoso.com',
    });
  });

  it('compares mail and the primary SMTP address case-insensitively', () => {
    expect(
      check(group('Sales', { mail: 'Sales@Contoso.com', proxyAddresses: ['SMTP:sales@CONTOSO.com'] }), 'entra.address-mismatch'),
    ).toEqual([]);
  });

  it('does nothing without a primary SMTP address', () => {
    expect(
      check(group('Sales', { mail: 'sales@contoso.com', proxyAddresses: ['smtp:other@contoso.com'] }), 'entra.address-mismatch'),
    ).toEqual([]);
  });

  it("reports a user's UPN that differs from mail as a separate finding and suggests mail when it is usable", () => {
    const fs = check(
      user('Jane', { userPrincipalName: 'jdoe@contoso.com', mail: 'jane.doe@contoso.com', proxyAddresses: 'SMTP:jane.doe@contoso.com' }),
      'entra.address-mismatch',
      ['contoso.com'],
    );
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({
      attribute: 'userPrincipalName',
      value: 'jdoe@contoso.com',
      suggestedValue: 'jane.doe@contoso.com',
    });
    expect(fs[0]?.message).toContain("mail 'jane.doe@contoso.com'");
  });

  it('gives both findings when UPN, mail and primary SMTP all differ, with no UPN suggestion', () => {
    const fs = check(
      user('Jane', { userPrincipalName: 'jdoe@contoso.com', mail: 'jane@contoso.com', proxyAddresses: 'SMTP:jroe@contoso.com' }),
      'entra.address-mismatch',
    );
    expect(fs.map((f) => f.attribute)).toEqual(['mail', 'userPrincipalName']);
    expect(fs[1]?.suggestedValue).toBeUndefined();
  });

  it('does not suggest a mail on an unverified domain as UPN', () => {
    const [f] = check(
      user('Jane', { userPrincipalName: 'jane@contoso.com', mail: 'jane@fabrikam.com' }),
      'entra.address-mismatch',
      ['contoso.com'],
    );
    expect(f?.attribute).toBe('userPrincipalName');
    expect(f?.suggestedValue).toBeUndefined();
  });

  it('does not compare UPN and mail on contacts or groups', () => {
    const contact = obj(['top', 'person', 'organizationalPerson', 'contact'], 'C', {
      userPrincipalName: 'c@contoso.com',
      mail: 'other@fabrikam.com',
    });
    expect(check(contact, 'entra.address-mismatch')).toEqual([]);
  });

  it('is silent when UPN, mail and primary SMTP agree ignoring case', () => {
    expect(
      check(
        user('Jane', { userPrincipalName: 'Jane@contoso.com', mail: 'jane@CONTOSO.com', proxyAddresses: 'SMTP:JANE@contoso.com' }),
        'entra.address-mismatch',
      ),
    ).toEqual([]);
  });
});

describe('entra.proxy-multiple-primary', () => {
  it('flags every primary except the one mail names, suggesting lower-case smtp:', () => {
    const fs = check(
      user('Jane', {
        mail: 'jane@contoso.com',
        proxyAddresses: ['SMTP:old@contoso.com', 'SMTP:jane@contoso.com', 'SMTP:j@contoso.com', 'smtp:x@contoso.com'],
      }),
      'entra.proxy-multiple-primary',
    );
    expect(fs.map((f) => [f.value, f.suggestedValue])).toEqual([
      ['SMTP:old@contoso.com', 'smtp:old@contoso.com'],
      ['SMTP:j@contoso.com', 'smtp:j@contoso.com'],
    ]);
    expect(fs[0]).toMatchObject({ severity: 'error', attribute: 'proxyAddresses' });
    expect(fs[0]?.message).toContain("Keep 'SMTP:jane@contoso.com'");
  });

  it('keeps the first primary when mail names none', () => {
    const fs = check(group('G', { proxyAddresses: ['SMTP:a@contoso.com', 'SMTP:b@contoso.com'] }), 'entra.proxy-multiple-primary');
    expect(fs.map((f) => f.value)).toEqual(['SMTP:b@contoso.com']);
  });

  it('does not count lower-case or mixed-case smtp: values as primary', () => {
    expect(
      check(group('G', { proxyAddresses: ['SMTP:a@contoso.com', 'smtp:b@contoso.com', 'Smtp:c@contoso.com'] }), 'entra.proxy-multiple-primary'),
    ).toEqual([]);
  });
});

describe('entra.mail-nickname-invalid', () => {
  it.each([
    ['jane doe', 'janedoe'],
    ['jane(it)', 'janeit'],
    ['.jane', 'jane'],
    ['jane.', 'jane'],
    ['jane..doe', 'jane.doe'],
    ['jane@contoso', 'janecontoso'],
    ['日本', undefined],
  ])('flags %j (suggests %j)', (value, suggested) => {
    const [f] = check(user('Jane', { mailNickname: value }), 'entra.mail-nickname-invalid');
    expect(f).toMatchObject({ severity: 'warning', attribute: 'mailNickname', value });
    expect(f?.suggestedValue).toBe(suggested);
  });

  it.each(["jane.doe", "o'brien", "a!#$%&'*+-/=?^_`{|}~z", 'José', 'Ørjan'])('accepts %j', (value) => {
    expect(check(user('Jane', { mailNickname: value }), 'entra.mail-nickname-invalid')).toEqual([]);
  });

  it('names the offending characters', () => {
    const [f] = check(user('Jane', { mailNickname: 'a b,c' }), 'entra.mail-nickname-invalid');
    expect(f?.message).toContain("space, ','");
  });
});

describe('ENTRA_RULES', () => {
  it('lists every rule id the validator can emit, and not the UPN length rule IdFix owns', () => {
    const ids = ENTRA_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).not.toContain('entra.upn-too-long');
    expect(ids.sort()).toEqual(
      [
        'entra.address-conflict',
        'entra.address-mismatch',
        'entra.mail-nickname-invalid',
        'entra.proxy-multiple-primary',
        'entra.upn-local-too-long',
        'entra.upn-missing',
        'entra.upn-non-routable',
        'entra.upn-suffix-not-in-forest',
        'entra.upn-unverified-domain',
      ].sort(),
    );
  });
});
