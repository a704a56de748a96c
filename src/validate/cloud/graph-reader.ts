import type { CloudObject, CloudReader } from './types.js';

/** The part of the Graph client the tenant-aware checks use (EntraClient has it). */
export interface GraphSource {
  verifiedDomains(): Promise<string[]>;
  users(opts?: { select?: string[] }): AsyncIterable<GraphAddressable>;
  groups(opts?: { select?: string[] }): AsyncIterable<GraphAddressable>;
  pages<T>(path: string): AsyncIterable<T>;
  adminRoleHolders(): Promise<Map<string, string[]>>;
  request<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T>;
}

/** A Graph user, group or contact with the properties the checks read (all optional in Graph's types). */
type GraphAddressable = { id?: string | null } & Partial<Omit<CloudObject, 'id' | 'kind'>>;

const USER_SELECT = ['id', 'displayName', 'userPrincipalName', 'mail', 'proxyAddresses', 'onPremisesImmutableId', 'onPremisesSyncEnabled'];
const OTHER_SELECT = ['id', 'displayName', 'mail', 'proxyAddresses', 'onPremisesSyncEnabled'];

/** Reads what the checks need: users, groups and org contacts (all pages), roles, quota. */
export function graphCloudReader(graph: GraphSource): CloudReader {
  return {
    verifiedDomains: () => graph.verifiedDomains(),
    async *cloudObjects() {
      for await (const u of graph.users({ select: USER_SELECT })) yield toCloud(u, 'user');
      for await (const g of graph.groups({ select: OTHER_SELECT })) yield toCloud(g, 'group');
      for await (const c of graph.pages<GraphAddressable>(`/contacts?$select=${OTHER_SELECT.join(',')}&$top=999`)) yield toCloud(c, 'contact');
    },
    adminRoleHolders: () => graph.adminRoleHolders(),
    async directoryQuota() {
      // directorySizeQuota is only on the beta organization resource.
      try {
        const r = await graph.request<{ value?: { directorySizeQuota?: { used?: number; total?: number } }[] }>(
          'GET',
          '/beta/organization?$select=directorySizeQuota',
        );
        const q = r.value?.[0]?.directorySizeQuota;
        return q && typeof q.used === 'number' && typeof q.total === 'number' ? { used: q.used, total: q.total } : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

function toCloud(o: GraphAddressable, kind: CloudObject['kind']): CloudObject {
  return {
    id: o.id ?? '',
    kind,
    displayName: o.displayName ?? null,
    userPrincipalName: o.userPrincipalName ?? null,
    mail: o.mail ?? null,
    proxyAddresses: o.proxyAddresses ?? null,
    onPremisesImmutableId: o.onPremisesImmutableId ?? null,
    onPremisesSyncEnabled: o.onPremisesSyncEnabled ?? null,
  };
}
