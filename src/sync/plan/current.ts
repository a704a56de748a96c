/**
 * A saved plan is applied only to the directory and tenant it was made from: it is compared with a
 * fresh plan of freshly read snapshots first, so a plan reviewed in a pull request cannot do
 * something else than what was reviewed.
 */
import { cloudGroupDigest, cloudUserDigest, operationKey } from './fingerprint.js';
import { PlanMismatchError, PlanStaleError } from '../guards.js';
import type { PlanOwnership } from './ownership.js';
import { plan as makePlan, type PlanOptions } from './planner.js';
import type { SyncState } from '../store/state.js';
import type { CloudSnapshot, Plan, SourceSnapshot } from '../types.js';

const MAX_NAMED = 10;

function list(items: string[]): string {
  return items.length <= MAX_NAMED ? items.join('; ') : `${items.slice(0, MAX_NAMED).join('; ')}; and ${items.length - MAX_NAMED} more`;
}

/**
 * Re-plans from freshly read snapshots and refuses (PlanStaleError) when the source objects in
 * scope, the cloud objects the saved plan touches, or the operations themselves differ; the
 * message names what changed. Returns the saved plan, which may then be applied.
 */
export function checkPlanCurrent(saved: Plan, source: SourceSnapshot, cloud: CloudSnapshot, state: SyncState, context: { tenant?: string; scopeKey?: string; ownership?: PlanOwnership } = {}): Plan {
  if (context.tenant !== undefined && saved.tenant !== undefined && context.tenant.toLowerCase() !== saved.tenant.toLowerCase()) {
    throw new PlanMismatchError(`the plan was made for tenant ${saved.tenant}, not ${context.tenant}: apply it with the same tenant`);
  }
  if (context.scopeKey !== undefined && saved.scopeKey !== undefined && context.scopeKey !== saved.scopeKey) {
    throw new PlanMismatchError(`the plan was made for another scope (${saved.scopeKey}, this run is ${context.scopeKey}): apply it with the same --ou/--group/--filter`);
  }
  const options: PlanOptions = {
    ...saved.options,
    ...(saved.tenant !== undefined ? { tenant: saved.tenant } : {}),
    ...(saved.scopeKey !== undefined ? { scopeKey: saved.scopeKey } : {}),
    ...(context.ownership !== undefined ? { ownership: context.ownership } : {}),
  };
  const fresh = makePlan(source, cloud, state, options);
  const changed: string[] = [];

  if (fresh.source.fingerprint !== saved.source.fingerprint) {
    const before = saved.source.digests;
    const after = fresh.source.digests;
    for (const [anchor, [d, dn]] of Object.entries(after)) {
      const old = before[anchor];
      if (old === undefined) changed.push(`source: ${dn} is new in scope`);
      else if (old[0] !== d) changed.push(`source: ${dn} changed`);
    }
    for (const [anchor, [, dn]] of Object.entries(before)) if (after[anchor] === undefined) changed.push(`source: ${dn} is no longer in scope`);
  }

  const users = new Map([...cloud.users, ...cloud.deletedUsers].map((u) => [u.id, u]));
  const groups = new Map(cloud.groups.map((g) => [g.id, g]));
  for (const [id, d] of Object.entries(saved.cloud.digests)) {
    const u = users.get(id);
    const g = u === undefined ? groups.get(id) : undefined;
    const now = u !== undefined ? cloudUserDigest(u) : g !== undefined ? cloudGroupDigest(g) : undefined;
    const name = u?.userPrincipalName ?? g?.displayName ?? id;
    if (now === undefined) changed.push(`Entra: object ${id} no longer exists`);
    else if (now !== d) changed.push(`Entra: ${u ? 'user' : 'group'} ${name} (${id}) changed`);
  }

  if (changed.length === 0) {
    const savedOps = saved.operations.map(operationKey);
    const freshOps = fresh.operations.map(operationKey);
    const savedSet = new Set(savedOps);
    const freshSet = new Set(freshOps);
    const gone = saved.operations.filter((_, i) => !freshSet.has(savedOps[i]!));
    const added = fresh.operations.filter((_, i) => !savedSet.has(freshOps[i]!));
    for (const op of gone) changed.push(`plan: ${op.action} ${op.upn ?? op.displayName ?? op.dn ?? op.cloudId ?? ''} is no longer needed`);
    for (const op of added) changed.push(`plan: ${op.action} ${op.upn ?? op.displayName ?? op.dn ?? op.cloudId ?? ''} is now needed`);
  }

  if (changed.length > 0) {
    throw new PlanStaleError(`the saved plan is out of date, ${changed.length} difference(s): ${list(changed)}; make a new plan`, changed);
  }
  return saved;
}
