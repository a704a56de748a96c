import { attrFirst, objectType, type DirectoryObject } from '../../directory/types.js';
import type { Finding } from '../findings.js';

/** The identifying columns every finding repeats. */
export interface ObjectColumns {
  readonly dn: string;
  readonly cn: string;
  readonly objectClass: string;
}

export function objectColumns(o: DirectoryObject): ObjectColumns {
  return { dn: o.dn, cn: attrFirst(o, 'cn') ?? '', objectClass: objectType(o) };
}

/** Users and inetOrgPersons sign in, so only they carry a userPrincipalName that Entra ID uses. */
export function isUserLike(o: DirectoryObject): boolean {
  const t = objectType(o).toLowerCase();
  return t === 'user' || t === 'inetorgperson';
}

/** First value, trimmed; undefined when absent or blank. */
export function firstText(o: DirectoryObject, name: string): string | undefined {
  const v = attrFirst(o, name)?.trim();
  return v === undefined || v === '' ? undefined : v;
}

/** Adds suggestedValue only when there is one (the field stays absent otherwise). */
export function withSuggestion(f: Finding, suggestion: string | undefined): Finding {
  return suggestion === undefined ? f : { ...f, suggestedValue: suggestion };
}
