/**
 * R-RFC (idfix-rules.md §3.4), the TLD list (improvement a) and the .NET whitespace and `$`
 * semantics (improvement d).
 */
import { describe, expect, it } from 'vitest';
import type { AttributeValue } from '../../src/directory/types.js';
import { makeObject } from '../../src/directory/types.js';
import type { Finding } from '../../src/validate/findings.js';
import { checkRfc2822, createIdfixValidator, DEFAULT_TLDS, idfixLegacyTlds } from '../../src/validate/idfix/index.js';

const LEGACY = idfixLegacyTlds();
const FORMAT = 1;
const TLD = 16;
const DOMAIN = 32;
const LOCAL = 64;

function upnRows(upn: string, tlds?: ReadonlySet<string>): Finding[] {
  const o = makeObject('CN=U,DC=lab,DC=com', { objectClass: ['top', 'user'], cn: 'U', displayName: 'U', userPrincipalName: upn });
  return createIdfixValidator(tlds ? { tlds } : {}).check(o);
}

function rows(attrs: Record<string, AttributeValue | AttributeValue[]>): Finding[] {
  const o = makeObject('CN=U,DC=lab,DC=com', { objectClass: ['top', 'user'], cn: 'U', displayName: 'U', ...attrs });
  return createIdfixValidator().check(o);
}

describe('R-RFC step by step', () => {
  it('passes a well-formed address', () => {
    expect(checkRfc2822('first.last+tag@sub.contoso.com', LEGACY)).toBeUndefined();
    expect(checkRfc2822("o'brien{x}@a-b.co.uk", LEGACY)).toBeUndefined();
  });

  it('strips the prefix up to the FIRST colon when "smtp:" occurs anywhere, and trims it in the fix', () => {
    expect(checkRfc2822('x:smtp:a@lab.com', LEGACY)).toEqual({ flags: LOCAL, value: 'x:smtpa@lab.com', tld: undefined });
    expect(checkRfc2822(' SMTP:a@lab.local', LEGACY)).toEqual({ flags: TLD, value: 'SMTP:a@lab.local', tld: '.local' });
  });

  it('takes the TLD from the last dot of the whole value, lower-cased', () => {
    expect(checkRfc2822('a@b.COM', LEGACY)).toBeUndefined();
    expect(checkRfc2822('a.b@host', LEGACY)).toEqual({ flags: FORMAT | TLD | DOMAIN, value: 'a.b@host', tld: '.b@host' });
    expect(checkRfc2822('a@x.edu.au', LEGACY)).toBeUndefined(); // ".au" is what is looked up
  });

  it('does not check a lone trailing dot as a TLD', () => {
    expect(checkRfc2822('a@contoso.com.', LEGACY)).toEqual({ flags: FORMAT | DOMAIN, value: 'a@contoso.com.', tld: undefined });
  });

  it('fixes the domain part only when it fails, removing characters outside [A-Za-z0-9.-] after the last @', () => {
    expect(checkRfc2822('a@b_c.com', LEGACY)).toEqual({ flags: DOMAIN, value: 'a@bc.com', tld: undefined });
  });

  it('fixes the local part: removes disallowed characters and extra @, and one ".@"', () => {
    expect(checkRfc2822('a b@@c.com', LEGACY)).toEqual({ flags: LOCAL, value: 'ab@c.com', tld: undefined });
    expect(checkRfc2822('.a@c.com', LEGACY)).toEqual({ flags: FORMAT | LOCAL, value: '.a@c.com', tld: undefined });
    expect(checkRfc2822('a...@c.com', LEGACY)).toEqual({ flags: FORMAT | LOCAL, value: 'a..@c.com', tld: undefined });
  });

  it('fails DOMAIN_PART for TLDs with digits, hyphens or more than 17 letters', () => {
    expect(checkRfc2822('a@b.xn--p1ai', DEFAULT_TLDS)).toEqual({ flags: FORMAT | DOMAIN, value: 'a@b.xn--p1ai', tld: undefined });
    expect(checkRfc2822('a@b.xn--p1ai', LEGACY)?.flags).toBe(FORMAT | TLD | DOMAIN);
    expect(checkRfc2822(`a@b.${'q'.repeat(18)}`, new Set([`.${'q'.repeat(18)}`]))?.flags).toBe(FORMAT | DOMAIN);
    expect(checkRfc2822(`a@b.${'q'.repeat(17)}`, new Set([`.${'q'.repeat(17)}`]))).toBeUndefined();
  });

  it('treats U+212A KELVIN SIGN as a letter, as .NET invariant IgnoreCase does', () => {
    expect(checkRfc2822('user@\u212Aontoso.com', LEGACY)).toBeUndefined();
  });
});

describe('.NET `$`: end of input or before a final "\\n" (improvement d)', () => {
  it('matches DOMAIN_PART and RFC2822 before a final line feed; only the TLD (".com\\n") fails', () => {
    expect(checkRfc2822('SMTP:a6@lab.com\n', LEGACY)).toEqual({ flags: TLD, value: 'SMTP:a6@lab.com\n', tld: '.com\n' });
  });
  it('does not match before two line feeds or a final carriage return (the domain fix then removes them)', () => {
    expect(checkRfc2822('a@lab.com\n\n', LEGACY)).toEqual({ flags: TLD | DOMAIN, value: 'a@lab.com', tld: '.com\n\n' });
    expect(checkRfc2822('a@lab.com\r', LEGACY)).toEqual({ flags: TLD | DOMAIN, value: 'a@lab.com', tld: '.com\r' });
  });
});

describe('TLD list (improvement a)', () => {
  it('accepts current IANA TLDs missing from IdFix 2015 list', () => {
    for (const tld of ['app', 'shop', 'blog', 'llc', 'inc']) {
      expect(upnRows(`a@contoso.${tld}`)).toEqual([]);
      expect(upnRows(`a@contoso.${tld}`, LEGACY).map((f) => f.idfixErrors)).toEqual([['TopLevelDomain']]);
    }
  });

  it('rejects non-registered suffixes such as .local, .lan, .internal, .corp', () => {
    for (const tld of ['local', 'lan', 'internal', 'corp']) {
      const [f] = upnRows(`a@contoso.${tld}`);
      expect(f?.idfixErrors).toEqual(['TopLevelDomain']);
      expect(f?.message).toBe(`userPrincipalName's top-level domain '.${tld}' is not a registered internet domain`);
    }
  });

  it('holds lower-case entries with a leading dot, Unicode IDNs and their xn-- forms', () => {
    expect(DEFAULT_TLDS.size).toBeGreaterThan(1400);
    for (const t of ['.com', '.app', '.swiss', '.рф', '.xn--p1ai', '.みんな', '.xn--q9jyb4c']) expect(DEFAULT_TLDS.has(t)).toBe(true);
    for (const t of ['.local', 'com', '.COM']) expect(DEFAULT_TLDS.has(t)).toBe(false);
    expect([...DEFAULT_TLDS].every((t) => t.startsWith('.') && t === t.toLowerCase())).toBe(true);
  });

  it("is IdFix's 920-entry list when idfixLegacyTlds() is passed", () => {
    expect(LEGACY.size).toBe(920);
    expect(LEGACY.has('.edu.au') && LEGACY.has('.cloud') && LEGACY.has('.africa') && LEGACY.has('.vermögensberater')).toBe(true);
    expect(LEGACY.has('.app')).toBe(false);
  });

  it('uses a custom set as given', () => {
    const corp = new Set(['.corp']);
    expect(upnRows('a@x.corp', corp)).toEqual([]);
    expect(upnRows('a@x.com', corp).map((f) => f.idfixErrors)).toEqual([['TopLevelDomain']]);
  });
});

describe('.NET whitespace (improvement d)', () => {
  const NET_WS = [
    '\t', '\n', '\v', '\f', '\r', ' ', '\u0085', '\u00A0', '\u1680',
    '\u2000', '\u2001', '\u2002', '\u2003', '\u2004', '\u2005', '\u2006', '\u2007', '\u2008', '\u2009', '\u200A',
    '\u2028', '\u2029', '\u202F', '\u205F', '\u3000',
  ];

  it('counts every char.IsWhiteSpace character, U+0085 included, as a forbidden character', () => {
    for (const ws of NET_WS) {
      expect(upnRows(`a${ws}b@lab.com`).map((f) => [f.idfixErrors, f.suggestedValue])).toEqual([[['Character'], 'ab@lab.com']]);
    }
    expect(upnRows('a\u0085b@lab.com')[0]?.message).toBe('userPrincipalName contains characters Entra ID rejects: U+0085 (next line)');
  });

  it('does not count U+FEFF (JS whitespace only): R-RFC catches it in the local part instead', () => {
    expect(upnRows('a\uFEFFb@lab.com').map((f) => [f.idfixErrors, f.suggestedValue])).toEqual([[['LocalPart'], 'ab@lab.com']]);
    expect(rows({ proxyAddresses: 'sip:a\uFEFFb' })).toEqual([]);
    expect(rows({ proxyAddresses: 'sip:a\u0085b' }).map((f) => f.suggestedValue)).toEqual(['sip:ab']);
  });

  it('trims the smtp prefix with .NET Trim (U+0085 yes, U+FEFF no)', () => {
    expect(checkRfc2822('\u0085SMTP:a@lab.local', LEGACY)?.value).toBe('SMTP:a@lab.local');
    expect(checkRfc2822('\uFEFFSMTP:a@lab.local', LEGACY)?.value).toBe('\uFEFFSMTP:a@lab.local');
  });
});
