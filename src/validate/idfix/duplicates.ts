/**
 * The run-wide duplicate store (§6): one Map per attribute, keyed by the case-folded chain
 * value, pointing at a compact record of the first object that had it. O(1) per value, where
 * IdFix scans lists (O(n²) per attribute).
 *
 * Key folding: IdFix compares with .NET InvariantCultureIgnoreCase, a linguistic comparison.
 * String.toLowerCase() is identical for ASCII. For other text it can differ: .NET ignores
 * "ignorable" characters (NUL, soft hyphen U+00AD, zero-width joiners …) and may treat some
 * sequences as equal (e.g. "ß" and "ss", precomposed vs decomposed accents), which this store
 * does not; and toLowerCase() uses full Unicode mappings (e.g. U+0130 -> "i̇").
 */
import type { ProposedAction } from '../findings.js';

/** The holder's object, shared by all the values it records. */
export interface Owner {
  readonly dn: string;
  readonly cn: string;
  readonly objectClass: string;
}

/** A first holder, materialized when a second holder appears. */
export interface FirstHolder extends Owner {
  /** Its original attribute value (IdFix's VALUE). */
  readonly original: string;
  /** Its chain value at the R-DUP position (the compared value; its UPDATE). */
  readonly value: string;
  /** §6.3 action for the first holder's own entry. */
  readonly action: ProposedAction;
}

/** The comparison key of a value (see the note above on Unicode). */
export function duplicateKey(value: string): string {
  return value.toLowerCase();
}

/**
 * Records live in parallel arrays indexed by the number each attribute map holds, so a
 * recorded value costs a map entry and three array slots, not an object (GC matters at 10⁵+).
 */
export class DuplicateStore {
  private readonly byAttribute = new Map<string, Map<string, number>>();
  private readonly owners: Owner[] = [];
  private readonly originals: string[] = [];
  private readonly values: string[] = [];
  private readonly actions: ProposedAction[] = [];
  private readonly seenTwice = new Set<number>();

  /** The map of one attribute (created on first use): duplicateKey(value) -> record number. */
  mapFor(attr: string): Map<string, number> {
    let m = this.byAttribute.get(attr);
    if (m === undefined) {
      m = new Map();
      this.byAttribute.set(attr, m);
    }
    return m;
  }

  record(map: Map<string, number>, key: string, owner: Owner, original: string, value: string, action: ProposedAction): void {
    map.set(key, this.values.length);
    this.owners.push(owner);
    this.originals.push(original);
    this.values.push(value);
    this.actions.push(action);
  }

  holder(i: number): FirstHolder {
    const o = this.owners[i] as Owner;
    return {
      dn: o.dn,
      cn: o.cn,
      objectClass: o.objectClass,
      original: this.originals[i] as string,
      value: this.values[i] as string,
      action: this.actions[i] as ProposedAction,
    };
  }

  /** True the first time record i gets a second holder. */
  markSecond(i: number): boolean {
    if (this.seenTwice.has(i)) return false;
    this.seenTwice.add(i);
    return true;
  }
}
