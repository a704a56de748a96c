/**
 * The filters of `cloudsync logs show`: action, user (DN, UPN or display name fragment of the
 * object, its member or its manager), attribute, time and failures.
 */
import { CloudsyncError } from '../../errors.js';
import type { OperationFields } from '../../sync/store/journal.js';
import type { Action, ObjectRef } from '../../sync/types.js';
import type { OperationRow, OperationStatus } from './types.js';

export const ACTIONS: readonly Action[] = ['create', 'restore', 'adopt', 'update', 'set-manager', 'remove-manager', 'add-member', 'remove-member', 'disable', 'delete'];

/** Other names people use for the journal's actions. */
const ALIASES: Readonly<Record<string, readonly Action[]>> = {
  'member-add': ['add-member'],
  'member-remove': ['remove-member'],
  member: ['add-member', 'remove-member'],
  manager: ['set-manager', 'remove-manager'],
  'manager-set': ['set-manager'],
  'manager-remove': ['remove-manager'],
};

/** Statuses `--failed` selects: everything final that did not succeed. */
export const FAILED_STATUSES: ReadonlySet<OperationStatus> = new Set(['failed', 'skipped', 'unknown', 'not-run']);

/** `--action` values (repeatable, comma-separated) as journal actions. */
export function parseActions(values: readonly string[]): Set<Action> {
  const out = new Set<Action>();
  for (const raw of values.flatMap((v) => v.split(','))) {
    const v = raw.trim().toLowerCase();
    if (v === '') continue;
    const mapped = (ACTIONS as readonly string[]).includes(v) ? [v as Action] : ALIASES[v];
    if (mapped === undefined) {
      throw new CloudsyncError('usage', `--action "${raw.trim()}" is not an action: use ${[...ACTIONS, ...Object.keys(ALIASES)].join(', ')}`);
    }
    for (const a of mapped) out.add(a);
  }
  if (out.size === 0) throw new CloudsyncError('usage', '--action needs a value, e.g. --action update');
  return out;
}

export interface OperationFilter {
  readonly actions?: ReadonlySet<Action>;
  /** Lower-case fragment. */
  readonly user?: string;
  /** Lower-case attribute name. */
  readonly attribute?: string;
  /** ms since the epoch: operations whose last line is at or after it. */
  readonly since?: number;
  readonly failed?: boolean;
}

export function makeFilter(o: { action?: readonly string[]; user?: string; attribute?: string; since?: number; failed?: boolean }): OperationFilter {
  const user = o.user?.trim().toLowerCase();
  const attribute = o.attribute?.trim().toLowerCase();
  if (o.user !== undefined && !user) throw new CloudsyncError('usage', '--user needs a UPN, DN or part of a name');
  if (o.attribute !== undefined && !attribute) throw new CloudsyncError('usage', '--attribute needs an attribute name, e.g. --attribute department');
  return {
    ...(o.action !== undefined && o.action.length > 0 ? { actions: parseActions(o.action) } : {}),
    ...(user ? { user } : {}),
    ...(attribute ? { attribute } : {}),
    ...(o.since !== undefined ? { since: o.since } : {}),
    ...(o.failed ? { failed: true } : {}),
  };
}

function refMatches(r: Pick<ObjectRef, 'dn' | 'upn' | 'displayName'> | undefined, q: string): boolean {
  if (r === undefined) return false;
  return (r.dn?.toLowerCase().includes(q) ?? false) || (r.upn?.toLowerCase().includes(q) ?? false) || (r.displayName?.toLowerCase().includes(q) ?? false);
}

/** `department` matches `department`; `extensionAttribute1` also matches `onPremisesExtensionAttributes.extensionAttribute1`. */
function attributeMatches(name: string, q: string): boolean {
  const n = name.toLowerCase();
  return n === q || n.slice(n.lastIndexOf('.') + 1) === q;
}

/** manager and members are references, changed by their own operations rather than listed in changes. */
function referenceAttribute(o: OperationFields, q: string): boolean {
  if (q === 'manager') return o.action === 'set-manager' || o.action === 'remove-manager';
  if (q === 'members' || q === 'member') return o.action === 'add-member' || o.action === 'remove-member';
  return false;
}

/** The filters known from any line of the operation (what and whom). */
export function matchesFields(f: OperationFilter, o: OperationFields): boolean {
  if (f.actions !== undefined && !f.actions.has(o.action)) return false;
  if (f.user !== undefined && !refMatches(o, f.user) && !refMatches(o.member, f.user) && !refMatches(o.manager, f.user)) return false;
  if (f.attribute !== undefined && !(o.changes ?? []).some((c) => attributeMatches(c.attribute, f.attribute!)) && !referenceAttribute(o, f.attribute)) return false;
  return true;
}

/** The filters that need the final status and time. */
export function matchesFinal(f: OperationFilter, r: OperationRow): boolean {
  if (f.failed && !FAILED_STATUSES.has(r.status)) return false;
  if (f.since !== undefined && Date.parse(r.time) < f.since) return false;
  return true;
}

export function isEmptyFilter(f: OperationFilter): boolean {
  return Object.keys(f).length === 0;
}
