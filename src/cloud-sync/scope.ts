/**
 * A job's scoping filters in words (Get-AADCloudSyncToolsJobScope, readable): per object
 * mapping, filter groups are ORed and the clauses in a group ANDed, so
 * "users in OU=Sales,DC=… or members of CN=Pilot,…" reads the way the service applies it.
 */
import type { FilterClause, ObjectMapping, SynchronizationSchema } from '../directory/entra/synchronization-types.js';
import { CloudsyncError } from '../errors.js';

export const SCOPE_OBJECT_TYPES = ['user', 'group', 'contact', 'inetOrgPerson'] as const;
export type ScopeObjectType = (typeof SCOPE_OBJECT_TYPES)[number];

export function parseScopeObjectType(v: string | undefined): ScopeObjectType | 'all' {
  if (v === undefined || v.toLowerCase() === 'all') return 'all';
  const hit = SCOPE_OBJECT_TYPES.find((t) => t.toLowerCase() === v.toLowerCase());
  if (hit === undefined) throw new CloudsyncError('usage', `unknown --object-type "${v}": use ${[...SCOPE_OBJECT_TYPES, 'all'].join(', ')}`);
  return hit;
}

const PLURAL: Record<string, string> = { user: 'users', group: 'groups', contact: 'contacts', inetorgperson: 'inetOrgPersons' };

const quote = (v: string): string => `"${v}"`;
const list = (vs: readonly string[], joiner = 'or'): string =>
  vs.length <= 1 ? (vs[0] ?? '(nothing)') : `${vs.slice(0, -1).join(', ')} ${joiner} ${vs[vs.length - 1]!}`;

/** One clause in words ("in OU=Sales,DC=contoso,DC=com", "department is \"Sales\" or \"HR\""). */
export function describeClause(c: FilterClause): string {
  const a = c.sourceOperandName;
  const vs = c.targetOperand?.values ?? [];
  const op = c.operatorName.toUpperCase();
  switch (op) {
    case 'DN_IN_OU':
      return `in ${list(vs)}`;
    case 'IS_MEMBER_OF':
      return `members of ${list(vs)}`;
    case 'EQUALS':
      return `${a} is ${list(vs.map(quote))}`;
    case 'NOT_EQUALS':
      return `${a} is not ${list(vs.map(quote), 'nor')}`;
    case 'IS_TRUE':
      return `${a} is true`;
    case 'IS_FALSE':
      return `${a} is false`;
    case 'IS_NULL':
      return `${a} is empty`;
    case 'IS_NOT_NULL':
      return `${a} is set`;
    case 'REGEX_MATCH':
      return `${a} matches ${list(vs.map((v) => `/${v}/`))}`;
    case 'NOT_REGEX_MATCH':
      return `${a} does not match ${list(vs.map((v) => `/${v}/`), 'nor')}`;
    case 'GREATER_THAN':
      return `${a} is greater than ${list(vs)}`;
    case 'GREATER_THAN_OR_EQUALS':
      return `${a} is at least ${list(vs)}`;
    case 'LESS_THAN':
      return `${a} is less than ${list(vs)}`;
    case 'LESS_THAN_OR_EQUALS':
      return `${a} is at most ${list(vs)}`;
    case 'INCLUDES':
      return `${a} includes ${list(vs.map(quote))}`;
    default: {
      // An operator this version does not know: its name in words, still readable.
      const words = c.operatorName.replace(/_/g, ' ').toLowerCase();
      return `${a} ${words}${vs.length > 0 ? ` ${list(vs.map(quote))}` : ''}`;
    }
  }
}

export interface MappingScope {
  mapping: string;
  sourceObjectName: string;
  targetObjectName: string;
  enabled: boolean;
  /** Each group's clauses in words; groups are ORed, clauses ANDed. Empty: every object. */
  groups: string[][];
  /** The whole scope in one sentence. */
  text: string;
}

export function mappingScope(m: ObjectMapping): MappingScope {
  const who = PLURAL[m.sourceObjectName.toLowerCase()] ?? `${m.sourceObjectName} objects`;
  const groups = (m.scope?.inputFilterGroups ?? []).filter((g) => g.clauses.length > 0).map((g) => g.clauses.map(describeClause));
  let text: string;
  if (!m.enabled) text = `${who}: not synchronised (the mapping is disabled)`;
  else if (groups.length === 0) text = `all ${who} of the domain`;
  else text = `${who} ${groups.map((g) => g.join(' and ')).join(', or ')}`;
  return { mapping: m.name, sourceObjectName: m.sourceObjectName, targetObjectName: m.targetObjectName, enabled: m.enabled, groups, text };
}

/** The scopes of every rule's object mappings for one object type (or all). */
export function schemaScopes(schema: SynchronizationSchema, type: ScopeObjectType | 'all' = 'all'): MappingScope[] {
  return schema.synchronizationRules
    .flatMap((r) => r.objectMappings)
    .filter((m) => type === 'all' || m.sourceObjectName.toLowerCase() === type.toLowerCase())
    .map(mappingScope);
}
