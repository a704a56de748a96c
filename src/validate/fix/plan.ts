/**
 * Decides what one CSV row does to the object as AD has it now: skip, refuse, or exactly which
 * modifications (always one modify request per row).
 */
import { attrStrings, BINARY_ATTRIBUTES, type DirectoryObject, type Modification } from '../../directory/types.js';
import type { FixRow } from './csv.js';
import { findValue } from './values.js';

export interface NoChange {
  readonly kind: 'skip' | 'refuse';
  readonly reason: string;
}

export type RowPlan =
  | NoChange
  | {
      readonly kind: 'change';
      /** The attribute's values as read just now, before the change. */
      readonly before: readonly string[];
      readonly changes: readonly Modification[];
      /** Something the user should know about how the row was applied. */
      readonly note?: string;
    };

const ATTRIBUTE_NAME = /^[A-Za-z][A-Za-z0-9-]*$/;

const SKIPPED: Readonly<Record<string, string>> = {
  '': 'no action chosen',
  COMPLETE: 'marked complete',
  UNDO: "UNDO rows come from IdFix's undo mode; revert cloudsync changes with `cloudsync undo <undo file>`",
  FAIL: 'marked FAIL (an earlier IdFix apply failed); set ACTION to EDIT or REMOVE to try again',
};

/** Rows that need no directory read: no action to take, or nothing a modify could be built from. */
export function precheck(row: FixRow): NoChange | undefined {
  const skipped = SKIPPED[row.action];
  if (skipped !== undefined) return { kind: 'skip', reason: skipped };
  if (row.dn === '') return { kind: 'refuse', reason: 'DISTINGUISHEDNAME is empty' };
  if (!ATTRIBUTE_NAME.test(row.attribute)) return { kind: 'refuse', reason: `'${row.attribute}' is not an attribute name` };
  if (BINARY_ATTRIBUTES.has(row.attribute.toLowerCase())) {
    return { kind: 'refuse', reason: `${row.attribute} is binary; a CSV cannot hold its values` };
  }
  if (isProxy(row) && row.value === '') {
    return { kind: 'refuse', reason: 'VALUE is empty: nothing says which proxyAddresses value to change' };
  }
  return undefined;
}

export function isProxy(row: FixRow): boolean {
  return row.attribute.toLowerCase() === 'proxyaddresses';
}

function quoteList(values: readonly string[]): string {
  return values.length === 0 ? 'no value' : values.map((v) => `'${v}'`).join(', ');
}

function changed(current: readonly string[], row: FixRow): RowPlan {
  const expected = row.value === '' ? 'no value' : `'${row.value}'`;
  return { kind: 'refuse', reason: `AD now has ${quoteList(current)} (expected ${expected}); re-run validate` };
}

/** The plan for an EDIT or REMOVE row, given the object as just read (undefined: it is gone). */
export function planRow(row: FixRow, object: DirectoryObject | undefined): RowPlan {
  const early = precheck(row);
  if (early) return early;
  if (!object) return { kind: 'refuse', reason: 'object no longer exists' };
  const before = attrStrings(object, row.attribute);
  return isProxy(row) ? planProxy(row, before) : planSingle(row, before);
}

function planProxy(row: FixRow, before: readonly string[]): RowPlan {
  const attribute = row.attribute;
  const at = findValue(before, row.value);
  if (at < 0) return changed(before, row);
  const stored = before[at] as string; // AD matches proxyAddresses ignoring case; send what it stores
  const matchNote = stored === row.value ? undefined : `matched '${stored}' ignoring case`;
  const deleteStored: Modification = { operation: 'delete', attribute, values: [stored] };
  const plan = (changes: Modification[], note?: string): RowPlan => {
    const notes = [matchNote, note].filter((n) => n !== undefined).join('; ');
    return { kind: 'change', before, changes, ...(notes ? { note: notes } : {}) };
  };

  if (row.action === 'REMOVE' || row.update === '') return plan([deleteStored]);
  if (row.update === row.value || row.update === stored) return { kind: 'skip', reason: 'no change' };
  const others = before.filter((_, i) => i !== at);
  const twin = findValue(others, row.update);
  if (twin >= 0) return plan([deleteStored], `'${row.update}' is already present as '${others[twin]}'; only the old value is deleted`);
  // Delete and add in ONE request: the server applies both or neither, so a failed add can
  // never lose the old address (IdFix sends two requests).
  return plan([deleteStored, { operation: 'add', attribute, values: [row.update] }]);
}

function planSingle(row: FixRow, before: readonly string[]): RowPlan {
  const attribute = row.attribute;
  const current = before[0];
  if (before.length > 1) {
    return { kind: 'refuse', reason: `${attribute} has ${before.length} values; only proxyAddresses rows may change a multi-valued attribute` };
  }
  if (row.value === '' ? current !== undefined : current !== row.value) return changed(before, row);

  if (row.action === 'REMOVE' || row.update === '') {
    if (current === undefined) return { kind: 'refuse', reason: `nothing to delete: ${attribute} is already empty` };
    // Deleting the value read (not the whole attribute) makes the server refuse the change if
    // someone altered it since the read.
    return { kind: 'change', before, changes: [{ operation: 'delete', attribute, values: [current] }] };
  }
  if (row.update === current) return { kind: 'skip', reason: 'no change' };
  return { kind: 'change', before, changes: [{ operation: 'replace', attribute, values: [row.update] }] };
}
