import type { StatsRecorder } from '../stats.js';
import { decodeCursor, encodeCursor, orderOf, page, provisioningFilter } from '../provisioning/query.js';
import type { AppWindowThrottle } from '../app-window-throttle.js';
import type { EmulatorState } from '../state.js';
import { fingerprint } from './dispatch.js';
import { badRequest, GraphError, notFound } from './errors.js';
import { nextLink, topOf } from './odata.js';
import { PERMS } from './permissions.js';
import type { Route } from './router.js';
import { queryOption, type GraphRequest } from './types.js';

/**
 * GET /auditLogs/provisioning (v1.0 and beta) and /auditLogs/provisioning/{id}: the tenant's
 * provisioning log, newest first, with the reports API's $filter, $orderby, $top and
 * $skiptoken, behind the reports throttle. Graph documents no page size for this API: pages
 * hold $top records, at most 1000 (the reports APIs' page), 1000 when $top is absent.
 */
export const PROVISIONING_MAX_TOP = 1000;
export const PROVISIONING_DEFAULT_TOP = 1000;

export interface ProvisioningRouteDeps {
  throttle: AppWindowThrottle;
  stats?: StatsRecorder;
}

function admit(deps: ProvisioningRouteDeps, state: EmulatorState, req: GraphRequest): void {
  const wait = deps.throttle.check(req.principal.appId, state.tenant.id, req.receivedAt);
  if (wait === 0) return;
  deps.stats?.noteThrottled(fingerprint(req), wait, req.receivedAt);
  throw new GraphError(429, 'TooManyRequests', 'Too many requests', {
    headers: { 'Retry-After': String(wait), 'x-ms-throttle-scope': `Tenant_Application/Reports/${req.principal.appId}/${state.tenant.id}`, 'x-ms-throttle-information': 'ReportsRequestLimitExceeded' },
  });
}

export function provisioningLogRoutes(deps: ProvisioningRouteDeps): Route[] {
  return [
    {
      method: 'GET',
      path: 'auditLogs/provisioning',
      perms: PERMS.auditLogRead,
      handle: ({ state, req }) => {
        admit(deps, state, req);
        const top = topOf(req, PROVISIONING_MAX_TOP) ?? PROVISIONING_DEFAULT_TOP;
        const filterRaw = queryOption(req, '$filter');
        const match = filterRaw !== undefined && filterRaw.trim() !== '' ? provisioningFilter(filterRaw) : undefined;
        const dir = orderOf(queryOption(req, '$orderby'));
        const token = queryOption(req, '$skiptoken');
        const after = token !== undefined ? decodeCursor(token) : undefined;
        if (after && after.dir !== dir) throw badRequest('Unsupported or invalid query skiptoken specified.');
        if (queryOption(req, '$skip') !== undefined) throw badRequest("'$skip' is not supported by /auditLogs/provisioning; follow @odata.nextLink ($skiptoken).");
        const { items, next } = page(state.provisioningLogs.all(), { dir, top, ...(match ? { match } : {}), ...(after ? { after } : {}) });
        const body: Record<string, unknown> = { '@odata.context': `${req.origin}/${req.version}/$metadata#auditLogs/provisioning` };
        if (next) body['@odata.nextLink'] = nextLink(req, encodeCursor(next));
        body.value = items.map((e) => e.record);
        return { status: 200, body };
      },
    },
    {
      method: 'GET',
      path: 'auditLogs/provisioning/:id',
      perms: PERMS.auditLogRead,
      handle: ({ state, req, params }) => {
        admit(deps, state, req);
        const r = state.provisioningLogs.get(params.id!);
        if (!r) throw notFound(params.id!);
        return { status: 200, body: { '@odata.context': `${req.origin}/${req.version}/$metadata#auditLogs/provisioning/$entity`, ...r } };
      },
    },
  ];
}
