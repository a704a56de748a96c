import { createHash } from 'node:crypto';
import type { EmulatorState } from '../state.js';
import type { StatsRecorder } from '../stats.js';
import type { RequestCost, Throttler } from '../throttle.js';
import { errorBody, GraphError, insufficientPrivileges } from './errors.js';
import { allowed } from './permissions.js';
import type { Route, Router } from './router.js';
import { queryOption, type GraphRequest, type GraphResponse } from './types.js';

/**
 * One Graph request (outer, or a $batch step): route, throttle, permission check, handler,
 * and the error body when anything fails. Shared by the server and $batch so a step behaves
 * exactly like the same request sent alone.
 */
export interface GraphEnv {
  state: EmulatorState;
  router: Router;
  throttler: Throttler;
  stats: StatsRecorder;
  /** Answer $batch steps in a shuffled order (Graph does not promise request order). */
  shuffleBatch: boolean;
}

export interface RequestMeta {
  requestId: string;
  clientRequestId: string;
  inBatch: boolean;
}

/** Graph's resource-unit cost modifiers: $select -1, $expand +1, $top under 20 -1; never below 1. */
export function costOf(route: Route, req: GraphRequest): RequestCost {
  if (req.method !== 'GET') return { resourceUnits: 1, writes: 1 };
  let ru = route.cost ?? 1;
  if (queryOption(req, '$select') !== undefined) ru -= 1;
  if (queryOption(req, '$expand') !== undefined) ru += 1;
  const top = Number(queryOption(req, '$top'));
  if (Number.isFinite(top) && top < 20) ru -= 1;
  return { resourceUnits: Math.max(1, ru), writes: 0 };
}

/** Identifies a request across retries: its client-request-id, else method, path with query and body. */
export function fingerprint(req: GraphRequest): string {
  const id = req.headers['client-request-id'];
  if (id) return `id:${id}`;
  const q = req.query.map(([k, v]) => `${k}=${v}`).join('&');
  const body = req.body === undefined ? '' : createHash('sha1').update(JSON.stringify(req.body)).digest('base64url');
  return `${req.method} ${req.version}${req.path}?${q} ${body}`;
}

export function errorResponse(e: GraphError, meta: RequestMeta): GraphResponse {
  return { status: e.status, body: errorBody(e, meta.requestId, meta.clientRequestId), ...(e.headers ? { headers: e.headers } : {}) };
}

export function runGraph(env: GraphEnv, req: GraphRequest, meta: RequestMeta): GraphResponse {
  const fp = fingerprint(req);
  env.stats.noteGraphRequest(fp, req.receivedAt);
  let res: GraphResponse;
  try {
    const { route, params, cost } = admit(env, req, fp);
    res = finish(env, req, meta, route.handle({ state: env.state, req, params }), cost);
  } catch (e) {
    res = failure(e, meta);
  }
  env.stats.noteStatus(res.status);
  return res;
}

/** runGraph for a request sent alone: a route with handleAsync is awaited. */
export async function runGraphAsync(env: GraphEnv, req: GraphRequest, meta: RequestMeta): Promise<GraphResponse> {
  const fp = fingerprint(req);
  env.stats.noteGraphRequest(fp, req.receivedAt);
  let res: GraphResponse;
  try {
    const { route, params, cost } = admit(env, req, fp);
    const ctx = { state: env.state, req, params };
    res = finish(env, req, meta, route.handleAsync ? await route.handleAsync(ctx) : route.handle(ctx), cost);
  } catch (e) {
    res = failure(e, meta);
  }
  env.stats.noteStatus(res.status);
  return res;
}

/** Route, throttle and permission check. */
function admit(env: GraphEnv, req: GraphRequest, fp: string): { route: Route; params: Record<string, string>; cost: RequestCost } {
  const { route, params } = env.router.match(req.method, req.segments);
  const cost = costOf(route, req);
  const d = env.throttler.check(req.principal.appId, env.state.tenant.id, env.state.dir.count('user'), cost, req.receivedAt);
  if (!d.ok) {
    env.stats.noteThrottled(fp, d.retryAfterSeconds, req.receivedAt);
    throw new GraphError(429, 'TooManyRequests', 'Too many requests', {
      headers: { 'Retry-After': String(d.retryAfterSeconds), 'x-ms-throttle-scope': d.scope, 'x-ms-throttle-information': d.information },
    });
  }
  if (!allowed(req.principal.permissions, route.perms)) throw insufficientPrivileges();
  req.extensions = env.state.extensions;
  return { route, params, cost };
}

function finish(env: GraphEnv, req: GraphRequest, meta: RequestMeta, handled: GraphResponse, cost: RequestCost): GraphResponse {
  const res = { ...handled, headers: { ...handled.headers, 'x-ms-resource-unit': String(cost.resourceUnits) } };
  if (req.method !== 'GET' && res.status < 300) {
    const q = req.query.length > 0 ? `?${req.query.map(([k, v]) => `${k}=${v}`).join('&')}` : '';
    env.stats.noteWrite({ ...meta, method: req.method, path: req.path + q, status: res.status, at: req.receivedAt });
  }
  return res;
}

function failure(e: unknown, meta: RequestMeta): GraphResponse {
  if (!(e instanceof GraphError)) return errorResponse(new GraphError(500, 'InternalServerError', `The emulator failed: ${(e as Error).message}`), meta);
  return errorResponse(e, meta);
}
