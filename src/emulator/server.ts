import type { IncomingMessage, ServerResponse } from 'node:http';
import { aadBody, AadError } from './auth/aadsts.js';
import { openIdConfiguration, resolveTenant } from './auth/discovery.js';
import { deviceLoginPage, signIn } from './auth/device-code.js';
import type { AuthEnv, AuthResponse } from './auth/env.js';
import { handleManagedIdentity } from './auth/managed-identity.js';
import { handleDeviceCodeStart, handleToken } from './auth/token-endpoint.js';
import { loseAnswer, pickFault, type FaultOptions } from './faults.js';
import { runBatch } from './graph/batch.js';
import { authenticateBearer } from './graph/bearer.js';
import { errorResponse, runGraphAsync, type GraphEnv } from './graph/dispatch.js';
import { GraphError } from './graph/errors.js';
import type { GraphRequest, GraphResponse } from './graph/types.js';
import { parseQuery, parseSegments } from './graph/url.js';
import { newId } from './ids.js';
import { generateRecords } from './provisioning/generate.js';
import { decodeSegment, jsonObjectBody, parseJsonBody, requestUrl } from './request-parse.js';

/**
 * The HTTPS request handler: one port serves sign-in (/{tenant}/…), managed identity
 * (/msi/token, /metadata/identity/oauth2/token), Graph (/v1.0/…, /beta/…, incl. $batch), the
 * device sign-in page (/devicelogin) and the loopback-only test endpoints (/_emulator/…).
 */
export interface ServerDeps {
  auth: AuthEnv;
  graph: GraphEnv;
  faults: FaultOptions;
  info: () => Record<string, unknown>;
}

const MAX_BODY = 8 * 1024 * 1024;
const JSON_TYPE = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new GraphError(413, 'RequestEntityTooLarge', 'The request body is too large.'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}, type = 'application/json; charset=utf-8'): void {
  if (res.destroyed) return;
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { ...(text !== '' ? { 'Content-Type': type } : {}), ...headers });
  res.end(text);
}

const origin = (req: IncomingMessage, port: number): string => `https://${req.headers.host ?? `localhost:${port}`}`;

const headerMap = (req: IncomingMessage): Record<string, string> =>
  Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(', ') : (v ?? '')]));

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function createHandler(deps: ServerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(deps, req, res).catch((e: unknown) =>
      e instanceof GraphError ? send(res, e.status, { error: { code: e.code, message: e.message } }) : send(res, 500, { error: { code: 'InternalServerError', message: (e as Error).message } }),
    );
  };
}

async function handle(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const stats = deps.graph.stats.counters;
  stats.requests++;
  const url = requestUrl(req.url);
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
  const first = path.split('/')[1] ?? '';
  if (first === 'v1.0' || first === 'beta') return graph(deps, req, res, first, url);
  if (first === '_emulator') return emulatorEndpoint(deps, req, res, path);
  if (path === '/devicelogin') return deviceLogin(deps, req, res);
  if (path === '/msi/token' || path === '/metadata/identity/oauth2/token') {
    stats.tokenRequests++;
    const r = await handleManagedIdentity(deps.auth, path === '/msi/token' ? 'appservice' : 'imds', url.searchParams, headerMap(req));
    return send(res, r.status, r.body, r.headers);
  }
  return login(deps, req, res, url);
}

/** /{tenant}/v2.0/.well-known/openid-configuration, /{tenant}/discovery/v2.0/keys, /{tenant}/oauth2/v2.0/token, …/devicecode */
async function login(deps: ServerDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const env = deps.auth;
  const parts = url.pathname.split('/').filter(Boolean);
  const tenant = decodeSegment(parts[0] ?? '');
  if (tenant === undefined) {
    return send(res, 400, { error: 'invalid_request', error_description: `AADSTS90002: Tenant '${parts[0]!.slice(0, 100)}' is not a valid tenant name: it has a malformed percent-escape.` });
  }
  const rest = parts.slice(1).join('/');
  const o = origin(req, env.port);
  const correlationId = String(req.headers['client-request-id'] ?? newId());
  try {
    let r: AuthResponse | undefined;
    if (req.method === 'GET' && (rest === 'v2.0/.well-known/openid-configuration' || rest === '.well-known/openid-configuration')) {
      r = { status: 200, body: openIdConfiguration(o, resolveTenant(env.state, tenant), rest.startsWith('v2.0') ? 'v2' : 'v1') };
    } else if (req.method === 'GET' && (rest === 'discovery/v2.0/keys' || rest === 'discovery/keys')) {
      if (tenant !== 'common') resolveTenant(env.state, tenant);
      r = { status: 200, body: await env.signer.jwks() };
    } else if (req.method === 'POST' && (rest === 'oauth2/v2.0/token' || rest === 'oauth2/token' || rest === 'oauth2/v2.0/devicecode' || rest === 'oauth2/devicecode')) {
      deps.graph.stats.counters.tokenRequests++;
      const params = new URLSearchParams(await readBody(req));
      r = rest.endsWith('devicecode')
        ? handleDeviceCodeStart(env, tenant, params, o)
        : await handleToken(env, { tenantRef: tenant, version: rest === 'oauth2/token' ? 'v1' : 'v2', params, authorization: req.headers.authorization, origin: o });
    }
    if (!r) return send(res, 404, { error: 'not_found', error_description: `The emulator has no endpoint ${req.method} ${url.pathname}.` });
    return send(res, r.status, r.body, r.headers);
  } catch (e) {
    if (e instanceof AadError) return send(res, e.status, aadBody(e, correlationId), { 'Cache-Control': 'no-store, no-cache' });
    throw e;
  }
}

async function graph(deps: ServerDeps, req: IncomingMessage, res: ServerResponse, version: 'v1.0' | 'beta', url: URL): Promise<void> {
  const receivedAt = Date.now();
  const env = deps.graph;
  const stats = env.stats.counters;
  stats.graphRequests++;
  const clientRequestId = String(req.headers['client-request-id'] ?? newId());
  const meta = { requestId: newId(), clientRequestId, inBatch: false };
  const ids = { 'request-id': meta.requestId, 'client-request-id': clientRequestId };
  const fault = pickFault(deps.faults, req.method);
  const reply = (r: GraphResponse): void => {
    const headers: Record<string, string> = { 'Cache-Control': 'no-cache', 'Strict-Transport-Security': 'max-age=31536000', ...ids, ...r.headers };
    if (fault === 'lose-answer' || fault === 'cut-answer') {
      stats.faults.answersLost++;
      return loseAnswer(res, fault, r.status, headers, r.body ?? r.text);
    }
    if (r.text !== undefined) return send(res, r.status, r.text, headers, 'text/plain');
    if (r.body !== undefined) headers['OData-Version'] = '4.0';
    send(res, r.status, r.body, headers, JSON_TYPE);
  };

  const rawBody = await readBody(req);
  if ((deps.faults.latencyMs ?? 0) > 0) {
    stats.faults.delayed++;
    await sleep(deps.faults.latencyMs!);
  }
  if (fault === 'drop') {
    stats.faults.dropped++;
    req.socket.destroy();
    return;
  }
  if (fault === 503 || fault === 504) {
    stats.faults.errors++;
    env.stats.noteStatus(fault);
    const e = fault === 503 ? new GraphError(503, 'ServiceUnavailable', 'Service Unavailable', { headers: { 'Retry-After': '1' } }) : new GraphError(504, 'GatewayTimeout', 'Gateway Timeout');
    return reply(errorResponse(e, meta));
  }
  try {
    const principal = await authenticateBearer(env.state, deps.auth.signer, req.headers.authorization, deps.auth.port);
    const body = rawBody.trim() === '' ? undefined : parseJsonBody(rawBody);
    const rest = url.pathname.slice(version.length + 1);
    const graphReq: GraphRequest = {
      method: (req.method ?? 'GET').toUpperCase(),
      version,
      path: rest === '' ? '/' : rest,
      segments: parseSegments(rest),
      query: parseQuery(url.search.slice(1)),
      headers: headerMap(req),
      body,
      principal,
      origin: origin(req, deps.auth.port),
      receivedAt,
    };
    if (graphReq.segments.length === 1 && graphReq.segments[0] === '$batch' && graphReq.method === 'POST') {
      const r = runBatch(env, graphReq, meta);
      env.stats.noteStatus(r.status);
      return reply(r);
    }
    return reply(await runGraphAsync(env, graphReq, meta));
  } catch (e) {
    if (!(e instanceof GraphError)) throw e;
    env.stats.noteStatus(e.status);
    return reply(errorResponse(e, meta));
  }
}

/** Test endpoints (loopback only): info, state dump, stats, device-code completion. */
async function emulatorEndpoint(deps: ServerDeps, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) return send(res, 403, { error: 'the /_emulator endpoints answer loopback clients only' });
  const { state } = deps.auth;
  if (req.method === 'GET' && path === '/_emulator/info') return send(res, 200, deps.info());
  if (req.method === 'GET' && path === '/_emulator/stats') return send(res, 200, deps.graph.stats.snapshot());
  if (req.method === 'GET' && path === '/_emulator/state') {
    const { ca: _ca, signingKeyPem: _key, directory, provisioningLogs: _logs, ...rest } = state.toJSON();
    const { passwords: _pw, ...dir } = directory;
    return send(res, 200, { ...rest, directory: dir, provisioningLogs: { records: state.provisioningLogs.size, maxRecords: state.provisioningLogs.maxRecords } });
  }
  if (req.method === 'POST' && path === '/_emulator/provisioning/generate') return generateProvisioning(state, req, res);
  if (path.startsWith('/_emulator/sync/')) return syncEndpoint(state, req, res, path);
  if (req.method === 'POST' && path === '/_emulator/devicecode/complete') {
    const b = jsonObjectBody(await readBody(req));
    if (b === undefined) return send(res, 400, { error: 'the body must be a JSON object: {"user_code": "...", "userPrincipalName": "...", "password": "...", "deny": false}' });
    const code = String(b.user_code ?? '');
    if (b.deny === true) return deps.auth.deviceCodes.complete(code, 'deny') ? send(res, 200, { status: 'declined' }) : send(res, 404, { error: `no pending device code '${code}'` });
    const upn = typeof b.userPrincipalName === 'string' ? b.userPrincipalName : defaultSignInUser(deps);
    if (!upn) return send(res, 400, { error: 'userPrincipalName is required (the tenant has no Global Administrator to default to)' });
    const r = signIn(state, deps.auth.deviceCodes, code, upn, typeof b.password === 'string' ? b.password : undefined);
    if (r === 'unknown-code') return send(res, 404, { error: `no pending device code '${code}'` });
    if (r === 'bad-credentials') return send(res, 401, { error: `cannot sign in as '${upn}': unknown or disabled user, or wrong password` });
    return send(res, 200, { status: 'approved', userPrincipalName: upn });
  }
  return send(res, 404, { error: `no emulator endpoint ${req.method} ${path}` });
}

/** Adds generated provisioning-log records: {count, jobId?, cycles?, failureRate?, seed?}. */
async function generateProvisioning(state: ServerDeps['auth']['state'], req: IncomingMessage, res: ServerResponse): Promise<void> {
  const usage = 'the body must be JSON: {"count": 10000, "jobId": "…", "cycles": 20, "failureRate": 0.05, "seed": 1}';
  const b = jsonObjectBody(await readBody(req));
  if (b === undefined) return send(res, 400, { error: usage });
  const num = (k: string): number | undefined => (typeof b[k] === 'number' ? (b[k] as number) : undefined);
  try {
    const records = generateRecords(state, {
      count: num('count') ?? NaN,
      ...(typeof b.jobId === 'string' ? { jobId: b.jobId } : {}),
      ...(num('cycles') !== undefined ? { cycles: num('cycles')! } : {}),
      ...(num('failureRate') !== undefined ? { failureRate: num('failureRate')! } : {}),
      ...(num('seed') !== undefined ? { seed: num('seed')! } : {}),
    });
    state.provisioningLogs.add(records);
    const jobs = [...new Set(records.map((r) => r.jobId))];
    const cycles = [...new Set(records.map((r) => r.cycleId))];
    return send(res, 200, { added: records.length, total: state.provisioningLogs.size, jobIds: jobs, cycleIds: cycles, from: records.reduce((m, r) => (r.activityDateTime < m ? r.activityDateTime : m), records[0]!.activityDateTime), to: records.reduce((m, r) => (r.activityDateTime > m ? r.activityDateTime : m), '') });
  } catch (e) {
    if (e instanceof RangeError) return send(res, 400, { error: `${e.message}; ${usage}` });
    throw e;
  }
}

/**
 * Cloud sync jobs: POST /_emulator/sync/jobs/{jobId}/cycle runs one cycle now and answers the
 * job's status; POST …/quarantine {"reason", "message"} quarantines the job.
 */
async function syncEndpoint(state: ServerDeps['auth']['state'], req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const m = /^\/_emulator\/sync\/jobs\/([^/]+)\/(cycle|quarantine)$/.exec(path);
  if (req.method !== 'POST' || !m) return send(res, 404, { error: `no emulator endpoint ${req.method} ${path}` });
  const jobId = decodeSegment(m[1]!);
  const ref = jobId === undefined ? undefined : state.syncService.findJob(jobId);
  if (!ref) return send(res, 404, { error: `no cloud sync job '${(jobId ?? m[1]!).slice(0, 100)}'` });
  const b = jsonObjectBody(await readBody(req));
  if (b === undefined) return send(res, 400, { error: 'the body must be a JSON object' });
  if (m[2] === 'quarantine') {
    const { QUARANTINE_REASONS, quarantineJob } = await import('./sync-service/lifecycle.js');
    const reason = typeof b.reason === 'string' ? b.reason : 'QuarantinedOnDemand';
    const known = QUARANTINE_REASONS.find((r) => r.toLowerCase() === reason.toLowerCase());
    if (!known) return send(res, 400, { error: `unknown quarantine reason '${reason}': use one of ${QUARANTINE_REASONS.join(', ')}` });
    quarantineJob(ref.job, known, { code: known, message: typeof b.message === 'string' ? b.message : `Quarantined through /_emulator (${known})`, tenantActionable: true }, Date.now(), state.syncService.speed);
    state.syncService.changed();
    return send(res, 200, { jobId: ref.job.id, status: ref.job.status });
  }
  if (ref.job.schedule.state !== 'Active') return send(res, 409, { error: `the job is ${ref.job.schedule.state.toLowerCase()}: start it first (POST …/start)` });
  const runner = state.syncService.runner;
  if (!runner) return send(res, 503, { error: 'the synchronization service is not running' });
  return send(res, 200, await runner.runCycle(ref));
}

/** The first Global Administrator, the user a test completes a device code as by default. */
function defaultSignInUser(deps: ServerDeps): string | undefined {
  const { dir } = deps.auth.state;
  const a = [...dir.roleAssignments.values()].find((x) => x.roleDefinitionId === '62e90394-69f5-4237-9190-012177145e10' && dir.get(x.principalId)?.type === 'user');
  return a ? String(dir.get(a.principalId)!.props.userPrincipalName) : undefined;
}

async function deviceLogin(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const html = 'text/html; charset=utf-8';
  if (req.method !== 'POST') return send(res, 200, deviceLoginPage(), {}, html);
  const form = new URLSearchParams(await readBody(req));
  const r = signIn(deps.auth.state, deps.auth.deviceCodes, form.get('code') ?? '', form.get('username') ?? '', form.get('password') ?? '');
  if (r === 'ok') return send(res, 200, '<!doctype html><p>You have signed in. You may now close this window and return to your device.</p>', {}, html);
  return send(res, 400, deviceLoginPage(r === 'unknown-code' ? 'That code is unknown, used or expired.' : 'Wrong user name or password.'), {}, html);
}
