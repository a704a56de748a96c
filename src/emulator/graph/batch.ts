import { newId } from '../ids.js';
import { MAX_BODY_DEPTH, nestedDeeper } from '../request-parse.js';
import { GraphError } from './errors.js';
import { runGraph, type GraphEnv, type RequestMeta } from './dispatch.js';
import type { GraphRequest, GraphResponse } from './types.js';
import { parseQuery, parseSegments, splitUrl } from './url.js';

/**
 * POST /$batch (JSON batching): at most 20 requests, unique ids, dependsOn ordering (a step
 * whose dependency failed gets 424), step URLs relative to the version ("/users", not
 * "/v1.0/users"), each step routed, throttled and answered on its own inside a 200.
 */
const MAX_STEPS = 20;
const WRITES = new Set(['POST', 'PATCH', 'PUT']);

interface Step {
  id: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  dependsOn: string[];
}

const invalid = (message: string): GraphError => new GraphError(400, 'BadRequest', message);

function readSteps(body: unknown): Step[] {
  const requests = (body as { requests?: unknown } | undefined)?.requests;
  if (!Array.isArray(requests)) throw invalid('Invalid batch payload format.');
  if (requests.length > MAX_STEPS) throw invalid(`Invalid batch payload format. The number of requests in a batch is limited to ${MAX_STEPS}; this one has ${requests.length}.`);
  const seen = new Set<string>();
  const steps = requests.map((r: Record<string, unknown>) => {
    if (typeof r !== 'object' || r === null) throw invalid('Invalid batch payload format.');
    const { id, method, url } = r;
    if (typeof id !== 'string' || id === '' || typeof method !== 'string' || typeof url !== 'string' || url === '') {
      throw invalid('Invalid batch payload format. Each request needs an id, a method and a url.');
    }
    if (seen.has(id.toLowerCase())) throw invalid(`Invalid batch payload format. Duplicate request id: '${id}'.`);
    seen.add(id.toLowerCase());
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries((r.headers as Record<string, unknown> | undefined) ?? {})) headers[k.toLowerCase()] = String(v);
    const m = method.toUpperCase();
    if (WRITES.has(m) && (r.body === undefined || headers['content-type'] === undefined)) {
      throw invalid(`Write request id : ${id} does not contain Content-Type header or body.`);
    }
    const dependsOn = Array.isArray(r.dependsOn) ? r.dependsOn.map(String) : [];
    return { id, method: m, url, headers, body: r.body, dependsOn };
  });
  for (const s of steps) {
    for (const d of s.dependsOn) if (!seen.has(d.toLowerCase())) throw invalid(`Invalid batch payload format. Request '${s.id}' depends on unknown request '${d}'.`);
  }
  return steps;
}

function stepRequest(outer: GraphRequest, s: Step): GraphRequest {
  const absolute = /^https?:\/\/[^/]+(\/.*)?$/i.exec(s.url);
  const rel = absolute ? (absolute[1] ?? '/') : s.url.startsWith('/') ? s.url : `/${s.url}`;
  const { path, query } = splitUrl(rel);
  let body = s.body;
  if (typeof body === 'string' && /json/i.test(s.headers['content-type'] ?? '')) {
    try {
      const parsed: unknown = JSON.parse(body);
      if (!nestedDeeper(parsed, MAX_BODY_DEPTH)) body = parsed;
    } catch {
      /* left as a string; the handler rejects it */
    }
  }
  return { ...outer, method: s.method, path, segments: parseSegments(path), query: parseQuery(query), headers: s.headers, body };
}

export function runBatch(env: GraphEnv, outer: GraphRequest, meta: RequestMeta): GraphResponse {
  const steps = readSteps(outer.body);
  env.stats.counters.batchRequests++;
  env.stats.counters.batchSteps += steps.length;
  const done = new Map<string, number>();
  const responses: Array<Record<string, unknown>> = [];
  const pending = [...steps];
  while (pending.length > 0) {
    const i = pending.findIndex((s) => s.dependsOn.every((d) => done.has(d.toLowerCase())));
    if (i < 0) throw invalid('Invalid batch payload format. The dependsOn references form a cycle.');
    const s = pending.splice(i, 1)[0]!;
    let res: GraphResponse;
    if (s.dependsOn.some((d) => done.get(d.toLowerCase())! >= 400)) {
      res = { status: 424, body: { error: { code: 'FailedDependency', message: 'Failed dependency', innerError: { 'request-id': newId(), 'client-request-id': meta.clientRequestId } } } };
    } else {
      const clientRequestId = s.headers['client-request-id'] ?? meta.clientRequestId;
      res = runGraph(env, stepRequest(outer, s), { requestId: newId(), clientRequestId, inBatch: true });
    }
    done.set(s.id.toLowerCase(), res.status);
    const headers: Record<string, string> = { 'Cache-Control': 'no-cache', ...res.headers };
    if (res.body !== undefined) headers['Content-Type'] = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
    if (res.text !== undefined) headers['Content-Type'] = 'text/plain';
    const item: Record<string, unknown> = { id: s.id, status: res.status, headers };
    if (res.body !== undefined) item.body = res.body;
    else if (res.text !== undefined) item.body = res.text;
    responses.push(item);
  }
  if (env.shuffleBatch) {
    for (let i = responses.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [responses[i], responses[j]] = [responses[j]!, responses[i]!];
    }
  }
  return { status: 200, body: { responses } };
}
