import type { Finding } from './findings.js';

const collator = new Intl.Collator('en', { sensitivity: 'accent' });

/**
 * IdFix sorts rows by DN, culture-sensitive and ignoring case, keeping emission order for equal
 * DNs. Array.prototype.sort is stable, so equal DNs keep rule order.
 */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => collator.compare(a.dn, b.dn));
}
