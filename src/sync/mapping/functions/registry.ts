/** Every function the language knows, looked up case-insensitively. */
import { DATE_FUNCTIONS } from './dates.js';
import type { FunctionDef } from './define.js';
import { LOGIC_FUNCTIONS } from './logic.js';
import { REPLACE } from './replace.js';
import { TEXT_FUNCTIONS } from './text.js';

export type { FunctionDef } from './define.js';

export const FUNCTIONS: ReadonlyMap<string, FunctionDef> = new Map(
  [...TEXT_FUNCTIONS, ...LOGIC_FUNCTIONS, ...DATE_FUNCTIONS, REPLACE].map((f) => [f.name.toLowerCase(), f]),
);

const APP_ROLES = 'it reads Entra app role assignments, which Active Directory objects do not have';

/** Documented functions cloudsync does not evaluate, with the reason given in the parse error. */
export const UNSUPPORTED: ReadonlyMap<string, { readonly name: string; readonly reason: string }> = new Map(
  (
    [
      ['AppRoleAssignmentsComplex', APP_ROLES],
      ['SingleAppRoleAssignment', APP_ROLES],
      ['PCase', 'not implemented by cloudsync; combine ToUpper(Left(…)) and ToLower(Mid(…)) instead'],
      ['RandomString', 'random values do not belong in an AD → Entra mapping (cloudsync sets initial passwords itself)'],
      ['Redact', 'it only hides values in Entra provisioning logs; remove it (cloudsync redacts secrets in its journals)'],
    ] as const
  ).map(([name, reason]) => [name.toLowerCase(), { name, reason }]),
);

export function describeArity(f: FunctionDef): string {
  if (f.pairs === true) return `an even number of arguments, at least ${f.min}`;
  if (f.min === f.max) return f.min === 0 ? 'no arguments' : `${f.min} argument${f.min === 1 ? '' : 's'}`;
  if (f.max === Infinity) return `at least ${f.min} arguments`;
  return `${f.min} to ${f.max} arguments`;
}
