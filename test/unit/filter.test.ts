import { FilterParser, EqualityFilter } from 'ldapts';
import { describe, expect, it } from 'vitest';
import { compileFilter } from '../../src/directory/filter-match.js';
import { andFilters, equalityFilter, escapeFilterValue, validateFilter } from '../../src/directory/filter.js';
import { makeObject } from '../../src/directory/types.js';
import { CloudsyncError } from '../../src/errors.js';

const GUID = Buffer.from('8f1c926ea45b2d4c8a1e5b337c2a9f10', 'hex');

const user = makeObject('CN=Jane Doe,OU=Sales,DC=corp,DC=example,DC=com', {
  objectClass: ['top', 'person', 'organizationalPerson', 'user'],
  objectCategory: 'CN=Person,CN=Schema,CN=Configuration,DC=corp,DC=example,DC=com',
  cn: 'Jane Doe',
  sn: 'Doe',
  givenName: 'José',
  mail: 'Jane.Doe@Example.com',
  proxyAddresses: ['SMTP:jane.doe@example.com', 'smtp:jd@example.mail.onmicrosoft.com'],
  userAccountControl: '514',
  uSNChanged: '20000',
  whenChanged: '20250101120000.0Z',
  objectGUID: GUID,
  manager: 'CN=Boss\\, The,OU=Sales,DC=corp,DC=example,DC=com',
  memberOf: 'CN=Pilot,OU=Groups,DC=corp,DC=example,DC=com',
});
const group = makeObject('CN=Pilot,OU=Groups,DC=corp,DC=example,DC=com', {
  objectClass: ['top', 'group'],
  objectCategory: 'CN=Group,CN=Schema,CN=Configuration,DC=corp,DC=example,DC=com',
  cn: 'Pilot',
  groupType: '-2147483646',
});
const computer = makeObject('CN=WS1,OU=Computers,DC=corp,DC=example,DC=com', {
  objectClass: ['top', 'person', 'organizationalPerson', 'user', 'computer'],
  cn: 'WS1',
  userAccountControl: '4096',
});
const contact = makeObject('CN=Ext,DC=corp,DC=example,DC=com', { objectClass: ['top', 'person', 'organizationalPerson', 'contact'] });
const openldapPerson = makeObject('uid=x,ou=people,dc=example,dc=org', { objectClass: ['top', 'inetOrgPerson'], uid: 'x' });

const matches = (filter: string, o = user) => compileFilter(filter)(o);

describe('escapeFilterValue', () => {
  it('escapes the RFC 4515 specials and NUL', () => {
    expect(escapeFilterValue('a*b(c)d\\e\0f')).toBe('a\\2ab\\28c\\29d\\5ce\\00f');
    expect(escapeFilterValue('José')).toBe('José');
  });

  it('escapes every byte of a Buffer', () => {
    expect(escapeFilterValue(Buffer.from([0x00, 0x2a, 0xff]))).toBe('\\00\\2a\\ff');
  });

  it('keeps injected text inside one assertion value', () => {
    const evil = '*)(uid=*';
    const f = equalityFilter('uid', evil);
    const parsed = FilterParser.parseString(f);
    expect(parsed).toBeInstanceOf(EqualityFilter);
    expect((parsed as EqualityFilter).value).toBe(evil);
    const victim = makeObject('CN=v,DC=x', { objectClass: 'user', uid: 'someone' });
    const attacker = makeObject('CN=a,DC=x', { objectClass: 'user', uid: evil });
    expect(compileFilter(`(&(objectClass=user)${f})`)(victim)).toBe(false);
    expect(compileFilter(`(&(objectClass=user)${f})`)(attacker)).toBe(true);
    expect(compileFilter(`(|${equalityFilter('cn', ')(|(cn=*')}(cn=none))`)(victim)).toBe(false);
  });
});

describe('validateFilter', () => {
  it('returns the filter, wrapping a bare one', () => {
    expect(validateFilter('(&(objectClass=user)(cn=a*))')).toBe('(&(objectClass=user)(cn=a*))');
    expect(validateFilter(' cn=a ')).toBe('(cn=a)');
  });

  it.each([
    ['(&(cn=a)', 'missing ")"'],
    ['(!(cn=a)', 'missing ")"'],
    ['(cn=a))', 'text after the closing ")"'],
    ['(cn=a)(cn=b)', 'text after the closing ")"'],
    ['(cn=\\zz)', 'Invalid escaped hex'],
    ['(=a)', 'Invalid attribute name'],
    ['(cn~a)', 'Invalid expression'],
    ['', 'it is empty'],
  ])('rejects %s', (filter, why) => {
    let err: unknown;
    try {
      validateFilter(filter);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CloudsyncError);
    expect((err as CloudsyncError).kind).toBe('usage');
    expect((err as CloudsyncError).message).toContain(`invalid LDAP filter "${filter}"`);
    expect((err as CloudsyncError).message).toContain(why);
  });
});

describe('andFilters', () => {
  it('combines the given filters and skips empty ones', () => {
    expect(andFilters('(objectCategory=person)', undefined, ' ', 'mail=*')).toBe('(&(objectCategory=person)(mail=*))');
    expect(andFilters(undefined, '(cn=a)')).toBe('(cn=a)');
    expect(andFilters()).toBe('(objectClass=*)');
  });

  it('validates each part', () => {
    expect(() => andFilters('(cn=a)', '(cn=')).toThrow(CloudsyncError);
  });
});

describe('compileFilter', () => {
  it('equality ignores the case of names and string values', () => {
    expect(matches('(MAIL=jane.doe@example.COM)')).toBe(true);
    expect(matches('(mail=jane@example.com)')).toBe(false);
    expect(matches('(givenName=JOSÉ)')).toBe(true);
    expect(matches('(givenName=Jos\\c3\\a9)')).toBe(true);
    expect(matches('(proxyAddresses=smtp:jd@example.mail.onmicrosoft.com)')).toBe(true);
  });

  it('compares binary values bytewise against escaped bytes', () => {
    expect(matches(`(objectGUID=${escapeFilterValue(GUID)})`)).toBe(true);
    const other = Buffer.from(GUID);
    other[15] = 0x11;
    expect(matches(`(objectGUID=${escapeFilterValue(other)})`)).toBe(false);
    expect(matches('(objectGUID=\\8f\\1c*)')).toBe(true);
  });

  it('presence', () => {
    expect(matches('(mail=*)')).toBe(true);
    expect(matches('(telephoneNumber=*)')).toBe(false);
    expect(matches('(objectClass=*)', openldapPerson)).toBe(true);
  });

  it('substrings', () => {
    expect(matches('(cn=jane*)')).toBe(true);
    expect(matches('(cn=*DOE)')).toBe(true);
    expect(matches('(cn=j*e*d*e)')).toBe(true);
    expect(matches('(cn=*e d*)')).toBe(true);
    expect(matches('(cn=jane*jane)')).toBe(false);
    expect(matches('(cn=*x*)')).toBe(false);
    expect(matches('(proxyAddresses=SMTP:*@example.com)')).toBe(true);
  });

  it('ordering compares integers numerically and times as text', () => {
    expect(matches('(uSNChanged>=9999)')).toBe(true);
    expect(matches('(uSNChanged>=20001)')).toBe(false);
    expect(matches('(uSNChanged<=20000)')).toBe(true);
    expect(matches('(whenChanged>=20241231000000.0Z)')).toBe(true);
    expect(matches('(whenChanged<=20241231000000.0Z)')).toBe(false);
    expect(matches('(sn>=c)')).toBe(true);
  });

  it('approximate match works as equality', () => {
    expect(matches('(sn~=doe)')).toBe(true);
    expect(matches('(sn~=do)')).toBe(false);
  });

  it('and, or, not', () => {
    expect(matches('(&(sn=Doe)(cn=Jane Doe))')).toBe(true);
    expect(matches('(&(sn=Doe)(cn=x))')).toBe(false);
    expect(matches('(|(sn=x)(cn=Jane Doe))')).toBe(true);
    expect(matches('(|(sn=x)(cn=y))')).toBe(false);
    expect(matches('(!(sn=x))')).toBe(true);
    expect(matches('(!(sn=doe))')).toBe(false);
  });

  it('objectClass matches any class of the chain', () => {
    expect(matches('(objectClass=person)')).toBe(true);
    expect(matches('(objectClass=USER)')).toBe(true);
    expect(matches('(objectClass=group)')).toBe(false);
    expect(matches('(&(objectClass=user)(!(objectClass=computer)))', computer)).toBe(false);
  });

  it('objectCategory accepts the short name, the class name or the full DN', () => {
    expect(matches('(objectCategory=person)')).toBe(true);
    expect(matches('(objectCategory=Person)')).toBe(true);
    expect(matches('(objectCategory=user)')).toBe(true);
    expect(matches('(objectCategory=CN=Person,CN=Schema,CN=Configuration,DC=corp,DC=example,DC=com)')).toBe(true);
    expect(matches('(objectCategory=group)')).toBe(false);
    expect(matches('(objectCategory=group)', group)).toBe(true);
    expect(matches('(objectCategory=person)', group)).toBe(false);
  });

  it('objectCategory falls back to the class chain when the export lacks it', () => {
    expect(matches('(objectCategory=person)', computer)).toBe(false);
    expect(matches('(objectCategory=computer)', computer)).toBe(true);
    expect(matches('(objectCategory=person)', contact)).toBe(true);
    expect(matches('(objectCategory=person)', openldapPerson)).toBe(true);
    const plainGroup = makeObject('CN=g,DC=x', { objectClass: ['top', 'group'] });
    expect(matches('(|(objectCategory=person)(objectCategory=group))', plainGroup)).toBe(true);
  });

  it('bitwise AND and OR rules', () => {
    expect(matches('(userAccountControl:1.2.840.113556.1.4.803:=2)')).toBe(true);
    expect(matches('(userAccountControl:1.2.840.113556.1.4.803:=514)')).toBe(true);
    expect(matches('(userAccountControl:1.2.840.113556.1.4.803:=3)')).toBe(false);
    expect(matches('(userAccountControl:1.2.840.113556.1.4.804:=3)')).toBe(true);
    expect(matches('(userAccountControl:1.2.840.113556.1.4.804:=1)')).toBe(false);
    expect(matches('(!(userAccountControl:1.2.840.113556.1.4.803:=2))', computer)).toBe(true);
    // groupType is stored signed: security groups have the top bit set.
    expect(matches('(groupType:1.2.840.113556.1.4.803:=2147483648)', group)).toBe(true);
    expect(matches('(groupType:1.2.840.113556.1.4.803:=4)', group)).toBe(false);
  });

  it('compares DN-valued attributes as DNs', () => {
    expect(matches('(distinguishedName=cn=jane doe, ou=sales,dc=corp,dc=example,dc=com)')).toBe(true);
    expect(matches('(distinguishedName=CN=Jane Doe,OU=Sales,DC=corp,DC=example,DC=org)')).toBe(false);
    expect(matches('(manager=CN=Boss\\5c2C The,OU=Sales,DC=corp,DC=example,DC=com)')).toBe(true);
    expect(matches('(memberOf=cn=pilot,ou=groups,dc=corp,dc=example,dc=com)')).toBe(true);
  });

  it('extensible match without a bitwise rule, with :dn:', () => {
    expect(matches('(sn:=doe)')).toBe(true);
    expect(matches('(sn:caseExactMatch:=doe)')).toBe(false);
    expect(matches('(sn:2.5.13.5:=Doe)')).toBe(true);
    expect(matches('(ou:dn:=sales)')).toBe(true);
    expect(matches('(ou:=sales)')).toBe(false);
  });

  it('refuses rules it cannot evaluate, saying why', () => {
    expect(() => compileFilter('(memberOf:1.2.840.113556.1.4.1941:=CN=G,DC=x)')).toThrow(/in-chain/);
    expect(() => compileFilter('(cn:1.2.3.4:=x)')).toThrow(/not supported/);
    expect(() => compileFilter('(userAccountControl:1.2.840.113556.1.4.803:=abc)')).toThrow(/integer/);
    expect(() => compileFilter('(&(cn=a)')).toThrow(/invalid LDAP filter/);
  });
});

describe('hostile filters', () => {
  const usage = (f: () => unknown): CloudsyncError => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(CloudsyncError);
      expect((e as CloudsyncError).kind).toBe('usage');
      expect((e as CloudsyncError).message).not.toMatch(/[\n\r]/);
      expect((e as CloudsyncError).message.length).toBeLessThan(400);
      return e as CloudsyncError;
    }
    throw new Error('accepted');
  };

  it('refuses a filter nested 3,000 deep with a usage error, not a stack overflow', () => {
    const deep = '(&'.repeat(3000) + '(cn=a)' + ')'.repeat(3000);
    expect(usage(() => compileFilter(deep)).message).toMatch(/nested more than 100 deep/);
    expect(usage(() => validateFilter('(!'.repeat(3000) + '(cn=a)' + ')'.repeat(3000))).message).toMatch(/nested more than 100 deep/);
    expect(compileFilter('(&'.repeat(99) + '(cn=Jane Doe)' + ')'.repeat(99))(user)).toBe(true);
  });

  it('answers a filter of 100,000 spaces at once, and refuses one over 32 KiB', () => {
    const started = Date.now();
    for (const f of ['(cn=x' + ' '.repeat(100_000) + 'y', '(&(cn=x)' + ' '.repeat(20_000) + '(sn=y)', ' '.repeat(20_000) + 'x']) usage(() => validateFilter(f));
    expect(usage(() => validateFilter('(cn=' + 'a'.repeat(40_000) + ')')).message).toMatch(/40005 characters long, more than the 32768 accepted/);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('echoes a long or multi-line filter cut and on one line', () => {
    const e = usage(() => validateFilter('(cn=a\n\u001b[2J' + 'b'.repeat(5000)));
    expect(e.message).toContain('(cn=a\\n\\u001b[2J');
    expect(e.message).toMatch(/…\(\d+ more\)/);
  });
});
