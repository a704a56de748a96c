/** IdFix's skip rules (idfix-rules.md §2, Multi-Tenant) and improvement (c). */
import { describe, expect, it } from 'vitest';
import type { AttributeValue } from '../../src/directory/types.js';
import { makeObject } from '../../src/directory/types.js';
import { createIdfixValidator, idfixSkipReason } from '../../src/validate/idfix/index.js';

type Attrs = Record<string, AttributeValue | AttributeValue[]>;
const USER = ['top', 'person', 'organizationalPerson', 'user'];
const INET = [...USER, 'inetOrgPerson'];
const GROUP = ['top', 'group'];
const CONTACT = ['top', 'person', 'organizationalPerson', 'contact'];

function obj(attrs: Attrs, objectClass = USER, dn = 'CN=Someone,OU=T,DC=lab,DC=com') {
  return makeObject(dn, { objectClass, cn: 'Someone', ...attrs });
}
const reason = (attrs: Attrs, objectClass = USER, dn?: string) => idfixSkipReason(obj(attrs, objectClass, dn));

describe('skip rules for every object type (§2.1)', () => {
  it("skips a cn ending with '$'", () => {
    expect(reason({ cn: 'WKS01$' })).toBe("cn ends with '$'");
    expect(reason({ cn: 'a$b' })).toBeUndefined();
  });

  it.each([
    'Admini',
    'CAS_{',
    'DiscoverySearchMailbox',
    'FederatedEmail',
    'Guest',
    'HTTPConnector',
    'krbtgt',
    'iusr_',
    'iwam',
    'msol',
    'support_',
    'SystemMailbox',
    'WWIOadmini',
    'HealthMailbox',
    'Exchange Online-ApplicationAccount',
  ])('skips a cn starting with %s, ignoring case, for any type', (prefix) => {
    for (const cn of [prefix, `${prefix.toUpperCase()}xyz`, `${prefix.toLowerCase()} more`]) {
      for (const oc of [USER, CONTACT, GROUP, INET]) {
        expect(reason({ cn }, oc)).toBe(`cn starts with '${prefix}' (an IdFix well-known exclusion)`);
      }
    }
  });

  it('matches plain prefixes only', () => {
    expect(reason({ cn: 'Administration Team' })).toMatch(/Admini/);
    expect(reason({ cn: 'msolson' })).toMatch(/msol/);
    expect(reason({ cn: 'The Guest' })).toBeUndefined();
    expect(reason({ cn: 'CAS_1' })).toBeUndefined(); // the cn prefix is "CAS_{"
  });

  it('skips a replication conflict object (escaped \\0ACNF: in the DN, any case)', () => {
    const why = 'replication conflict object (the DN contains CNF:)';
    expect(reason({}, USER, 'CN=Jo\\0ACNF:5e2b4a7c-1111-2222-3333-444455556666,OU=T,DC=lab,DC=com')).toBe(why);
    expect(reason({}, GROUP, 'CN=Jo\\0acnf:5e2b4a7c,OU=T,DC=lab,DC=com')).toBe(why);
    expect(reason({}, USER, 'CN=Jo\nCNF:5e2b4a7c,OU=T,DC=lab,DC=com')).toBe(why); // unescaped by the source
    expect(reason({}, USER, 'CN=Jo CNF,OU=T,DC=lab,DC=com')).toBeUndefined();
  });

  it('skips isCriticalSystemObject TRUE, not FALSE', () => {
    expect(reason({ isCriticalSystemObject: 'TRUE' })).toBe('isCriticalSystemObject is TRUE');
    expect(reason({ isCriticalSystemObject: 'true' }, CONTACT)).toBe('isCriticalSystemObject is TRUE');
    expect(reason({ isCriticalSystemObject: 'FALSE' })).toBeUndefined();
  });

  it('checks in order: the first matching rule is the reason', () => {
    expect(reason({ cn: 'Guest$', isCriticalSystemObject: 'TRUE' })).toBe("cn ends with '$'");
    expect(reason({ isCriticalSystemObject: 'TRUE', sAMAccountName: 'MSOL_1' })).toBe('isCriticalSystemObject is TRUE');
  });

  it('validates the object where IdFix skip code would throw (no cn, unparsable boolean)', () => {
    expect(idfixSkipReason(makeObject('CN=x\\0ACNF:1,DC=lab', { objectClass: USER }))).toBeUndefined();
    expect(reason({ isCriticalSystemObject: 'yes', sAMAccountName: 'MSOL_1' })).toBeUndefined();
  });
});

describe('Multi-Tenant user skip rules (§2.2), for objectClass user only', () => {
  it.each(['CAS_', 'SUPPORT_', 'MSOL_'])('sAMAccountName starting with %s, ignoring case', (p) => {
    expect(reason({ sAMAccountName: `${p.toLowerCase()}388945a0` })).toMatch(`sAMAccountName starts with '${p}'`);
    expect(reason({ sAMAccountName: `${p}388945a0` }, INET)).toBeUndefined();
    expect(reason({ sAMAccountName: `${p}388945a0` }, CONTACT)).toBeUndefined();
  });

  it('does not skip a user without sAMAccountName', () => {
    expect(reason({})).toBeUndefined();
  });

  it.each(['CAS_', 'SYSTEMMAILBOX'])('mailNickname starting with %s, ignoring case', (p) => {
    expect(reason({ mailNickname: `${p.toLowerCase()}{abc}` })).toMatch(`mailNickname starts with '${p}'`);
    expect(reason({ mailNickname: `${p}{abc}` }, CONTACT)).toBeUndefined();
  });

  it("displayName starting with MSOL when msExchHideFromAddressLists is TRUE", () => {
    expect(reason({ displayName: 'msol sync', msExchHideFromAddressLists: 'TRUE' })).toMatch(/MSOL/);
    expect(reason({ displayName: 'MSOL sync', msExchHideFromAddressLists: 'FALSE' })).toBeUndefined();
    expect(reason({ displayName: 'MSOL sync' })).toBeUndefined();
    expect(reason({ displayName: 'Sync MSOL', msExchHideFromAddressLists: 'TRUE' })).toBeUndefined();
  });

  it.each([
    ['0x1000', '4096'],
    ['0x2000', '8192'],
    ['0x4000', '16384'],
    ['0x400000', '4194304'],
    ['0x800000', '8388608'],
    ['0x1000000', '16777216'],
    ['0x20000000', '536870912'],
  ])('msExchRecipientTypeDetails %s, and its decimal form %s (improvement c)', (hex, dec) => {
    expect(reason({ msExchRecipientTypeDetails: hex })).toMatch(`msExchRecipientTypeDetails ${hex} (`);
    expect(reason({ msExchRecipientTypeDetails: dec })).toMatch(`msExchRecipientTypeDetails ${dec} (`);
    expect(reason({ msExchRecipientTypeDetails: dec }, INET)).toBeUndefined();
  });

  it('compares msExchRecipientTypeDetails exactly', () => {
    for (const v of ['1', '8388609', ' 8388608', '0X800000', '2147483648']) {
      expect(reason({ msExchRecipientTypeDetails: v })).toBeUndefined();
    }
  });
});

describe('Multi-Tenant group skip rules (§2.2)', () => {
  it('skips a security group (groupType < 0) without mail', () => {
    expect(reason({ groupType: '-2147483646' }, GROUP)).toBe('security group without a mail address');
    expect(reason({ groupType: '-2147483646', mail: 'g@lab.com' }, GROUP)).toBeUndefined();
    expect(reason({ groupType: '-2147483646', proxyAddresses: 'SMTP:g@lab.com' }, GROUP)).toMatch(/security group/);
  });
  it('skips a distribution group without proxyAddresses', () => {
    expect(reason({ groupType: '2', mail: 'g@lab.com' }, GROUP)).toBe('distribution group without proxyAddresses');
    expect(reason({ groupType: '8', proxyAddresses: 'SMTP:g@lab.com' }, GROUP)).toBeUndefined();
  });
  it('does not skip a group whose groupType is missing or unparsable', () => {
    expect(reason({}, GROUP)).toBeUndefined();
    expect(reason({ groupType: 'security' }, GROUP)).toBeUndefined();
    expect(reason({ groupType: '99999999999999999999' }, GROUP)).toBeUndefined();
  });
  it('has no Multi-Tenant skip for contacts', () => {
    expect(reason({ sAMAccountName: 'MSOL_1', mailNickname: 'CAS_1' }, CONTACT)).toBeUndefined();
  });
});

describe('skipped objects in the validator', () => {
  it('are counted, return no rows, and never enter duplicate detection', () => {
    const v = createIdfixValidator();
    const skipped = obj({ mail: 'a@lab.com', isCriticalSystemObject: 'TRUE' });
    const later = makeObject('CN=Later,OU=T,DC=lab,DC=com', { objectClass: USER, cn: 'Later', displayName: 'L', mail: 'A@lab.com' });
    expect(v.skipReason(skipped)).toBe('isCriticalSystemObject is TRUE');
    expect(v.check(skipped)).toEqual([]);
    expect(v.check(later)).toEqual([]);
    expect(v.stats).toEqual({ processed: 1, skipped: 1, errors: 0, duplicates: 0 });
  });
});
