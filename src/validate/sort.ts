import type { Finding } from './findings.js';

const collator = new Intl.Collator('en', { sensitivity: 'accent' });

/**
 * IdFix sorts rows by DN, culture-sensitive and ignoring case, keeping emission order for equal
 * DNs. An object's findings share one DN, so the DNs are grouped first (emission order within a
 * group) and only the distinct DNs are sorted: a stable sort of the rows, with a few times fewer
 * comparisons.
 */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    // Case folded, as the collator ignores case: DNs it calls equal land in one group.
    const key = f.dn.toLowerCase();
    const g = groups.get(key);
    if (g === undefined) groups.set(key, [f]);
    else g.push(f);
  }
  const keys = [...groups.keys()].sort((a, b) => collator.compare(a, b));
  return keys.flatMap((k) => groups.get(k)!);
}
