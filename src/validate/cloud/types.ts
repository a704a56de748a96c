/** What tenant-aware validation needs from Entra ID (EntraClient provides it). */

export interface CloudObject {
  id: string;
  kind: 'user' | 'group' | 'contact';
  displayName?: string | null;
  userPrincipalName?: string | null;
  mail?: string | null;
  proxyAddresses?: string[] | null;
  onPremisesImmutableId?: string | null;
  onPremisesSyncEnabled?: boolean | null;
}

export interface CloudReader {
  verifiedDomains(): Promise<string[]>;
  /** Every user, group and org contact with the properties above, streamed. */
  cloudObjects(): AsyncIterable<CloudObject>;
  /** principal id → role names, for every holder of an administrator role. */
  adminRoleHolders(): Promise<Map<string, string[]>>;
  /** The tenant's directory quota, when Graph reports it. */
  directoryQuota(): Promise<{ used: number; total: number } | undefined>;
}

export type MatchKind = 'hard' | 'soft-upn' | 'soft-smtp' | 'new';

/** How one AD object would meet the tenant on its first sync. */
export interface MatchPreview {
  dn: string;
  objectClass: string;
  /** The source anchor (base64 of mS-DS-ConsistencyGuid or objectGUID): onPremisesImmutableId. */
  anchor?: string;
  match: MatchKind;
  cloudId?: string;
  cloudName?: string;
}
