import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/validate/findings.js';
import { sortFindings } from '../../src/validate/sort.js';

const collator = new Intl.Collator('en', { sensitivity: 'accent' });

describe('sortFindings', () => {
  it('orders like a stable sort of every row by DN (culture-sensitive, case ignored), emission order kept for equal DNs', () => {
    const dns = ['CN=Zoë,OU=A,DC=x', 'CN=zoe,OU=A,DC=x', 'CN=Åsa,OU=B,DC=x', 'CN=asa,OU=B,DC=x', 'CN=Bob,DC=x', 'cn=BOB,dc=X', 'CN=Éva,DC=x', 'CN=eva,DC=x'];
    let seed = 7;
    const next = (): number => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) >>> 16;
    // Interleaved, as entra.finish() and cloud findings come after every object's own.
    const rows = Array.from({ length: 400 }, (_, i) => ({ dn: dns[next() % dns.length]!, ruleId: `r${i}` }) as unknown as Finding);
    const expected = [...rows].sort((a, b) => collator.compare(a.dn, b.dn));
    expect(sortFindings(rows).map((f) => f.ruleId)).toEqual(expected.map((f) => f.ruleId));
  });
});
