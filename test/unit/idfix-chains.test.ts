/** The Multi-Tenant rule chains of idfix-rules.md §5.1 and their order effects (§3). */
import { describe, expect, it } from 'vitest';
import type { AttributeValue } from '../../src/directory/types.js';
import { makeObject } from '../../src/directory/types.js';
import type { Finding } from '../../src/validate/findings.js';
import { createIdfixValidator, idfixLegacyTlds } from '../../src/validate/idfix/index.js';

type Attrs = Record<string, AttributeValue | AttributeValue[]>;
const USER = ['top', 'person', 'organizationalPerson', 'user'];
let n = 0;

/** A user with a displayName (so no Blank row) unless attrs override it. */
function obj(attrs: Attrs, objectClass: string[] = USER) {
  const cn = `U${++n}`;
  return makeObject(`CN=${cn},OU=T,DC=lab,DC=com`, { objectClass, cn, displayName: cn, ...attrs });
}

/** The rows of one object, validated alone. */
function check(attrs: Attrs, objectClass: string[] = USER, opts = {}): Finding[] {
  return createIdfixValidator({ tlds: idfixLegacyTlds(), ...opts }).check(obj(attrs, objectClass));
}

const brief = (f: Finding) => [f.attribute, f.idfixErrors?.join(', '), f.value, f.suggestedValue, f.proposedAction];

describe('finding shape', () => {
  it('fills every column and derives ruleId from the first error name', () => {
    const o = makeObject('CN=Jo,OU=T,DC=lab,DC=com', {
      objectClass: ['top', 'person', 'organizationalPerson', 'user'],
      cn: 'Jo',
      displayName: 'Jo',
      userPrincipalName: 'jo smith@lab.local',
    });
    const [f] = createIdfixValidator({ tlds: idfixLegacyTlds() }).check(o);
    expect(f).toEqual({
      ruleId: 'idfix.character',
      severity: 'error',
      dn: 'CN=Jo,OU=T,DC=lab,DC=com',
      cn: 'Jo',
      objectClass: 'user',
      attribute: 'userPrincipalName',
      value: 'jo smith@lab.local',
      message:
        "userPrincipalName contains characters Entra ID rejects: ' ' (space); " +
        "userPrincipalName's top-level domain '.local' is not a registered internet domain",
      suggestedValue: 'josmith@lab.local',
      proposedAction: 'Edit',
      idfixErrors: ['Character', 'TopLevelDomain'],
    });
  });

  it.each([
    [{ givenName: 'g'.repeat(64) }, 'idfix.length'],
    [{ userPrincipalName: 'john' }, 'idfix.format'],
    [{ userPrincipalName: 'a@b.local' }, 'idfix.top-level-domain'],
    [{ userPrincipalName: 'a@b_x.com' }, 'idfix.domain-part'],
    [{ userPrincipalName: 'aé@b.com' }, 'idfix.local-part'],
    [{ displayName: [] }, 'idfix.blank'],
  ])('%j -> %s', (attrs, ruleId) => {
    expect(check(attrs).map((f) => f.ruleId)).toEqual([ruleId]);
  });

  it('writes one clause per failing rule, naming the attribute', () => {
    const msgs = check({
      displayName: [],
      givenName: 'g'.repeat(70),
      mailNickname: '..n',
      proxyAddresses: ['sip:a:b'],
      sAMAccountName: 'a*b"c*',
      userPrincipalName: 'a@b@c.com',
    }).map((f) => f.message);
    expect(msgs).toEqual([
      'displayName is missing',
      'givenName is 70 characters long; the limit is 63',
      'mailNickname starts with a period',
      "proxyAddresses contains ':' after its address-type prefix",
      `sAMAccountName contains characters Entra ID rejects: '*', '"'`,
      "userPrincipalName contains more than one '@'",
    ]);
  });

  it('uses an empty cn when the object has none, and the last objectClass as its type', () => {
    const o = makeObject('CN=x,DC=lab,DC=com', { objectClass: ['top', 'person', 'inetOrgPerson'], givenName: 'g'.repeat(64) });
    const rows = createIdfixValidator().check(o);
    expect(rows.map((f) => [f.attribute, f.cn, f.objectClass, f.suggestedValue])).toEqual([
      ['displayName', '', 'inetOrgPerson', ''],
      ['givenName', '', 'inetOrgPerson', 'g'.repeat(63)],
    ]);
  });

  it('emits rows in chain order: displayName, givenName, mail, mailnickname, proxyAddresses, sAMAccountName, targetAddress, userPrincipalName', () => {
    const rows = check({
      userPrincipalName: 'u p@lab.com',
      targetAddress: 'SMTP:t t@lab.com',
      sAMAccountName: 's*',
      proxyAddresses: ['smtp:p p@lab.com'],
      mailNickname: '.n',
      mail: 'm'.repeat(257),
      givenName: 'g'.repeat(64),
      displayName: 'd'.repeat(256),
    });
    expect(rows.map((f) => f.attribute)).toEqual([
      'displayName',
      'givenName',
      'mail',
      'mailnickname',
      'proxyAddresses',
      'sAMAccountName',
      'targetAddress',
      'userPrincipalName',
    ]);
  });
});

describe('chaining (§3.1)', () => {
  it('runs every rule on the partly fixed value; UPDATE is the last failing rule value; ERROR lists rules in order, flags ascending', () => {
    // 117 chars: Length cuts it to 113 ("...@contoso.l"), Character removes the space, then R-RFC.
    const upn = `j s${'x'.repeat(100)}@contoso.local`;
    const [f] = check({ userPrincipalName: upn });
    expect(f?.idfixErrors).toEqual(['Length', 'Character', 'Format', 'TopLevelDomain', 'DomainPart']);
    expect(f?.idfixErrors?.join(', ')).toBe('Length, Character, Format, TopLevelDomain, DomainPart');
    expect(f?.ruleId).toBe('idfix.length');
    expect(f?.value).toBe(upn);
    expect(f?.suggestedValue).toBe(`js${'x'.repeat(100)}@contoso.l`);
  });

  it('keeps the earlier fix when a later failing rule has no fix of its own (TopLevelDomain)', () => {
    expect(check({ userPrincipalName: 'a(b)@x.local' }).map(brief)).toEqual([
      ['userPrincipalName', 'Character, TopLevelDomain', 'a(b)@x.local', 'ab@x.local', 'Edit'],
    ]);
  });

  it('falls back to cn when removing characters leaves nothing', () => {
    const o = obj({ mailNickname: '...', proxyAddresses: ['  '], userPrincipalName: ' ' });
    const rows = createIdfixValidator({ tlds: idfixLegacyTlds() }).check(o);
    const cn = o.attributes.get('cn')?.[0];
    expect(rows.map(brief)).toEqual([
      ['mailnickname', 'Character', '...', cn, 'Edit'],
      ['proxyAddresses', 'Character', '  ', cn, 'Edit'],
      // the cn ("U…") then goes through R-RFC
      ['userPrincipalName', 'Character, Format, DomainPart, LocalPart', ' ', cn, 'Edit'],
    ]);
  });
});

describe('displayName: R-LEN(255) -> R-BLANK(cn)', () => {
  it('reports an absent displayName for every object type, proposing cn', () => {
    for (const oc of [USER, ['top', 'contact'], ['top', 'group'], ['top', 'person', 'inetOrgPerson']]) {
      const rows = check({ displayName: [], groupType: '-2147483646', mail: 'g@lab.com' }, oc);
      expect(rows.map((f) => [f.attribute, f.idfixErrors, f.value, f.proposedAction])).toEqual([
        ['displayName', ['Blank'], undefined, 'Edit'],
      ]);
      expect(rows[0]?.suggestedValue).toMatch(/^U\d+$/);
    }
  });
  it('reports a present empty displayName as Blank with value ""', () => {
    expect(check({ displayName: '' }).map((f) => [f.idfixErrors, f.value])).toEqual([[['Blank'], '']]);
  });
  it('treats whitespace as not blank and does not check characters', () => {
    expect(check({ displayName: '  <a>  ' })).toEqual([]);
  });
  it('truncates at 255', () => {
    expect(check({ displayName: 'd'.repeat(256) }).map(brief)).toEqual([
      ['displayName', 'Length', 'd'.repeat(256), 'd'.repeat(255), 'Edit'],
    ]);
    expect(check({ displayName: 'd'.repeat(255) })).toEqual([]);
  });
});

describe('givenName: R-LEN(63) only', () => {
  it('checks nothing but length', () => {
    expect(check({ givenName: 'g'.repeat(63) })).toEqual([]);
    expect(check({ givenName: ' <weird> ;' })).toEqual([]);
  });
});

describe('mail: R-LEN(256) -> R-DUP, no character or format check', () => {
  it('does not flag spaces or a missing @', () => {
    expect(check({ mail: 'holly @x.com' })).toEqual([]);
    expect(check({ mail: ' ' })).toEqual([]);
  });
  it('truncates at 256', () => {
    expect(check({ mail: 'm'.repeat(257) }).map((f) => f.suggestedValue)).toEqual(['m'.repeat(256)]);
  });
});

describe('mailnickname: R-LEN(64) -> R-CHR(^[.]+) -> R-DUP', () => {
  it('removes leading periods only', () => {
    expect(check({ mailNickname: 'nick.' })).toEqual([]);
    expect(check({ mailNickname: 'a..b' })).toEqual([]);
    expect(check({ mailNickname: '..a.b.' }).map(brief)).toEqual([['mailnickname', 'Character', '..a.b.', 'a.b.', 'Edit']]);
  });
  it('is spelled mailnickname and not reported when absent', () => {
    expect(check({})).toEqual([]);
  });
  it('chains Length then Character', () => {
    const nick = `.${'n'.repeat(64)}`;
    expect(check({ mailNickname: nick }).map(brief)).toEqual([
      ['mailnickname', 'Length, Character', nick, 'n'.repeat(63), 'Edit'],
    ]);
  });
});

describe('proxyAddresses: R-LEN(256) -> R-COLON -> R-DUP -> class rules', () => {
  const proxy = (...values: string[]) => check({ proxyAddresses: values }).map(brief);

  it('checks every value separately', () => {
    expect(proxy('smtp:a b@lab.com', 'SMTP:ok@lab.com', 'sip:c d@lab.com')).toEqual([
      ['proxyAddresses', 'Character', 'smtp:a b@lab.com', 'smtp:ab@lab.com', 'Edit'],
      ['proxyAddresses', 'Character', 'sip:c d@lab.com', 'sip:cd@lab.com', 'Edit'],
    ]);
  });

  it('smtp (contains "smtp:" anywhere): PROXY_SMTP_BAD then R-RFC', () => {
    expect(proxy('smtp:a;b@lab.com')).toEqual([['proxyAddresses', 'Character', 'smtp:a;b@lab.com', 'smtp:ab@lab.com', 'Edit']]);
    expect(proxy("smtp:o'brien@lab.com")).toEqual([]); // apostrophe allowed since 2.6.0.0
    expect(proxy('smtp:a@lab.local')).toEqual([['proxyAddresses', 'TopLevelDomain', 'smtp:a@lab.local', 'smtp:a@lab.local', 'Edit']]);
    // An X500 value containing "smtp:" is treated as smtp: R-RFC runs on the text after the first ':'.
    expect(proxy('X500:/o=x/cn=smtp:b')).toEqual([
      ['proxyAddresses', 'Character, Format, DomainPart, LocalPart', 'X500:/o=x/cn=smtp:b', 'X500:/o=x/cn=smtpb', 'Edit'],
    ]);
  });

  it('x400 (^x\\.?400): space, ";" and parentheses allowed; apostrophe and tab forbidden', () => {
    expect(proxy('X400:c=US;a= ;p=Org (1);o=Ex')).toEqual([]);
    expect(proxy("x.400:c=US;o=O'Brien")).toEqual([['proxyAddresses', 'Character', "x.400:c=US;o=O'Brien", 'x.400:c=US;o=OBrien', 'Edit']]);
    expect(proxy('x4001\tz')).toEqual([['proxyAddresses', 'Character', 'x4001\tz', 'x4001z', 'Edit']]);
  });

  it('x500 (^x\\.?500): same set as x400', () => {
    expect(proxy('x500:/o=Org/ou=Group (X)/cn=a b')).toEqual([]);
    expect(proxy('X.500:/o=[x]')).toEqual([['proxyAddresses', 'Character', 'X.500:/o=[x]', 'X.500:/o=x', 'Edit']]);
  });

  it('other types: PROXY_OTHER_BAD, where ";" is allowed but space is not', () => {
    expect(proxy('sip:a;b@lab.com')).toEqual([]);
    expect(proxy('EUM:1234;phone-context=x')).toEqual([]);
    expect(proxy('NOTES:a<b')).toEqual([['proxyAddresses', 'Character', 'NOTES:a<b', 'NOTES:ab', 'Edit']]);
    expect(proxy('sip:no-tld-check')).toEqual([]); // no R-RFC outside smtp
  });

  it('R-COLON applies to every type; a value starting with ":" or without one passes', () => {
    expect(proxy('sip:a:b:c')).toEqual([['proxyAddresses', 'Character', 'sip:a:b:c', 'sip:abc', 'Edit']]);
    expect(proxy('X500:/o=a:b')).toEqual([['proxyAddresses', 'Character', 'X500:/o=a:b', 'X500:/o=ab', 'Edit']]);
    expect(proxy(':a:b')).toEqual([]);
    expect(proxy('plain')).toEqual([]);
  });

  it('the original value chooses the class, before any rule runs', () => {
    // Length cuts "smtp:" off the end; the value is still checked as smtp (R-RFC runs).
    const v = `sip:${'a'.repeat(251)}smtp:`; // 260 chars
    expect(proxy(v).map((r) => r[1])).toEqual(['Length, Format, DomainPart, LocalPart']);
  });

  it('flags a value seen twice on the same object (the later one)', () => {
    const rows = check({ proxyAddresses: ['SMTP:a@lab.com', 'smtp:A@lab.com'] });
    expect(rows.map(brief)).toEqual([
      ['proxyAddresses', 'Duplicate', 'SMTP:a@lab.com', 'SMTP:a@lab.com', 'Remove'],
      ['proxyAddresses', 'Duplicate', 'smtp:A@lab.com', 'smtp:A@lab.com', 'Edit'],
    ]);
    expect(rows[1]?.message).toMatch(/appears more than once on this object/);
  });
});

describe('sAMAccountName: R-SAMLEN -> R-CHR(SAM_BAD) -> R-SAMDUP', () => {
  it('limits users to 20 and every other type (inetOrgPerson included) to 256', () => {
    const s21 = 's'.repeat(21);
    expect(check({ sAMAccountName: s21 }).map(brief)).toEqual([['sAMAccountName', 'Length', s21, 's'.repeat(20), 'Edit']]);
    expect(check({ sAMAccountName: s21 }, ['top', 'person', 'organizationalPerson', 'user', 'inetOrgPerson'])).toEqual([]);
    expect(check({ sAMAccountName: s21, mail: 'g@x.com', groupType: '-2147483646' }, ['top', 'group'])).toEqual([]);
    expect(check({ sAMAccountName: 's'.repeat(257) }, ['top', 'contact']).map((f) => f.suggestedValue)).toEqual(['s'.repeat(256)]);
  });
  it('checks length and characters even when the UPN is valid', () => {
    expect(check({ sAMAccountName: 'a/b', userPrincipalName: 'ok@lab.com' }).map(brief)).toEqual([
      ['sAMAccountName', 'Character', 'a/b', 'ab', 'Edit'],
    ]);
  });
  it('allows whitespace and @', () => {
    expect(check({ sAMAccountName: 'a b@c' })).toEqual([]);
  });
  it('forbids each character of SAM_BAD', () => {
    for (const ch of '\\"|,/[]:<>+=;?*') {
      expect(check({ sAMAccountName: `a${ch}b` }).map((f) => f.suggestedValue)).toEqual(['ab']);
    }
  });
});

describe('targetAddress: R-LEN(255) -> R-COLON -> R-DUP -> class rules', () => {
  const target = (v: string) => check({ targetAddress: v }).map(brief);
  it('smtp: TARGET_SMTP_BAD then R-RFC', () => {
    expect(target('SMTP:a\\b@lab.com')).toEqual([['targetAddress', 'Character', 'SMTP:a\\b@lab.com', 'SMTP:ab@lab.com', 'Edit']]);
    expect(target('SMTP:dUserTargetaddressRfc2822@@lab###.com')).toEqual([
      ['targetAddress', 'DomainPart, LocalPart', 'SMTP:dUserTargetaddressRfc2822@@lab###.com', 'SMTP:dUserTargetaddressRfc2822@lab.com', 'Edit'],
    ]);
  });
  it('other: TARGET_OTHER_BAD (";" allowed, backslash forbidden), no R-RFC', () => {
    expect(target('sip:a;b')).toEqual([]);
    expect(target('sip:a\\b')).toEqual([['targetAddress', 'Character', 'sip:a\\b', 'sip:ab', 'Edit']]);
  });
  it('limits to 255 and reads only value [0]', () => {
    expect(target(`X:${'t'.repeat(254)}`).map((r) => r[1])).toEqual(['Length']);
    expect(check({ targetAddress: ['SMTP:ok@lab.com', 'SMTP:b ad@lab.com'] })).toEqual([]);
  });
});

describe('userPrincipalName: R-LEN(113) -> R-CHR(UPN_BAD) -> R-RFC -> R-DUP', () => {
  it('is not reported when absent, and left out with alternateLoginId', () => {
    expect(check({})).toEqual([]);
    expect(check({ userPrincipalName: 'bad upn' }, USER, { alternateLoginId: true })).toEqual([]);
  });
  it('still forbids the apostrophe and the listed umlauts', () => {
    expect(check({ userPrincipalName: "o'brien@lab.com" }).map((f) => f.suggestedValue)).toEqual(['obrien@lab.com']);
    expect(check({ userPrincipalName: 'jürgen@lab.com' }).map((f) => f.idfixErrors)).toEqual([['Character']]);
    expect(check({ userPrincipalName: 'JÜRGEN@lab.com' }).map((f) => f.suggestedValue)).toEqual(['JRGEN@lab.com']);
  });
  it('lets other non-ASCII letters through to R-RFC', () => {
    expect(check({ userPrincipalName: 'rené@lab.com' }).map(brief)).toEqual([
      ['userPrincipalName', 'LocalPart', 'rené@lab.com', 'ren@lab.com', 'Edit'],
    ]);
  });
  it('has no separate local-part or domain-part length limit', () => {
    expect(check({ userPrincipalName: `${'a'.repeat(70)}@${'d'.repeat(30)}.com` })).toEqual([]);
  });
});
