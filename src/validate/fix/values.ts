/**
 * What a modify does to one attribute's value list, and the modify that takes it back.
 * Fixes and undo records change one attribute each, so everything here is per attribute.
 */
import type { AttributeValue, Modification } from '../../directory/types.js';

export function text(v: AttributeValue): string {
  return typeof v === 'string' ? v : v.toString('utf8');
}

/** Index of `value` in `list`: an exact match, else one ignoring case (AD's string matching). */
export function findValue(list: readonly string[], value: string): number {
  const exact = list.indexOf(value);
  if (exact >= 0) return exact;
  const lower = value.toLowerCase();
  return list.findIndex((v) => v.toLowerCase() === lower);
}

/** The attribute's values after `mods`, as LDAP applies them in order. */
export function simulate(before: readonly string[], mods: readonly Modification[]): string[] {
  let values = [...before];
  for (const m of mods) {
    const given = m.values.map(text);
    if (m.operation === 'replace') values = given;
    else if (m.operation === 'add') values.push(...given);
    else if (given.length === 0) values = [];
    else
      for (const v of given) {
        const i = findValue(values, v);
        if (i >= 0) values.splice(i, 1);
      }
  }
  return values;
}

/** Values of `a` not matched one-for-one (exactly) by values of `b`. */
function minus(a: readonly string[], b: readonly string[]): string[] {
  const rest = [...b];
  return a.filter((v) => {
    const i = rest.indexOf(v);
    if (i < 0) return true;
    rest.splice(i, 1);
    return false;
  });
}

/**
 * The modifications that turn the attribute back from its state after `mods` into `before`.
 * Value-level changes are undone value by value (delete what was added, add what was deleted:
 * other values of a multi-valued attribute are left alone); a replace or a whole-attribute
 * delete is undone by restoring the full previous list.
 */
export function inverse(attribute: string, before: readonly string[], mods: readonly Modification[]): Modification[] {
  const after = simulate(before, mods);
  const wholesale = mods.some((m) => m.operation === 'replace' || (m.operation === 'delete' && m.values.length === 0));
  if (!wholesale) {
    const added = minus(after, before);
    const removed = minus(before, after);
    const out: Modification[] = [];
    if (added.length > 0) out.push({ operation: 'delete', attribute, values: added });
    if (removed.length > 0) out.push({ operation: 'add', attribute, values: removed });
    return out;
  }
  if (sameValues(before, after)) return [];
  if (before.length === 0) return [{ operation: 'delete', attribute, values: [] }];
  if (after.length === 0) return [{ operation: 'add', attribute, values: [...before] }];
  return [{ operation: 'replace', attribute, values: [...before] }];
}

/** Same values, exactly, in any order (AD does not keep multi-valued attributes in order). */
export function sameValues(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && minus(a, b).length === 0;
}
