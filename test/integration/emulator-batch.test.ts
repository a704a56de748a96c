/**
 * Contract tests for JSON batching, throttling and fault injection, from Graph's documentation
 * (json-batching, throttling, throttling-limits): at most 20 steps, version-less step URLs,
 * dependsOn and 424, per-step 429 with Retry-After inside a 200, token-bucket limits with
 * resource-unit costs, and what the stats record about clients honouring Retry-After.
 */
import { BatchRequestContent, BatchResponseContent, RetryHandlerOptions } from '@microsoft/microsoft-graph-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest, startTestEmulator, type TestEmulator } from '../support/emulator.js';

const PASSWORD = 'Xy7!longpassword';
const user = (local: string) => ({ accountEnabled: true, displayName: local, mailNickname: local, userPrincipalName: `${local}@contoso.onmicrosoft.com`, passwordProfile: { password: PASSWORD } });
const json = { 'Content-Type': 'application/json' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('$batch', () => {
  let emu: TestEmulator;
  let token: string;
  const batch = (body: unknown) => emu.request('/v1.0/$batch', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  beforeAll(async () => {
    emu = await startTestEmulator({ throttle: { enabled: false } });
    token = await emu.token();
  });
  afterAll(() => emu?.close());

  it('runs steps through the real client and answers each with status, headers and body', async () => {
    const graph = emu.graphClient();
    const content = new BatchRequestContent();
    const ids = ['b1', 'b2', 'b3'].map((l) =>
      content.addRequest({ id: l, request: new Request(`${emu.info.graphEndpoint}/users`, { method: 'POST', headers: json, body: JSON.stringify(user(l)) }) }),
    );
    content.addRequest({ id: 'get', request: new Request(`${emu.info.graphEndpoint}/users?$top=1`, { method: 'GET' }) });
    const raw = await graph.api('/$batch').post(await content.getContent());
    expect(Object.keys(raw)).toEqual(['responses']);
    const responses = new BatchResponseContent(raw);
    for (const id of ids) {
      const r = responses.getResponseById(id);
      expect(r.status).toBe(201);
      expect(r.headers.get('Content-Type')).toMatch(/^application\/json/);
      expect(((await r.json()) as { userPrincipalName: string }).userPrincipalName).toBe(`${id}@contoso.onmicrosoft.com`);
    }
    const step = raw.responses.find((x: { id: string }) => x.id === 'get');
    expect(Object.keys(step).sort()).toEqual(['body', 'headers', 'id', 'status']);
    expect(step.body['@odata.nextLink']).toMatch(new RegExp(`^${emu.info.graphEndpoint}/v1.0/users\\?`));
  });

  it('refuses more than 20 steps with 400 (the client refuses a 21st itself)', async () => {
    const content = new BatchRequestContent();
    for (let i = 0; i < 20; i++) content.addRequest({ id: String(i), request: new Request(`${emu.info.graphEndpoint}/users`) });
    expect(() => content.addRequest({ id: '20', request: new Request(`${emu.info.graphEndpoint}/users`) })).toThrow();
    const r = await batch({ requests: Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: 'GET', url: '/users' })) });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('BadRequest');
    expect(r.json.error.innerError['request-id']).toBeTruthy();
  });

  it('a step URL with a version segment fails that step only', async () => {
    // @microsoft/microsoft-graph-client 3.0.7 keeps /v1.0 in step URLs built from absolute URLs
    const content = new BatchRequestContent();
    content.addRequest({ id: 'versioned', request: new Request(`${emu.info.graphEndpoint}/v1.0/users`) });
    content.addRequest({ id: 'plain', request: new Request(`${emu.info.graphEndpoint}/organization`) });
    const body = await content.getContent();
    expect(body.requests[0]!.url).toBe('/v1.0/users');
    const raw = await emu.graphClient().api('/$batch').post(body);
    const byId = Object.fromEntries(raw.responses.map((x: { id: string }) => [x.id, x]));
    expect(byId.versioned.status).toBe(400);
    expect(byId.versioned.body.error).toMatchObject({ code: 'BadRequest', message: "Resource not found for the segment 'v1.0'." });
    expect(byId.plain.status).toBe(200);
  });

  it('dependsOn orders steps; a failed dependency gives 424', async () => {
    const r = await batch({
      requests: [
        { id: '2', dependsOn: ['1'], method: 'GET', url: '/users?$top=1' },
        { id: '1', method: 'GET', url: '/users/00000000-0000-0000-0000-000000000000' },
        { id: '3', method: 'GET', url: 'organization' },
      ],
    });
    expect(r.status).toBe(200);
    const byId = Object.fromEntries(r.json.responses.map((x: { id: string }) => [x.id, x]));
    expect(byId['1'].status).toBe(404);
    expect(byId['2'].status).toBe(424);
    expect(byId['3'].status).toBe(200);
  });

  it('refuses a write step without a Content-Type header or body, and duplicate ids', async () => {
    const r = await batch({ requests: [{ id: '1', method: 'POST', url: '/users', body: user('nohdr') }] });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toBe('Write request id : 1 does not contain Content-Type header or body.');
    const dup = await batch({ requests: [{ id: 'a', method: 'GET', url: '/users' }, { id: 'A', method: 'GET', url: '/users' }] });
    expect(dup.status).toBe(400);
  });
});

describe('throttling', () => {
  let emu: TestEmulator;
  let token: string;
  beforeAll(async () => {
    // small buckets so a test reaches them: 6 resource units and 4 writes per window; scale 10: windows of 1 s and 15 s
    emu = await startTestEmulator({ throttle: { scale: 10, limits: { resourceUnitsSmall: 6, appWrites: 4 } }, batchResponseOrder: 'request' });
    token = await emu.token();
  });
  afterAll(() => emu?.close());
  const get = (path: string) => emu.request(path, { headers: { authorization: `Bearer ${token}` } });

  it('costs resource units as documented: GET users 2, $select -1, $top < 20 -1, members 3', async () => {
    await sleep(1100);
    expect((await get('/v1.0/users')).headers['x-ms-resource-unit']).toBe('2');
    await sleep(1100);
    expect((await get('/v1.0/users?$select=id')).headers['x-ms-resource-unit']).toBe('1');
    expect((await get('/v1.0/users?$top=5')).headers['x-ms-resource-unit']).toBe('1');
    expect((await get('/v1.0/organization')).headers['x-ms-resource-unit']).toBe('1');
    await sleep(1100);
    const groups = await emu.graphClient().api('/groups').post({ displayName: 'g', mailEnabled: false, mailNickname: 'g', securityEnabled: true });
    await sleep(1100);
    expect((await get(`/v1.0/groups/${groups.id}/members`)).headers['x-ms-resource-unit']).toBe('3');
  });

  it('answers 429 TooManyRequests with an integer Retry-After, and counts whether clients waited', async () => {
    await sleep(1100);
    const before = emu.stats();
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await get('/v1.0/users'));
    expect(answers.slice(0, 3).map((a) => a.status)).toEqual([200, 200, 200]);
    const t = answers[3]!;
    expect(t.status).toBe(429);
    expect(t.headers['retry-after']).toMatch(/^[1-9]\d*$/);
    expect(t.headers['x-ms-throttle-scope']).toBe(`Tenant_Application/ReadWrite/${emu.info.clientId}/${emu.info.tenantId}`);
    expect(t.headers['x-ms-throttle-information']).toBe('ResourceUnitLimitExceeded');
    expect(t.json.error).toMatchObject({ code: 'TooManyRequests', message: 'Too many requests' });
    expect((await get('/v1.0/users')).status).toBe(429); // retried at once: early
    await sleep(Number(t.headers['retry-after']) * 1000);
    expect((await get('/v1.0/users')).status).toBe(200);
    const after = emu.stats();
    expect(after.throttled - before.throttled).toBe(2);
    expect(after.earlyRetries - before.earlyRetries).toBe(1);
    expect(after.retriesAfterThrottle - before.retriesAfterThrottle).toBe(1);
  });

  it("the Graph client's RetryHandler honours Retry-After and succeeds", async () => {
    await sleep(1100);
    const before = emu.stats();
    const graph = emu.graphClient({ retry: new RetryHandlerOptions(1, 3) });
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => graph.api('/users').get()));
    expect(results.every((r) => Array.isArray(r.value))).toBe(true);
    const after = emu.stats();
    expect(after.throttled).toBeGreaterThan(before.throttled);
    expect(after.earlyRetries).toBe(before.earlyRetries);
  });

  it('throttles $batch steps one by one: 429 with Retry-After inside a 200', async () => {
    await sleep(1100);
    const before = emu.stats();
    const steps = [0, 1, 2, 3, 4, 5].map((i) => ({ id: String(i), method: 'POST', url: '/users', headers: json, body: user(`throttled${i}`) }));
    const r = await emu.request('/v1.0/$batch', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ requests: steps }) });
    expect(r.status).toBe(200);
    const statuses = r.json.responses.map((x: { status: number }) => x.status);
    expect(statuses.filter((s: number) => s === 201).length).toBe(4);
    const throttled = r.json.responses.filter((x: { status: number }) => x.status === 429);
    expect(throttled).toHaveLength(2);
    for (const x of throttled) {
      expect(x.headers['Retry-After']).toMatch(/^[1-9]\d*$/);
      expect(x.headers['x-ms-throttle-information']).toBe('WriteLimitExceeded');
      expect(x.body.error.code).toBe('TooManyRequests');
    }
    const after = emu.stats();
    expect(after.throttled - before.throttled).toBe(2);
    expect(after.writesAccepted - before.writesAccepted).toBe(4);
    const created = after.writes.slice(before.writes.length);
    expect(created.every((w) => w.inBatch && w.method === 'POST' && w.path === '/users' && w.status === 201)).toBe(true);
    expect(new Set(created.map((w) => w.requestId)).size).toBe(4);
  });
});

describe('faults', () => {
  it('errorRate 1: every Graph request answers 503 (with Retry-After) or 504; sign-in is unaffected', async () => {
    const emu = await startTestEmulator({ faults: { errorRate: 1 } });
    try {
      const token = await emu.token();
      const statuses = new Set<number>();
      for (let i = 0; i < 20; i++) {
        const r = await emu.request('/v1.0/organization', { headers: { authorization: `Bearer ${token}` } });
        statuses.add(r.status);
        if (r.status === 503) {
          expect(r.headers['retry-after']).toBe('1');
          expect(r.json.error.code).toBe('ServiceUnavailable');
        } else expect(r.json.error.code).toBe('GatewayTimeout');
      }
      expect([...statuses].sort()).toEqual([503, 504]);
      expect(emu.stats().faults.errors).toBe(20);
    } finally {
      await emu.close();
    }
  });

  it('dropRate 1 destroys the connection without an answer; latency delays answers', async () => {
    const emu = await startTestEmulator({ faults: { dropRate: 1 } });
    try {
      const token = await emu.token();
      await expect(emu.request('/v1.0/organization', { headers: { authorization: `Bearer ${token}` } })).rejects.toThrow(/socket hang up|ECONNRESET/);
      expect(emu.stats().faults.dropped).toBe(1);
    } finally {
      await emu.close();
    }
    const slow = await startTestEmulator({ faults: { latencyMs: 300 } });
    try {
      const token = await slow.token();
      const t0 = Date.now();
      const r = await rawRequest(`${slow.info.graphEndpoint}/v1.0/organization`, slow.ca, { headers: { authorization: `Bearer ${token}` } });
      expect(r.status).toBe(200);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    } finally {
      await slow.close();
    }
  });
});
