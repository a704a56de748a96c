import { describe, expect, it } from 'vitest';
import { parseFilter } from '../../src/emulator/graph/filter-parse.js';
import { advancedOperator, evaluate, indexable, validateFilter } from '../../src/emulator/graph/filter.js';
import { USER } from '../../src/emulator/graph/schema.js';

const alice = {
  userPrincipalName: 'Alice@Contoso.com',
  displayName: "Alice O'Hara",
  accountEnabled: true,
  proxyAddresses: ['SMTP:alice@contoso.com', 'smtp:a@contoso.com', 'X500:/o=x/cn=alice'],
  identities: [{ signInType: 'userPrincipalName', issuer: 'contoso.onmicrosoft.com', issuerAssignedId: 'alice@contoso.com' }],
  onPremisesExtensionAttributes: { extensionAttribute1: 'blue' },
  createdDateTime: '2024-05-01T10:00:00Z',
  department: null,
};
const matches = (f: string, props: Record<string, unknown> = alice): boolean => {
  const e = parseFilter(f);
  validateFilter(e, USER);
  return evaluate(e, props);
};

describe('emulator $filter', () => {
  it.each([
    ["userPrincipalName eq 'alice@contoso.com'", true],
    ["userPrincipalName eq 'bob@contoso.com'", false],
    ["startswith(displayName,'alice o''')", true],
    ["endswith(userPrincipalName,'@CONTOSO.COM')", true],
    ['accountEnabled eq true and not(accountEnabled eq false)', true],
    ["userPrincipalName in ('x@contoso.com', 'ALICE@contoso.com')", true],
    ["proxyAddresses/any(p:p eq 'smtp:A@contoso.com')", true],
    ["proxyAddresses/any(p:startswith(p,'x500:'))", true],
    ["proxyAddresses/all(p:startswith(p,'smtp:'))", false],
    ["identities/any(i:i/issuer eq 'contoso.onmicrosoft.com' and i/issuerAssignedId eq 'alice@contoso.com')", true],
    ["onPremisesExtensionAttributes/extensionAttribute1 eq 'BLUE'", true],
    ['department eq null', true],
    ["department ne null or displayName eq 'x'", false],
    ['createdDateTime ge 2024-01-01T00:00:00Z and createdDateTime lt 2025-01-01T00:00:00Z', true],
    ["(userPrincipalName eq 'x' or userPrincipalName eq 'alice@contoso.com') and accountEnabled eq true", true],
  ])('%s → %s', (f, want) => {
    expect(matches(f)).toBe(want);
  });

  it('rejects unknown properties, bad syntax, contains, and lambdas on single values', () => {
    expect(() => matches("shoeSize eq 9")).toThrow("Could not find a property named 'shoeSize' on type 'microsoft.graph.user'.");
    expect(() => matches("passwordProfile eq null")).toThrow(/Could not find a property named 'passwordProfile'/);
    expect(() => parseFilter("userPrincipalName eq 'unterminated")).toThrow(/Invalid filter clause/);
    expect(() => parseFilter('userPrincipalName')).toThrow(/expected an operator/);
    expect(() => matches("contains(displayName,'x')")).toThrow(/Unsupported or invalid query filter clause/);
    expect(() => matches("displayName/any(d:d eq 'x')")).toThrow(/Unsupported or invalid query filter clause specified for property 'displayName'/);
  });

  it('limits OR clauses and in-lists to 15, as directory queries do', () => {
    const list = (n: number) => Array.from({ length: n }, (_, i) => `'u${i}'`).join(',');
    expect(() => validateFilter(parseFilter(`userPrincipalName in (${list(15)})`), USER)).not.toThrow();
    expect(() => validateFilter(parseFilter(`userPrincipalName in (${list(16)})`), USER)).toThrow("Too many child clauses specified in search filter expression containing 'OR' operators: 16. Max allowed: 15.");
    const ors = Array.from({ length: 10 }, (_, i) => `mail eq 'm${i}'`).join(' or ');
    expect(() => validateFilter(parseFilter(`${ors} or userPrincipalName in (${list(6)})`), USER)).toThrow(/: 16\. Max allowed: 15\./);
  });

  it('names the operators that need an advanced query', () => {
    expect(advancedOperator(parseFilter("mail ne 'x'"))).toBe('ne');
    expect(advancedOperator(parseFilter("not(mail eq 'x')"))).toBe('not');
    expect(advancedOperator(parseFilter("endswith(mail,'x')"))).toBe('endsWith');
    expect(advancedOperator(parseFilter("startswith(mail,'x') or mail in ('a')"))).toBeUndefined();
  });

  it('finds conditions an index can answer', () => {
    expect(indexable(parseFilter("userPrincipalName eq 'a'"))).toEqual([{ property: 'userPrincipalName', values: ['a'] }]);
    expect(indexable(parseFilter("'a' eq mail"))).toEqual([{ property: 'mail', values: ['a'] }]);
    expect(indexable(parseFilter("proxyAddresses/any(x:x eq 'smtp:a')"))).toEqual([{ property: 'proxyAddresses', values: ['smtp:a'] }]);
    expect(indexable(parseFilter("accountEnabled eq true and onPremisesImmutableId eq 'k'"))).toEqual([{ property: 'accountEnabled', values: [true] }]);
    expect(indexable(parseFilter("mail eq 'a' or userPrincipalName in ('b','c')"))).toEqual([
      { property: 'mail', values: ['a'] },
      { property: 'userPrincipalName', values: ['b', 'c'] },
    ]);
    expect(indexable(parseFilter("mail eq 'a' or startswith(userPrincipalName,'b')"))).toBeUndefined();
    expect(indexable(parseFilter("mail ne 'a'"))).toBeUndefined();
  });

  it('parses GUIDs, numbers and date-times as literals', () => {
    const e = parseFilter('assignedLicenses/any(x:x/skuId eq 6fd2c87f-b296-42f0-b197-1e91e994b900)');
    expect(evaluate(e, { assignedLicenses: [{ skuId: '6fd2c87f-b296-42f0-b197-1e91e994b900' }] })).toBe(true);
    expect(evaluate(parseFilter('x gt -5'), { x: 3 })).toBe(true);
  });
});
