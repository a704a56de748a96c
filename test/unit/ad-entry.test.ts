import { describe, expect, it } from 'vitest';
import { bufferAttributeNames, convertEntry, parseRange, requestedAttributes } from '../../src/directory/ad/entry.js';
import { combinedFilter, outermostDns } from '../../src/directory/ad/search.js';
import { parseLdapUrl, tlsOptionsFor } from '../../src/directory/ad/tls.js';
import { CloudsyncError } from '../../src/errors.js';

describe('convertEntry', () => {
  it('lower-cases keys, strips options, drops ldapts placeholders and reads objectClass', () => {
    const guid = Buffer.alloc(16, 1);
    const { object, incomplete } = convertEntry({
      dn: 'CN=a,DC=x',
      objectClass: ['top', 'person', 'user'],
      objectGUID: guid,
      'userCertificate;binary': [Buffer.from([1]), Buffer.from([2])],
      displayName: 'A',
      mail: [],
    });
    expect(object.dn).toBe('CN=a,DC=x');
    expect(object.objectClass).toEqual(['top', 'person', 'user']);
    expect(object.attributes.get('objectguid')).toEqual([guid]);
    expect(object.attributes.get('usercertificate')).toHaveLength(2);
    expect(object.attributes.get('displayname')).toEqual(['A']);
    expect(object.attributes.has('mail')).toBe(false);
    expect(incomplete).toEqual([]);
  });

  it('fills distinguishedName from the entry name unless the server returned it', () => {
    expect(convertEntry({ dn: 'CN=a,DC=x', cn: 'a' }).object.attributes.get('distinguishedname')).toEqual(['CN=a,DC=x']);
    const returned = convertEntry({ dn: 'CN=a,DC=x', distinguishedName: 'CN=A,DC=X' }).object;
    expect(returned.attributes.get('distinguishedname')).toEqual(['CN=A,DC=X']);
  });

  it('reads objectClass values that came as Buffers as text', () => {
    const { object } = convertEntry({ dn: 'CN=a', objectClass: [Buffer.from('top'), Buffer.from('user')] });
    expect(object.objectClass).toEqual(['top', 'user']);
  });

  it('notes ranged attributes that are not complete, and merges the final part', () => {
    const partial = convertEntry({ dn: 'CN=g', 'member;range=0-1499': ['a', 'b'], 'member;range=0-2': [] });
    expect(partial.object.attributes.get('member')).toEqual(['a', 'b']);
    expect(partial.incomplete).toEqual([{ name: 'member', low: 0, high: 1499 }]);
    const final = convertEntry({ dn: 'CN=g', 'member;range=0-*': ['a'] });
    expect(final.incomplete).toEqual([]);
    expect(final.object.attributes.get('member')).toEqual(['a']);
  });
});

describe('attribute lists', () => {
  it('always asks for objectClass, once, and never for distinguishedName (the entry name carries it)', () => {
    expect(requestedAttributes(['cn', 'OBJECTCLASS', 'mail', 'cn'])).toEqual(['objectClass', 'cn', 'mail']);
    expect(requestedAttributes(['distinguishedName', 'cn'])).toEqual(['objectClass', 'cn']);
  });

  it('asks ldapts for Buffers only when a binary attribute (or everything) is requested', () => {
    expect(bufferAttributeNames(['objectClass', 'cn', 'mail'])).toEqual([]);
    expect(bufferAttributeNames(['*'])).toContain('objectGUID');
  });

  it("names binary attributes in AD's spelling and as requested (ldapts matches case-sensitively)", () => {
    const names = bufferAttributeNames(['OBJECTGUID', 'cn']);
    expect(names).toContain('objectGUID');
    expect(names).toContain('mS-DS-ConsistencyGuid');
    expect(names).toContain('OBJECTGUID');
    expect(names).not.toContain('cn');
  });

  it('parses range options', () => {
    expect(parseRange('member;range=1500-2999')).toEqual({ name: 'member', low: 1500, high: 2999 });
    expect(parseRange('member;Range=3000-*')).toEqual({ name: 'member', low: 3000, high: undefined });
    expect(parseRange('member')).toBeUndefined();
  });
});

describe('scope helpers', () => {
  it('drops OUs inside another listed OU and duplicates in any spelling', () => {
    const ous = ['OU=Sub,OU=Sales,DC=x', 'OU=Sales,DC=x', 'ou=sales, dc=X', 'OU=HR,DC=x', 'OU=Sales,DC=x'];
    expect(outermostDns(ous)).toEqual(['OU=Sales,DC=x', 'OU=HR,DC=x']);
  });

  it('ANDs the extra filter with the type filter, adding missing parentheses', () => {
    expect(combinedFilter('(objectClass=user)', undefined)).toBe('(objectClass=user)');
    expect(combinedFilter('(objectClass=user)', 'department=Sales')).toBe('(&(objectClass=user)(department=Sales))');
    expect(() => combinedFilter('(objectClass=user)', '(cn=a')).toThrow(CloudsyncError);
  });
});

describe('LDAP URLs and TLS options', () => {
  it('normalizes URLs and defaults the port by scheme', () => {
    expect(parseLdapUrl('ldaps://DC1.corp.example.test')).toMatchObject({ url: 'ldaps://dc1.corp.example.test:636', secure: true, port: 636 });
    expect(parseLdapUrl('ldap://10.0.0.1')).toMatchObject({ url: 'ldap://10.0.0.1:389', secure: false });
    expect(parseLdapUrl('ldaps://[::1]:3269')).toMatchObject({ url: 'ldaps://[::1]:3269', host: '::1', port: 3269 });
  });

  it('rejects other schemes and URLs with a DN or credentials', () => {
    for (const bad of ['https://dc1', 'dc1.corp.example.test', 'ldaps://dc1/DC=corp', 'ldaps://user:pw@dc1']) {
      expect(() => parseLdapUrl(bad)).toThrow(CloudsyncError);
    }
  });

  it('sends SNI for names but not for IP addresses, and verifies by default', () => {
    const byName = tlsOptionsFor(parseLdapUrl('ldaps://dc1.corp.example.test'), { verify: true, ca: Buffer.from('pem') });
    expect(byName).toMatchObject({ servername: 'dc1.corp.example.test', rejectUnauthorized: true, ca: Buffer.from('pem') });
    const byIp = tlsOptionsFor(parseLdapUrl('ldaps://10.0.0.1'), { verify: true });
    expect(byIp.servername).toBeUndefined();
    expect(byIp.ca).toBeUndefined();
  });
});
