/**
 * Uniqueness claims: userPrincipalName, mail and smtp proxyAddresses share one address space
 * across all directory objects (Entra enforces them together); other proxy types and
 * onPremisesImmutableId are unique too. The directory indexes objects by these keys.
 */
import type { ObjectType, Props } from './directory.js';

export interface Claim {
  key: string;
  property: string;
}

export const lower = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v.toLowerCase() : undefined);

/** The unique values an object holds, each with the property that holds it. */
export function claimsOf(type: ObjectType, props: Props): Claim[] {
  const out: Claim[] = [];
  const add = (key: string | undefined, property: string, prefix: string): void => {
    if (key !== undefined && !out.some((c) => c.key === prefix + key)) out.push({ key: prefix + key, property });
  };
  if (type === 'user') add(lower(props.userPrincipalName), 'userPrincipalName', 'a:');
  add(lower(props.mail), 'mail', 'a:');
  const proxies = Array.isArray(props.proxyAddresses) ? props.proxyAddresses : [];
  for (const p of proxies) {
    if (typeof p !== 'string') continue;
    const m = /^smtp:(.+)$/i.exec(p.trim());
    if (m) add(m[1]!.toLowerCase(), 'proxyAddresses', 'a:');
    else add(lower(p.trim()), 'proxyAddresses', 'p:');
  }
  if (type === 'user') add(lower(props.onPremisesImmutableId), 'onPremisesImmutableId', 'i:');
  return out;
}
