/**
 * One IdFix row per (object, attribute, value). A value can be reported twice: by its own rule
 * chain (say `Character`) and, when a later object's value turned out to duplicate it, by the
 * first-holder row (`Duplicate`). IdFix's export shows such a value once, its error kinds joined
 * (`Character, Duplicate`) with one UPDATE, and `fix` must edit it once; so the rows merge here.
 */
import type { Finding } from '../findings.js';

const keyOf = (f: Finding): string => `${f.dn}\u0000${f.attribute}\u0000${f.value ?? '\u0001'}`;

/**
 * Merges IdFix rows (findings with idfixErrors) about the same object, attribute and value into
 * the first of them, in place of order: its UPDATE and proposed action stay (the value's own
 * chain result), the later rows' error kinds and related objects are added, and their messages
 * appended. Other findings pass through unchanged.
 */
export function mergeIdfixRows(findings: readonly Finding[]): Finding[] {
  const at = new Map<string, number>();
  const out: Finding[] = [];
  for (const f of findings) {
    if (f.idfixErrors === undefined) {
      out.push(f);
      continue;
    }
    const key = keyOf(f);
    const i = at.get(key);
    if (i === undefined) {
      at.set(key, out.length);
      out.push(f);
      continue;
    }
    const first = out[i]!;
    const errors = [...first.idfixErrors!, ...f.idfixErrors.filter((e) => !first.idfixErrors!.includes(e))];
    const related = [...new Set([...(first.related ?? []), ...(f.related ?? [])])];
    out[i] = {
      ...first,
      idfixErrors: errors,
      message: first.message.includes(f.message) ? first.message : `${first.message}; ${f.message}`,
      ...(related.length > 0 ? { related } : {}),
    };
  }
  return out;
}
