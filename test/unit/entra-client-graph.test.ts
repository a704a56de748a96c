import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EntraSettings } from '../../src/config/entra.js';
import { EntraClient } from '../../src/directory/entra/client.js';
import type { Credential } from '../../src/directory/entra/credential.js';
import { GraphError } from '../../src/directory/entra/graph-error.js';
import { CloudsyncError } from '../../src/errors.js';

/**
 * EntraClient through the real @microsoft/microsoft-graph-client against a stub Graph over plain
 * HTTP (the bearer is only attached for https, which the integration tests cover with the emulator).
 */
interface Seen {
  method: string;
  /** Decoded, for readable assertions; `raw` as it came over the wire. */
  url: string;
  raw: string;
  headers: IncomingMessage['headers'];
  body?: unknown;
}
type Handler = (req: Seen, res: ServerResponse) => void;

let server: Server;
let origin: string;
const seen: Seen[] = [];
let routes: [RegExp, Handler][] = [];

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'request-id': 'hdr-rid', ...headers });
  res.end(JSON.stringify(body));
}

const graphErr = (code: string, message: string, rid = 'rid-1') => ({ error: { code, message, innerError: { 'request-id': rid, date: '2026-01-01T00:00:00' } } });

beforeAll(async () => {
  server = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      const s: Seen = { method: req.method!, url: decodeURIComponent(req.url!), raw: req.url!, headers: req.headers };
      if (text) s.body = JSON.parse(text);
      seen.push(s);
      const route = routes.find(([re]) => re.test(`${s.method} ${s.url}`));
      if (route) route[1](s, res);
      else json(res, 404, graphErr('Request_ResourceNotFound', `Resource '${s.url}' does not exist.`));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  seen.length = 0;
  routes = [];
});

function b64url(o: unknown): string {
  return Buffer.from(JSON.stringify(o)).toString('base64url');
}
const jwt = (claims: Record<string, unknown>) => `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(claims)}.sig`;

function client(credential?: Partial<Credential>, hooks = {}): { c: EntraClient; tokens: () => number } {
  let n = 0;
  const cred: Credential = {
    getToken:
      credential?.getToken ??
      (async () => {
        n++;
        return { token: jwt({ tid: 'tenant-guid', appid: 'app-guid', roles: ['User.Read.All'], iat: 1_700_000_000, exp: 4_000_000_000 }), expiresOn: new Date(Date.now() + 3_600_000) };
      }),
  };
  const settings: EntraSettings = { tenantId: 'tenant-guid', clientId: 'app-guid', method: 'secret', authorityHost: 'https://login.example', graphEndpoint: origin, tokenCachePath: '/nonexistent' };
  return { c: EntraClient.fromCredential(settings, cred, hooks), tokens: () => n };
}

describe('EntraClient reads', () => {
  it('streams every page of users with $select/$top, following absolute nextLinks', async () => {
    routes = [
      [/^GET \/v1\.0\/users\?.*skiptoken=p2/, (_q, res) => json(res, 200, { value: [{ id: '3' }] })],
      [/^GET \/v1\.0\/users\?/, (_q, res) => json(res, 200, { value: [{ id: '1' }, { id: '2' }], '@odata.nextLink': `${origin}/v1.0/users?$skiptoken=p2` })],
    ];
    const { c } = client();
    const ids: string[] = [];
    for await (const u of c.users({ select: ['id', 'userPrincipalName'], top: 2 })) ids.push(u.id!);
    expect(ids).toEqual(['1', '2', '3']);
    expect(seen[0]!.url).toMatch(/^\/v1\.0\/users\?/);
    expect(seen[0]!.url).toContain('$select=id,userPrincipalName');
    expect(seen[0]!.url).toContain('$top=2');
    expect(seen[1]!.url).toBe('/v1.0/users?$skiptoken=p2');
  });

  it('sends $count with ConsistencyLevel: eventual and an encoded $filter', async () => {
    routes = [[/^GET \/v1\.0\/users\?/, (_q, res) => json(res, 200, { '@odata.count': 0, value: [] })]];
    const { c } = client();
    for await (const _ of c.users({ filter: "endswith(mail,'@contoso.com')", count: true })) void _;
    expect(seen[0]!.url).toContain("$filter=endswith(mail,'@contoso.com')");
    expect(seen[0]!.url).toContain('$count=true');
    expect(seen[0]!.headers.consistencylevel).toBe('eventual');
  });

  it('refuses a nextLink to another host', async () => {
    routes = [[/^GET \/v1\.0\/groups/, (_q, res) => json(res, 200, { value: [{ id: 'g' }], '@odata.nextLink': 'https://evil.example/v1.0/groups?$skiptoken=x' })]];
    const { c } = client();
    const it = c.groups()[Symbol.asyncIterator]();
    expect((await it.next()).value).toEqual({ id: 'g' });
    await expect(it.next()).rejects.toThrow(/next-page link to another host \(evil\.example\)/);
  });

  it('finds a user by onPremisesImmutableId, quoting and URL-encoding the base64 value', async () => {
    routes = [[/^GET \/v1\.0\/users\?/, (_q, res) => json(res, 200, { value: [{ id: 'u1' }] })]];
    const { c } = client();
    expect(await c.findUserByImmutableId("ab+/c'd==")).toEqual({ id: 'u1' });
    expect(seen[0]!.url).toContain("$filter=onPremisesImmutableId eq 'ab+/c''d=='");
    // A raw '+' in a query means a space to Graph: it must travel as %2B.
    expect(seen[0]!.raw).toContain('ab%2B%2Fc');
    expect(seen[0]!.raw).not.toMatch(/ab\+/);
  });

  it('returns undefined for a user that does not exist, and encodes UPNs', async () => {
    routes = [
      [/^GET \/v1\.0\/users\/ada@contoso\.com\?/, (_q, res) => json(res, 200, { id: 'ada' })],
      [/^GET \/v1\.0\/users\('\$svc@contoso\.com'\)\?/, (_q, res) => json(res, 200, { id: 'svc' })],
    ];
    const { c } = client();
    expect(await c.getUser('ada@contoso.com')).toEqual({ id: 'ada' });
    expect(await c.getUser('$svc@contoso.com')).toEqual({ id: 'svc' });
    expect(await c.getUser('nobody@contoso.com')).toBeUndefined();
  });

  it('lists verified domains in lower case', async () => {
    routes = [
      [
        /^GET \/v1\.0\/domains/,
        (_q, res) =>
          json(res, 200, { value: [{ id: 'Contoso.com', isVerified: true }, { id: 'contoso.onmicrosoft.com', isVerified: true, isInitial: true }, { id: 'new.example', isVerified: false }] }),
      ],
    ];
    expect(await client().c.verifiedDomains()).toEqual(['contoso.com', 'contoso.onmicrosoft.com']);
  });

  it('maps admin role holders from role assignments, falling back to directoryRoles when refused', async () => {
    routes = [
      [/^GET \/v1\.0\/roleManagement\/directory\/roleDefinitions/, (_q, res) => json(res, 200, { value: [{ id: 'r-ga', displayName: 'Global Administrator' }, { id: 'r-ua', displayName: 'User Administrator' }] })],
      [
        /^GET \/v1\.0\/roleManagement\/directory\/roleAssignments/,
        (_q, res) =>
          json(res, 200, {
            value: [
              { principalId: 'alice', roleDefinitionId: 'r-ga' },
              { principalId: 'alice', roleDefinitionId: 'r-ua' },
              { principalId: 'bob', roleDefinitionId: 'r-ua' },
            ],
          }),
      ],
    ];
    const holders = await client().c.adminRoleHolders();
    expect(Object.fromEntries(holders)).toEqual({ alice: ['Global Administrator', 'User Administrator'], bob: ['User Administrator'] });

    const warnings: string[] = [];
    routes = [
      [/^GET \/v1\.0\/roleManagement/, (_q, res) => json(res, 403, graphErr('Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'))],
      [/^GET \/v1\.0\/directoryRoles\/d1\/members/, (_q, res) => json(res, 200, { value: [{ id: 'carol' }] })],
      [/^GET \/v1\.0\/directoryRoles\?/, (_q, res) => json(res, 200, { value: [{ id: 'd1', displayName: 'Global Administrator' }] })],
    ];
    const fallback = await client(undefined, { onWarning: (m: string) => warnings.push(m) }).c.adminRoleHolders();
    expect(Object.fromEntries(fallback)).toEqual({ carol: ['Global Administrator'] });
    expect(warnings[0]).toMatch(/403 Authorization_RequestDenied.*directoryRoles/);
  });

  it('decodes the token claims and signs in once for many concurrent requests', async () => {
    routes = [[/^GET \/v1\.0\/organization/, (_q, res) => json(res, 200, { value: [{ id: 'tenant-guid', displayName: 'Contoso' }] })]];
    const { c, tokens } = client();
    const orgs = await Promise.all(Array.from({ length: 10 }, () => c.organization()));
    expect(orgs.every((o) => o.displayName === 'Contoso')).toBe(true);
    expect(tokens()).toBe(1);
    expect(await c.token()).toMatchObject({ tenantId: 'tenant-guid', appId: 'app-guid', roles: ['User.Read.All'], scopes: [], issuedAt: new Date(1_700_000_000_000) });
  });
});

describe('EntraClient writes', () => {
  it('creates, updates, deletes and restores with the right verbs and bodies', async () => {
    routes = [
      [/^POST \/v1\.0\/users$/, (q, res) => json(res, 201, { id: 'new', ...(q.body as object) })],
      [/^PATCH \/v1\.0\/users\/new$/, (_q, res) => res.writeHead(204).end()],
      [/^DELETE \/v1\.0\/users\/new$/, (_q, res) => res.writeHead(204).end()],
      [/^POST \/v1\.0\/directory\/deletedItems\/new\/restore$/, (_q, res) => json(res, 200, { id: 'new', '@odata.type': '#microsoft.graph.user' })],
      [/^POST \/v1\.0\/groups\/g1\/members\/\$ref$/, (_q, res) => res.writeHead(204).end()],
      [/^DELETE \/v1\.0\/groups\/g1\/members\/new\/\$ref$/, (_q, res) => res.writeHead(204).end()],
    ];
    const { c } = client();
    const created = await c.createUser({ userPrincipalName: 'new@contoso.com', accountEnabled: true });
    expect(created).toMatchObject({ id: 'new', userPrincipalName: 'new@contoso.com' });
    await c.updateUser('new', { displayName: 'New' });
    await c.deleteUser('new');
    expect(await c.restoreDeleted('new')).toMatchObject({ id: 'new' });
    await c.addMember('g1', 'new');
    await c.removeMember('g1', 'new');
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'POST /v1.0/users',
      'PATCH /v1.0/users/new',
      'DELETE /v1.0/users/new',
      'POST /v1.0/directory/deletedItems/new/restore',
      'POST /v1.0/groups/g1/members/$ref',
      'DELETE /v1.0/groups/g1/members/new/$ref',
    ]);
    expect(seen[1]!.body).toEqual({ displayName: 'New' });
    expect(seen[4]!.body).toEqual({ '@odata.id': `${origin}/v1.0/directoryObjects/new` });
  });

  it('routes /beta paths to beta and keeps generic requests generic', async () => {
    routes = [[/^GET \/beta\/servicePrincipals/, (_q, res) => json(res, 200, { value: [] })]];
    expect(await client().c.request('GET', '/beta/servicePrincipals?$top=1')).toEqual({ value: [] });
    expect(seen[0]!.url).toBe('/beta/servicePrincipals?$top=1');
  });
});

describe('EntraClient errors', () => {
  it('names the missing permission and keeps the request id for a 403', async () => {
    routes = [[/^(GET|PATCH) \/v1\.0\/users/, (_q, res) => json(res, 403, graphErr('Authorization_RequestDenied', 'Insufficient privileges to complete the operation.', 'rid-403'))]];
    const err = await client().c.request('GET', '/users?$top=1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphError);
    expect(err).toMatchObject({ kind: 'permission', status: 403, code: 'Authorization_RequestDenied', requestId: 'rid-403' });
    expect((err as Error).message).toBe(
      'the app lacks the permission for GET /users: grant e.g. User.Read.All (Application) and admin consent (403 Authorization_RequestDenied: Insufficient privileges to complete the operation, request-id rid-403)',
    );
    const write = await client().c.request('PATCH', '/users/x', {}).catch((e: Error) => e.message);
    expect(write).toMatch(/User\.ReadWrite\.All/);
  });

  it('reports 400s with Graph\'s message, one line', async () => {
    routes = [
      [/^POST \/v1\.0\/users/, (_q, res) => json(res, 400, graphErr('Request_BadRequest', 'Another object with the same value for property userPrincipalName already exists.'))],
    ];
    const err = await client().c.createUser({ userPrincipalName: 'dup@contoso.com' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'runtime', status: 400 });
    expect((err as Error).message).toBe(
      'Graph rejected POST /users (400 Request_BadRequest: Another object with the same value for property userPrincipalName already exists, request-id rid-1)',
    );
  });

  it('retries a throttled request after Retry-After and reports the retry', async () => {
    let n = 0;
    routes = [[/^GET \/v1\.0\/organization/, (_q, res) => (++n === 1 ? json(res, 429, graphErr('TooManyRequests', 'slow down'), { 'Retry-After': '1' }) : json(res, 200, { value: [{ id: 't' }] }))]];
    const retries: unknown[] = [];
    const started = Date.now();
    expect(await client(undefined, { onRetry: (i: unknown) => retries.push(i) }).c.organization()).toEqual({ id: 't' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(retries).toEqual([{ status: 429, retryAfterMs: 1000, requestId: 'hdr-rid' }]);
  });

  it('passes an auth failure through as itself', async () => {
    const auth = new CloudsyncError('auth', 'the client secret is wrong (AADSTS7000215): check AZURE_CLIENT_SECRET');
    const { c } = client({ getToken: () => Promise.reject(auth) });
    await expect(c.organization()).rejects.toBe(auth);
    await expect(c.batchWriter().submit({ method: 'GET', url: '/users/a' })).rejects.toBe(auth);
  });

  it('reads again a GET whose answer broke off after the 200 status, and never calls it rejected', async () => {
    const cut = (res: ServerResponse): void => {
      const text = JSON.stringify({ value: [{ id: '1' }, { id: '2' }] });
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(text.length) });
      res.write(text.slice(0, 10), () => res.socket?.destroy());
    };
    let n = 0;
    routes = [[/^GET \/v1\.0\/users\?/, (_q, res) => (++n === 1 ? cut(res) : json(res, 200, { value: [{ id: '1' }, { id: '2' }] }))]];
    const { c } = client();
    const ids: string[] = [];
    for await (const u of c.users({ select: ['id'] })) ids.push(u.id!);
    expect(ids).toEqual(['1', '2']);
    expect(n).toBe(2);

    routes = [[/^GET \/v1\.0\/organization/, (_q, res) => cut(res)]];
    const err = await c.organization().catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'connect', code: 'answer-cut' });
    expect((err as Error).message).toMatch(/^the connection to Microsoft Graph at 127\.0\.0\.1:\d+ broke in the middle of the answer to GET \/organization \(after status 200: /);
    expect((err as Error).message).not.toMatch(/rejected/);
  }, 20_000);

  it('names the Graph host and the cause when nothing answers', async () => {
    const dead = createServer();
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
    const port = (dead.address() as AddressInfo).port;
    await new Promise<void>((r) => dead.close(() => r()));
    const settings: EntraSettings = { tenantId: 't', method: 'secret', authorityHost: 'https://login.example', graphEndpoint: `http://127.0.0.1:${port}`, tokenCachePath: '/x' };
    const c = EntraClient.fromCredential(settings, { getToken: async () => ({ token: 'x.y.z', expiresOn: new Date(Date.now() + 3_600_000) }) });
    const err = await c.organization().catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'connect', status: 0, code: 'ECONNREFUSED' });
    expect((err as Error).message).toBe(`cannot reach Microsoft Graph at 127.0.0.1:${port} (ECONNREFUSED) for GET /organization: check the network, proxy and CLOUDSYNC_GRAPH_ENDPOINT`);
  });
});

describe('EntraClient batch writer over the Graph client', () => {
  it('posts to /v1.0/$batch with version-less step URLs and retries per-step 429s', async () => {
    const bodies: { requests: { id: string; url: string; method: string }[] }[] = [];
    routes = [
      [
        /^POST \/v1\.0\/\$batch$/,
        (q, res) => {
          const body = q.body as (typeof bodies)[number];
          bodies.push(body);
          const first = bodies.length === 1;
          json(res, 200, {
            responses: body.requests.map((r) =>
              first && r.url === '/users/b'
                ? { id: r.id, status: 429, headers: { 'Retry-After': '0' }, body: graphErr('TooManyRequests', 'throttled', 'rid-b') }
                : { id: r.id, status: 204, headers: {} },
            ),
          });
        },
      ],
    ];
    const retries: unknown[] = [];
    const w = client(undefined, { onRetry: (i: unknown) => retries.push(i) }).c.batchWriter();
    const results = await Promise.all(['a', 'b', 'c'].map((u) => w.submit({ method: 'DELETE', url: `/v1.0/users/${u}` })));
    expect(results.map((r) => [r.status, r.attempts])).toEqual([
      [204, 1],
      [204, 2],
      [204, 1],
    ]);
    expect(bodies[0]!.requests.map((r) => r.url)).toEqual(['/users/a', '/users/b', '/users/c']);
    expect(bodies[1]!.requests.map((r) => r.url)).toEqual(['/users/b']);
    expect(retries).toEqual([{ status: 429, retryAfterMs: 0, requestId: 'rid-b' }]);
    await w.close();
  });

  it('re-queues the whole batch when $batch itself is throttled (the Graph client does not retry it)', async () => {
    let n = 0;
    routes = [
      [
        /^POST \/v1\.0\/\$batch$/,
        (q, res) =>
          ++n === 1
            ? json(res, 429, graphErr('TooManyRequests', 'slow down'), { 'Retry-After': '0' })
            : json(res, 200, { responses: (q.body as { requests: { id: string }[] }).requests.map((r) => ({ id: r.id, status: 200, body: { ok: r.id } })) }),
      ],
    ];
    const w = client().c.batchWriter();
    const r = await w.submit({ method: 'GET', url: '/users/a' });
    expect(r).toMatchObject({ status: 200, attempts: 2 });
    expect(n).toBe(2);
    expect(w.stats).toMatchObject({ throttled: 1, retries: 1 });
  });
});
