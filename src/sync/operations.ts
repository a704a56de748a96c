/**
 * Facts about operations that the planner, the apply and the journal share: the phase each action
 * runs in, and a create's changes (computed from its properties, never stored).
 */
import type { Action, Change, Properties } from './types.js';

const PHASE: Record<Action, number> = {
  create: 1,
  restore: 1,
  adopt: 2,
  update: 2,
  'set-manager': 3,
  'remove-manager': 3,
  'add-member': 3,
  'remove-member': 4,
  disable: 5,
  delete: 5,
};

/** Every action, in phase order (the order of a plan's counts). */
export const ACTIONS = Object.keys(PHASE) as Action[];

/** The order in which apply runs the operations, phase by phase (docs/sync.md). */
export function phaseOf(action: Action): number {
  return PHASE[action];
}

/** The changes of a create: every property it writes, null → value, by name. */
export function createChanges(props: Properties): Change[] {
  return Object.keys(props)
    .sort()
    .map((k) => ({ attribute: k, old: null, new: props[k]! }));
}

/**
 * A create's changes follow from its properties, so they are computed when read rather than
 * stored: a plan of 100k creates would otherwise hold over a million change objects. The accessor
 * is an own enumerable property in the usual place, so JSON and spreads see a plain `changes`.
 */
export function withCreateChanges<T extends { readonly properties: Properties }>(op: T): T & { readonly changes: Change[] } {
  return Object.defineProperty(op, 'changes', {
    get(this: T) {
      return createChanges(this.properties);
    },
    enumerable: true,
    configurable: true,
  }) as T & { readonly changes: Change[] };
}
