import { AndFilter, EqualityFilter } from 'ldapts';
import { describe, expect, it } from 'vitest';
import { wireFilter } from '../../src/directory/ad/binary-filter.js';

describe('wireFilter: escaped bytes reach the DC as those bytes', () => {
  it('passes filters without high escapes through unchanged', () => {
    expect(wireFilter('(&(objectClass=user)(cn=a\\2ab))')).toBe('(&(objectClass=user)(cn=a\\2ab))');
    expect(wireFilter(undefined)).toBeUndefined();
  });

  it('a binary objectGUID equality becomes a Buffer of exactly the 16 bytes', () => {
    const guid = Buffer.from('8f1c926ea45b2d4c8a1e5b337c2a9f10', 'hex');
    const escaped = [...guid].map((b) => `\\${b.toString(16).padStart(2, '0')}`).join('');
    const f = wireFilter(`(&(objectClass=user)(objectGUID=${escaped}))`);
    expect(f).toBeInstanceOf(AndFilter);
    const eq = (f as AndFilter).filters[1] as EqualityFilter;
    expect(eq).toBeInstanceOf(EqualityFilter);
    expect(Buffer.isBuffer(eq.value)).toBe(true);
    expect((eq.value as Buffer).equals(guid)).toBe(true);
  });

  it('escaped UTF-8 and literal non-ASCII text both become the text itself', () => {
    const escaped = wireFilter('(cn=J\\c3\\b6rg)') as EqualityFilter;
    expect(escaped.value).toBe('Jörg');
    const mixed = wireFilter('(&(cn=Jörg)(x=\\c3\\a4))') as AndFilter;
    expect((mixed.filters[0] as EqualityFilter).value).toBe('Jörg');
    expect((mixed.filters[1] as EqualityFilter).value).toBe('ä');
  });
});
