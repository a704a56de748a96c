import { describe, expect, it } from 'vitest';
import {
  dnEquals,
  domainOfDn,
  escapeDnValue,
  formatDn,
  isDescendantOf,
  normalizeDn,
  parentDn,
  parseDn,
  rdnValue,
} from '../../src/directory/dn.js';
import { CloudsyncError } from '../../src/errors.js';

describe('parseDn', () => {
  it('parses the RFC 4514 examples', () => {
    expect(parseDn('UID=jsmith,DC=example,DC=net')).toEqual([
      [{ attribute: 'UID', value: 'jsmith' }],
      [{ attribute: 'DC', value: 'example' }],
      [{ attribute: 'DC', value: 'net' }],
    ]);
    expect(parseDn('OU=Sales+CN=J.  Smith,DC=example,DC=net')[0]).toEqual([
      { attribute: 'OU', value: 'Sales' },
      { attribute: 'CN', value: 'J.  Smith' },
    ]);
    expect(parseDn('CN=James \\"Jim\\" Smith\\, III,DC=example,DC=net')[0]).toEqual([
      { attribute: 'CN', value: 'James "Jim" Smith, III' },
    ]);
    expect(parseDn('CN=Before\\0dAfter,DC=example,DC=net')[0]![0]!.value).toBe('Before\rAfter');
    expect(parseDn('1.3.6.1.4.1.1466.0=#04024869,DC=example,DC=com')[0]).toEqual([
      { attribute: '1.3.6.1.4.1.1466.0', value: '#04024869' },
    ]);
    expect(parseDn('CN=Lu\\C4\\8Di\\C4\\87')[0]![0]!.value).toBe('Lučić');
  });

  it('decodes hex escapes as UTF-8 and mixes them with plain text', () => {
    expect(rdnValue('CN=Jos\\c3\\a9 \\e5\\90\\8d,OU=x')).toBe('José 名');
    expect(rdnValue('CN=a\\0Ab')).toBe('a\nb');
  });

  it('ignores spaces around separators but keeps escaped and inner spaces', () => {
    expect(parseDn(' cn = a  b ,  dc = x ')).toEqual([[{ attribute: 'cn', value: 'a  b' }], [{ attribute: 'dc', value: 'x' }]]);
    expect(rdnValue('CN=\\ lead\\#x \\ ,DC=y')).toBe(' lead#x  ');
    expect(rdnValue('CN=trail\\20,DC=y')).toBe('trail ');
  });

  it('returns no RDNs for the empty DN', () => {
    expect(parseDn('')).toEqual([]);
  });

  it.each([
    ['CN=a,', 'ends with ","'],
    ['CN', 'missing "="'],
    ['=a', 'empty attribute type'],
    ['CN=\\zz', 'bad escape'],
    ['CN=\\C3', 'not valid UTF-8'],
    ['CN=a,,DC=b', 'empty RDN'],
    ['C N=a', 'bad attribute type'],
    ['CN=x\\', 'lone'],
    ['CN=#0', 'bad #hex'],
  ])('rejects %s', (dn, why) => {
    let err: unknown;
    try {
      parseDn(dn);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CloudsyncError);
    expect((err as CloudsyncError).kind).toBe('usage');
    expect((err as CloudsyncError).message).toContain(`invalid DN "${dn}"`);
    expect((err as CloudsyncError).message).toContain(why);
  });
});

describe('escapeDnValue and formatDn', () => {
  it('escapes what RFC 4514 §2.4 requires', () => {
    expect(escapeDnValue('Smith, John')).toBe('Smith\\, John');
    expect(escapeDnValue('a+b="c"\\<d>;')).toBe('a\\+b\\=\\"c\\"\\\\\\<d\\>\\;');
    expect(escapeDnValue(' lead')).toBe('\\ lead');
    expect(escapeDnValue('#1')).toBe('\\#1');
    expect(escapeDnValue('in#side')).toBe('in#side');
    expect(escapeDnValue('trail ')).toBe('trail\\ ');
    expect(escapeDnValue(' ')).toBe('\\ ');
    expect(escapeDnValue('nul\0')).toBe('nul\\00');
    expect(escapeDnValue('line\nbreak')).toBe('line\\0Abreak');
    expect(escapeDnValue('José')).toBe('José');
  });

  it.each([
    'CN=Smith\\, John,OU=Sales,DC=corp,DC=example,DC=com',
    'OU=Sales+CN=J.  Smith,DC=example,DC=net',
    'CN=\\ lead and trail\\ ,DC=x',
    'CN=\\#hash,DC=x',
    'CN=a\\+b\\=c\\;d\\<e\\>f\\"g\\\\h,DC=x',
    'CN=José Núñez 名前,DC=x',
  ])('round-trips %s', (dn) => {
    const rdns = parseDn(dn);
    expect(formatDn(rdns)).toBe(dn);
    expect(parseDn(formatDn(rdns))).toEqual(rdns);
  });

  it('round-trips arbitrary values through escape and parse', () => {
    for (const value of [' a ', '#', 'a,b+c', '\\', '  ', 'x\0y', 'é\r\n', '"q"', '=']) {
      const dn = formatDn([[{ attribute: 'CN', value }], [{ attribute: 'DC', value: 'x' }]]);
      expect(rdnValue(dn)).toBe(value);
    }
  });
});

describe('normalizeDn and dnEquals', () => {
  it('folds case, spaces and escaping', () => {
    expect(normalizeDn(' CN = John Smith , OU=Sales,  DC=Corp ')).toBe('cn=john smith,ou=sales,dc=corp');
    expect(dnEquals('CN=Jos\\C3\\A9,DC=x', 'cn=JOSÉ,dc=X')).toBe(true);
    expect(dnEquals('CN=a\\2cb,DC=x', 'CN=a\\,b,DC=x')).toBe(true);
    expect(dnEquals('CN=a\\,b,DC=x', 'CN=a,CN=b,DC=x')).toBe(false);
  });

  it('treats multi-valued RDN parts as unordered', () => {
    expect(dnEquals('OU=Sales+CN=J,DC=x', 'cn=j+ou=sales,dc=x')).toBe(true);
  });

  it('keeps significant spaces', () => {
    expect(dnEquals('CN=a\\ ,DC=x', 'CN=a,DC=x')).toBe(false);
    expect(dnEquals('CN=a  b,DC=x', 'CN=a b,DC=x')).toBe(false);
  });

  it('gives the simple fast path and the full parser the same answer', () => {
    expect(normalizeDn('CN=User 1,OU=Dept,DC=corp')).toBe(normalizeDn('CN=User\\201,OU=Dept,DC=corp'));
    expect(normalizeDn('CN=a=b,DC=x')).toBe('cn=a\\=b,dc=x');
  });
});

describe('isDescendantOf', () => {
  const ou = 'OU=Sales,DC=corp,DC=example,DC=com';
  it('accepts the DN itself and anything below', () => {
    expect(isDescendantOf(ou, ou)).toBe(true);
    expect(isDescendantOf('CN=a,OU=Sales,DC=corp,DC=example,DC=com', ou)).toBe(true);
    expect(isDescendantOf('cn=a,ou=x,ou=SALES, dc=corp,dc=example,dc=com', ou)).toBe(true);
  });

  it('matches whole RDNs only', () => {
    expect(isDescendantOf('CN=a,OU=PreSales,DC=corp,DC=example,DC=com', ou)).toBe(false);
    expect(isDescendantOf('CN=x\\,OU=Sales,DC=corp,DC=example,DC=com', 'OU=Sales,DC=corp,DC=example,DC=com')).toBe(false);
    expect(isDescendantOf('DC=corp,DC=example,DC=com', ou)).toBe(false);
  });

  it('puts everything under the empty DN', () => {
    expect(isDescendantOf('CN=a,DC=x', '')).toBe(true);
  });
});

describe('navigation helpers', () => {
  it('parentDn keeps the original text of the rest', () => {
    expect(parentDn('CN=Smith\\, John,OU=Sales,DC=corp')).toBe('OU=Sales,DC=corp');
    expect(parentDn('CN=a, OU=b')).toBe('OU=b');
    expect(parentDn('DC=com')).toBeUndefined();
    expect(parentDn('')).toBeUndefined();
  });

  it('rdnValue returns the first value unescaped', () => {
    expect(rdnValue('CN=Smith\\, John,OU=Sales')).toBe('Smith, John');
    expect(rdnValue('')).toBe('');
  });

  it('domainOfDn reads the trailing DC components', () => {
    expect(domainOfDn('CN=a,OU=b,DC=corp,DC=Example,DC=com')).toBe('corp.example.com');
    expect(domainOfDn('DC=corp,DC=example,DC=com')).toBe('corp.example.com');
    expect(domainOfDn('CN=a,DC=x,OU=b,DC=y')).toBe('y');
    expect(domainOfDn('CN=a,O=Org')).toBeUndefined();
  });
});
