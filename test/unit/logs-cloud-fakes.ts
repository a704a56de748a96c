/** A Graph stand-in for the provisioning-log reader: a request router over fixtures, counting calls. */
import type { ProvisioningObjectSummary } from '../../src/sync/explain/provisioning-summary.js';

export interface FakeObject {
  id: string;
  displayName?: string;
  userPrincipalName?: string;
  mail?: string;
  proxyAddresses?: string[];
  onPremisesDistinguishedName?: string;
  onPremisesImmutableId?: string;
}

export interface FakeTenant {
  users: FakeObject[];
  groups: FakeObject[];
  deleted: Array<FakeObject & { '@odata.type': string }>;
  records: ProvisioningObjectSummary[];
  pageSize?: number;
  /** Answer the first n log requests with 429. */
  throttleFirst?: number;
  jobs?: unknown;
}

export function record(over: Partial<ProvisioningObjectSummary> & { n: number }): ProvisioningObjectSummary {
  const { n, ...rest } = over;
  return {
    id: `rec-${n}`,
    activityDateTime: new Date(Date.UTC(2026, 10, 1, 14, 2, n)).toISOString(),
    changeId: `chg-${n}`,
    cycleId: 'cycle-1',
    jobId: 'AD2AADProvisioning.0123456789abcdef0123456789abcdef.11111111-2222-3333-4444-555555555555',
    durationInMilliseconds: 10,
    initiatedBy: { id: '', displayName: 'Azure AD Provisioning Service', initiatorType: 'system' },
    modifiedProperties: [],
    provisioningAction: 'create',
    provisioningStatusInfo: { status: 'success', errorInformation: null },
    provisioningSteps: [],
    servicePrincipal: { id: 'sp-1', displayName: 'contoso.com' },
    sourceIdentity: { id: '', displayName: '', identityType: 'User', details: {} },
    targetIdentity: { id: '', displayName: '', identityType: 'User', details: {} },
    sourceSystem: { id: '', displayName: 'Active Directory', details: {} },
    targetSystem: { id: '', displayName: 'Entra ID', details: {} },
    tenantId: 't',
    ...rest,
  };
}

/** The ids named in "id in ('a','b')" or "x eq 'v'" or "proxyAddresses/any(x:x eq 'v')". */
function values(filter: string): string[] {
  return [...filter.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1]!.replace(/''/g, "'"));
}

export function fakeGraph(t: FakeTenant) {
  const calls: string[] = [];
  let logRequests = 0;
  const graph = {
    calls,
    async request<T>(method: string, path: string): Promise<T> {
      calls.push(`${method} ${path}`);
      const url = new URL(path, 'https://graph.test');
      const filter = url.searchParams.get('$filter') ?? '';
      const p = url.pathname.replace(/^\/(v1\.0|beta)/, '');
      if (p === '/auditLogs/provisioning') {
        logRequests++;
        if (logRequests <= (t.throttleFirst ?? 0)) throw Object.assign(new Error('throttled'), { status: 429 });
        const top = Number(url.searchParams.get('$top'));
        const skip = Number(url.searchParams.get('$skiptoken') ?? 0);
        let recs = t.records;
        const job = /jobId eq '([^']+)'/.exec(filter)?.[1];
        if (job) recs = recs.filter((r) => r.jobId === job);
        const status = /provisioningStatusInfo\/status eq '([^']+)'/.exec(filter)?.[1];
        if (status) recs = recs.filter((r) => r.provisioningStatusInfo.status === status);
        const size = Math.min(top, t.pageSize ?? top);
        const page = recs.slice(skip, skip + size);
        const next = skip + size < recs.length ? `https://graph.test/v1.0/auditLogs/provisioning?$top=${top}&$skiptoken=${skip + size}${filter ? `&$filter=${encodeURIComponent(filter)}` : ''}` : undefined;
        return { value: page, ...(next ? { '@odata.nextLink': next } : {}) } as T;
      }
      if (p === '/users' || p === '/groups') {
        const list = p === '/users' ? t.users : t.groups;
        const vs = values(filter).map((v) => v.toLowerCase());
        const hit = list.filter((o) => {
          if (/^id in/.test(filter)) return vs.includes(o.id.toLowerCase());
          if (/^onPremisesImmutableId in/.test(filter)) return o.onPremisesImmutableId !== undefined && values(filter).includes(o.onPremisesImmutableId);
          if (/^proxyAddresses/.test(filter)) return (o.proxyAddresses ?? []).some((a) => vs.includes(a.toLowerCase()));
          if (/^mail eq/.test(filter)) return o.mail?.toLowerCase() === vs[0];
          if (/^userPrincipalName eq/.test(filter)) return o.userPrincipalName?.toLowerCase() === vs[0];
          return false;
        });
        return { value: hit } as T;
      }
      if (p.startsWith('/directory/deletedItems/')) {
        const id = decodeURIComponent(p.split('/').pop()!);
        const d = t.deleted.find((x) => x.id === id);
        if (!d) throw Object.assign(new Error('not found'), { status: 404 });
        return d as T;
      }
      if (p === '/servicePrincipals') {
        return { value: t.jobs === undefined ? [] : [{ id: 'sp-1', appId: 'a', displayName: 'contoso.com', applicationTemplateId: '1a4721b3-e57f-4451-ae87-ef078703ec94' }] } as T;
      }
      if (/^\/servicePrincipals\/[^/]+\/synchronization\/jobs$/.test(p)) return { value: t.jobs ?? [] } as T;
      throw Object.assign(new Error(`no route ${path}`), { status: 404 });
    },
    async *pages<T>(path: string): AsyncGenerator<T> {
      const page = await graph.request<{ value: T[] }>('GET', path);
      yield* page.value;
    },
    get logRequests() {
      return logRequests;
    },
  };
  return graph;
}
