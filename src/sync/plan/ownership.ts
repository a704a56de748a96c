/**
 * Ownership recorded in Entra (docs/state.md, "Ownership in Entra"): when the ownership
 * extensions are set up, every object cloudsync creates, adopts or restores carries its anchor
 * and this configuration's marker. The planner then manages what the local state names *and*
 * what carries this configuration's marker, so a run from a fresh state directory plans what a
 * run with state plans; an object carrying another configuration's marker is never touched.
 */
import type { OwnershipNames } from '../../directory/entra/ownership.js';
import type { ManagedEntry, SyncState } from '../store/state.js';
import type { CloudGroup, CloudSnapshot, CloudUser, PropertyValue } from '../types.js';

/** The extensions' names and this configuration's marker (markerFor). */
export interface PlanOwnership {
  readonly names: OwnershipNames;
  readonly marker: string;
  /** Only these anchors are taken from the markers (test-user's one object: nothing else is planned). */
  readonly onlyAnchors?: ReadonlySet<string>;
}

/** True when the object carries another configuration's marker. */
export function ownedByAnother(o: CloudUser | CloudGroup, ownership: PlanOwnership | undefined): boolean {
  const m = o.ownership?.marker ?? null;
  return ownership !== undefined && m !== null && m !== ownership.marker;
}

/**
 * The state the planner works from: the local state without the objects another configuration
 * has marked, plus the objects this configuration's marker names (users by onPremisesImmutableId,
 * else the anchor extension; groups by the anchor extension, which makes their hard match).
 */
export function ownedState(state: SyncState, cloud: CloudSnapshot, ownership: PlanOwnership | undefined): SyncState {
  if (ownership === undefined) return state;
  const wanted = (anchor: string): boolean => ownership.onlyAnchors === undefined || ownership.onlyAnchors.has(anchor);
  const managed = new Map<string, ManagedEntry>(state.managed);
  const groupAnchor = new Map<string, string>();
  for (const [anchor, e] of managed) if (e.kind === 'group' && e.cloudId !== undefined) groupAnchor.set(e.cloudId, anchor);
  for (const u of cloud.users) {
    const anchor = u.onPremisesImmutableId ?? u.ownership?.anchor ?? null;
    if (anchor === null) continue;
    if (ownedByAnother(u, ownership)) {
      if (managed.get(anchor)?.kind === 'user') managed.delete(anchor);
    } else if (u.ownership?.marker === ownership.marker && !managed.has(anchor) && wanted(anchor)) {
      managed.set(anchor, { kind: 'user', cloudId: u.id });
    }
  }
  const groupIds = new Set(cloud.groups.map((g) => g.id));
  for (const g of cloud.groups) {
    if (ownedByAnother(g, ownership)) {
      const anchor = groupAnchor.get(g.id);
      if (anchor !== undefined) managed.delete(anchor);
      continue;
    }
    const anchor = g.ownership?.anchor ?? null;
    if (g.ownership?.marker !== ownership.marker || anchor === null || !wanted(anchor)) continue;
    const known = managed.get(anchor);
    if (known === undefined || (known.kind === 'group' && (known.cloudId === undefined || !groupIds.has(known.cloudId)))) {
      managed.set(anchor, { kind: 'group', cloudId: g.id, ...(known?.dn !== undefined ? { dn: known.dn } : {}) });
    }
  }
  return { ...state, managed };
}

/** The ownership values an object should carry (merged into what the planner writes). */
export function ownershipValues(ownership: PlanOwnership | undefined, anchor: string): Record<string, PropertyValue> {
  return ownership === undefined ? {} : { [ownership.names.anchor]: anchor, [ownership.names.marker]: ownership.marker };
}

/** The ownership values an object carries now. */
export function currentOwnership(ownership: PlanOwnership | undefined, o: CloudUser | CloudGroup): Record<string, PropertyValue> {
  return ownership === undefined ? {} : { [ownership.names.anchor]: o.ownership?.anchor ?? null, [ownership.names.marker]: o.ownership?.marker ?? null };
}
