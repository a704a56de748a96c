/**
 * Whether one object is in the sync's scope, and which rule decided: the same rules the source
 * applies to a search (base, OUs, groups, filter) plus the exclusions, said for one object.
 */
import { isDescendantOf, normalizeDn } from '../../directory/dn.js';
import { compileFilter } from '../../directory/filter-match.js';
import { attrStrings, type DirectoryObject, type DirectorySource, type Scope } from '../../directory/types.js';
import { exclusionOf } from './exclusions.js';
import { echo } from '../../util/echo.js';

export interface ScopeDecision {
  readonly inScope: boolean;
  /** `scope.base`, `scope.ou`, `scope.group`, `scope.filter`, `scope.all` or an `exclude.*` rule. */
  readonly rule: string;
  readonly reason: string;
}

function norm(dn: string): string {
  try {
    return normalizeDn(dn);
  } catch {
    return dn.trim().toLowerCase();
  }
}

/**
 * Decides scope for one object read with all its attributes. Group scoping needs the object's
 * memberOf, else the groups' member lists, which are read from the source when needed.
 */
export async function scopeDecision(o: DirectoryObject, scope: Scope, source?: DirectorySource): Promise<ScopeDecision> {
  if (scope.baseDn !== undefined && !isDescendantOf(o.dn, scope.baseDn)) {
    return { inScope: false, rule: 'scope.base', reason: `not under the search base ${scope.baseDn}` };
  }
  const reasons: string[] = [];
  let rule = 'scope.all';
  const ous = scope.ous ?? [];
  if (ous.length > 0) {
    const ou = ous.find((x) => isDescendantOf(o.dn, x));
    if (ou === undefined) return { inScope: false, rule: 'scope.ou', reason: `not under any OU in scope (${ous.join('; ')})` };
    rule = 'scope.ou';
    reasons.push(`under the OU ${ou}`);
  }
  const groups = scope.groups ?? [];
  if (groups.length > 0) {
    const memberOf = new Set(attrStrings(o, 'memberOf').map(norm));
    let group = groups.find((g) => memberOf.has(norm(g)));
    if (group === undefined && source !== undefined) {
      const self = norm(o.dn);
      for (const g of groups) {
        const entry = await source.get(g, ['member']);
        if (entry !== undefined && attrStrings(entry, 'member').some((m) => norm(m) === self)) {
          group = g;
          break;
        }
      }
    }
    if (group === undefined) return { inScope: false, rule: 'scope.group', reason: `not a direct member of any group in scope (${groups.join('; ')})` };
    rule = 'scope.group';
    reasons.push(`a direct member of ${group}`);
  }
  if (scope.filter !== undefined && scope.filter.trim() !== '') {
    if (!compileFilter(scope.filter)(o)) return { inScope: false, rule: 'scope.filter', reason: `does not match the filter ${echo(scope.filter)}` };
    reasons.push(`matches the filter ${scope.filter}`);
  }
  const excluded = exclusionOf(o);
  if (excluded !== undefined) return { inScope: false, rule: excluded.rule, reason: excluded.reason };
  return { inScope: true, rule, reason: reasons.length > 0 ? reasons.join(', ') : 'the scope is the whole directory' };
}
