/** Malformed requests get the 400/404 Graph and Entra answer, never an emulator 500. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';

let emu: TestEmulator;
let bearer: Record<string, string>;
beforeAll(async () => {
  emu = await startTestEmulator();
  bearer = { authorization: `Bearer ${await emu.token()}`, 'content-type': 'application/json' };
});
afterAll(() => emu?.close());

const deep = (n: number): string => '{"a":'.repeat(n) + '1' + '}'.repeat(n);

describe('malformed requests', () => {
  it('a malformed percent-escape in the tenant segment: 400', async () => {
    const r = await emu.request('/%E0%A4%A/v2.0/.well-known/openid-configuration');
    expect(r.status).toBe(400);
    expect(r.json.error).toBe('invalid_request');
    expect((await emu.request('/%zz/oauth2/v2.0/token', { method: 'POST', body: 'grant_type=client_credentials' })).status).toBe(400);
  });

  it('a path starting with // is a path (404), not a crash', async () => {
    expect((await emu.request('//v1.0/users')).status).toBe(404);
    expect((await emu.request('//')).status).toBe(404);
    expect((await emu.request('//evil.example/x', { method: 'POST' })).status).toBe(404);
  });

  it('a Graph body nested 5,000 deep: 400 BadRequest', async () => {
    const r = await emu.request('/v1.0/users', { method: 'POST', headers: bearer, body: deep(5000) });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('BadRequest');
    const batch = JSON.stringify({ requests: [{ id: '1', method: 'POST', url: '/users', headers: { 'content-type': 'application/json' }, body: deep(5000) }] });
    const b = await emu.request('/v1.0/$batch', { method: 'POST', headers: bearer, body: batch });
    expect(b.status).toBe(200);
    expect(b.json.responses[0].status).toBe(400);
  });

  it.each(['null', '[]', '5', '"x"', deep(5000), '{'])('device-code completion with the body %s: 400', async (body) => {
    const r = await emu.request('/_emulator/devicecode/complete', { method: 'POST', body: body.slice(0, 20_000) });
    expect(r.status).toBe(400);
  });

  it('test endpoints refuse non-object bodies with 400 and bad job ids with 404', async () => {
    expect((await emu.request('/_emulator/provisioning/generate', { method: 'POST', body: 'null' })).status).toBe(400);
    expect((await emu.request('/_emulator/sync/jobs/%zz/cycle', { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('a $filter nested 3,000 deep, 1,000 nots or 520 clauses: 400, not a stack overflow', async () => {
    // (Node's HTTP server refuses request lines over 16 KiB itself, with 431.)
    const clause = "displayName eq 'a'";
    const q = (f: string) => f.replaceAll(' ', '%20');
    for (const filter of ['('.repeat(3000) + clause + ')'.repeat(3000), 'not '.repeat(1000) + clause, Array(520).fill('id eq 1').join(' or ')]) {
      const r = await emu.request(`/v1.0/users?$filter=${q(filter)}`, { headers: bearer });
      expect(r.status).toBe(400);
      expect(r.json.error.message.length).toBeLessThan(300);
    }
    expect((await emu.request(`/v1.0/users?$filter=${q('('.repeat(40) + clause + ')'.repeat(40))}`, { headers: bearer })).status).toBe(200);
  });

  it('generate with absurd cycles answers 400 at once', async () => {
    const started = Date.now();
    const r = await emu.request('/_emulator/provisioning/generate', { method: 'POST', body: JSON.stringify({ count: 10, cycles: 1e10 }) });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatch(/cycles must be an integer from 1 to count \(10\)/);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
