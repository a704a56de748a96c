/**
 * Scope as Cloud Sync writes it into the job schema, and back: OU scoping is one DN_IN_OU clause
 * on distinguishedName listing the OUs (any of them), group scoping one IS_MEMBER_OF clause on
 * memberOf listing the groups (direct members). Both in one filter group means both apply. The
 * cycles read the scope from the schema, so a PUT …/schema changes what they read.
 */
import type { Filter, ObjectMapping, SynchronizationSchema } from '../../directory/entra/synchronization-types.js';
import type { Scope } from '../../directory/types.js';

export const OU_OPERATOR = 'DN_IN_OU';
export const GROUP_OPERATOR = 'IS_MEMBER_OF';

export function scopeFilter(scope: Scope): Filter | null {
  const clauses = [
    ...(scope.ous?.length ? [{ operatorName: OU_OPERATOR, sourceOperandName: 'distinguishedName', targetOperand: { values: [...scope.ous] } }] : []),
    ...(scope.groups?.length ? [{ operatorName: GROUP_OPERATOR, sourceOperandName: 'memberOf', targetOperand: { values: [...scope.groups] } }] : []),
  ];
  if (clauses.length === 0) return null;
  return { inputFilterGroups: [{ name: 'Scoping filter', clauses }], categoryFilterGroups: [], groups: [] };
}

export function userMapping(schema: SynchronizationSchema): ObjectMapping | undefined {
  return schema.synchronizationRules[0]?.objectMappings.find((m) => m.sourceObjectName.toLowerCase() === 'user');
}

export function groupMapping(schema: SynchronizationSchema): ObjectMapping | undefined {
  return schema.synchronizationRules[0]?.objectMappings.find((m) => m.sourceObjectName.toLowerCase() === 'group');
}

/** The cloudsync scope the user mapping's filter describes (empty: the whole domain). */
export function schemaScope(schema: SynchronizationSchema): Scope {
  const ous: string[] = [];
  const groups: string[] = [];
  for (const g of userMapping(schema)?.scope?.inputFilterGroups ?? []) {
    for (const c of g.clauses) {
      if (c.operatorName.toUpperCase() === OU_OPERATOR) ous.push(...(c.targetOperand?.values ?? []));
      if (c.operatorName.toUpperCase() === GROUP_OPERATOR) groups.push(...(c.targetOperand?.values ?? []));
    }
  }
  return { ...(ous.length ? { ous } : {}), ...(groups.length ? { groups } : {}) };
}

/** The schema's attribute mappings as cloudsync mapping overrides (target → expression; a removed default → null). */
export function mappingOverrides(m: ObjectMapping | undefined, defaults: readonly { target: string }[]): Record<string, string | null> {
  if (m === undefined) return {};
  const out: Record<string, string | null> = {};
  for (const d of defaults) out[d.target] = null;
  for (const a of m.attributeMappings) {
    const s = a.source;
    if (s === null) continue;
    const expr = s.type === 'Attribute' ? `[${s.name}]` : s.type === 'Constant' ? `"${(s.name ?? '').replace(/"/g, '""')}"` : (s.expression ?? '');
    const match = Object.keys(out).find((k) => k.toLowerCase() === a.targetAttributeName.toLowerCase());
    if (match !== undefined) delete out[match];
    out[a.targetAttributeName] = expr;
  }
  return out;
}
