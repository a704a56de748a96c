/**
 * `cloudsync graph` against the emulator, the CLI in process: paging with --all, $top with
 * the nextLink fed back as an absolute URL, writes refused without --yes (nothing created),
 * writes with --yes, a 403 naming the permission, another host refused, a bad body.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../../../../test/support/emulator.js';
import { runMain } from '../../../../test/support/run-main.js';

const DOMAIN = 'contoso.onmicrosoft.com';
const SEEDED = 130;
const READER_ID = '21111111-2222-4333-8444-555555555555';
const suffix = Math.random().toString(36).slice(2, 8);
const dir = mkdtempSync(join(tmpdir(), 'cloudsync-graph-'));

describe('cloudsync graph (emulator)', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator({
      throttle: { enabled: false },
      seed: {
        users: Array.from({ length: SEEDED }, (_, i) => ({ userPrincipalName: `page${i}@${DOMAIN}`, displayName: `Page ${i}` })),
        apps: [{ clientId: READER_ID, displayName: 'reader', roles: ['Domain.Read.All'], secrets: ['reader-Secret-1'] }],
      },
    } as never);
  });
  afterAll(async () => {
    await emu?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const graph = (args: string[], env: Record<string, string> = {}) => runMain(['graph', ...args], { env: { ...emu.env, ...env } });
  /** What the tenant really holds, asked directly (not through the CLI). */
  async function userExists(upn: string): Promise<boolean> {
    const r = await emu.request(`/v1.0/users/${encodeURIComponent(upn)}`, { headers: { Authorization: `Bearer ${await emu.token()}` } });
    return r.status === 200;
  }
  async function userCount(): Promise<number> {
    const r = await emu.request('/v1.0/users/$count', { headers: { Authorization: `Bearer ${await emu.token()}`, ConsistencyLevel: 'eventual' } });
    return Number(r.text);
  }

  it('GET /users --all follows every page (more users than a page)', async () => {
    const total = await userCount();
    expect(total).toBeGreaterThan(100);
    const r = await graph(['GET', '/users', '--all', '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const items = JSON.parse(r.stdout) as Array<{ userPrincipalName: string }>;
    expect(items).toHaveLength(total);
    expect(new Set(items.map((u) => u.userPrincipalName)).size).toBe(total);
    expect(items.filter((u) => u.userPrincipalName.startsWith('page'))).toHaveLength(SEEDED);
  });

  it('--all with -o ndjson streams one item per line', async () => {
    const r = await graph(['GET', 'users?$top=40&$select=id,userPrincipalName', '--all', '-o', 'ndjson']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string });
    expect(lines).toHaveLength(await userCount());
    expect(Object.keys(lines[0]!).sort()).toEqual(['id', 'userPrincipalName']);
  });

  it('$top gives one page with @odata.nextLink; the link, given back as an absolute URL, gives the next page', async () => {
    const first = await graph(['GET', 'users?$top=5&$select=id', '-o', 'json']);
    expect(first.code, first.stderr).toBe(0);
    const page1 = JSON.parse(first.stdout) as { value: Array<{ id: string }>; '@odata.nextLink': string };
    expect(page1.value).toHaveLength(5);
    expect(page1['@odata.nextLink']).toMatch(/^https:\/\//);
    const second = await graph(['GET', page1['@odata.nextLink'], '-o', 'json']);
    expect(second.code, second.stderr).toBe(0);
    const page2 = JSON.parse(second.stdout) as { value: Array<{ id: string }> };
    expect(page2.value).toHaveLength(5);
    expect(page2.value.map((u) => u.id).filter((id) => page1.value.some((u) => u.id === id))).toEqual([]);
  });

  it('table output: the items as a table, a hint about further pages on stderr', async () => {
    const r = await graph(['GET', 'users?$top=3&$select=userPrincipalName,displayName']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/userPrincipalName.*displayName/);
    expect(r.stdout.match(/@contoso\.onmicrosoft\.com/g)).toHaveLength(3);
    expect(r.stderr).toMatch(/--all/);
  });

  it('a POST without --yes and without a terminal is shown, not sent: exit 4, nothing created', async () => {
    const upn = `refused-${suffix}@${DOMAIN}`;
    const body = JSON.stringify({ accountEnabled: false, displayName: 'Refused', mailNickname: `refused${suffix}`, userPrincipalName: upn, passwordProfile: { password: 'Xy-9876543210-z' } });
    const r = await graph(['POST', '/users', '--body', body]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`POST ${emu.env.CLOUDSYNC_GRAPH_ENDPOINT}/v1.0/users`);
    expect(r.stderr).toContain(upn);
    expect(r.stderr).toMatch(/not sent: a write needs --yes/);
    expect(r.stdout).toBe('');
    expect(await userExists(upn)).toBe(false);
  });

  it('a POST with --yes (body from a file) creates the user and prints Graph\'s answer', async () => {
    const upn = `created-${suffix}@${DOMAIN}`;
    const file = join(dir, 'user.json');
    writeFileSync(file, JSON.stringify({ accountEnabled: false, displayName: 'Created', mailNickname: `created${suffix}`, userPrincipalName: upn, passwordProfile: { password: 'Xy-9876543210-z' } }));
    const r = await graph(['POST', '/users', '--body', `@${file}`, '--yes', '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { userPrincipalName: string }).userPrincipalName).toBe(upn);
    expect(await userExists(upn)).toBe(true);
    expect(r.stdout + r.stderr).not.toMatch(/bearer|eyJ[A-Za-z0-9_-]{10,}/i);
  });

  it('a body from stdin (--body @-) is sent like one from a file', async () => {
    const upn = `piped-${suffix}@${DOMAIN}`;
    const body = JSON.stringify({ accountEnabled: false, displayName: 'Piped', mailNickname: `piped${suffix}`, userPrincipalName: upn, passwordProfile: { password: 'Xy-9876543210-z' } });
    const r = await runMain(['graph', 'POST', '/users', '--body', '@-', '--yes', '-o', 'json'], { env: emu.env, input: body });
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { userPrincipalName: string }).userPrincipalName).toBe(upn);
    expect(await userExists(upn)).toBe(true);
  });

  it("Graph's errors: code, message and request-id in one line, exit 3", async () => {
    const r = await graph(['GET', `/users/nobody-${suffix}@${DOMAIN}`]);
    expect(r.code).toBe(3);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/404 Request_ResourceNotFound: .+, request-id [0-9a-f-]+\)/);
  });

  it('403 names the missing permission', async () => {
    const r = await graph(['GET', '/users'], { AZURE_CLIENT_ID: READER_ID, AZURE_CLIENT_SECRET: 'reader-Secret-1' });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/the app lacks the permission for GET \/users: grant .*User\.Read\.All/);
    expect(r.stderr).toMatch(/403 Authorization_RequestDenied/);
  });

  it('an absolute URL on another host is refused before signing in, in one line', async () => {
    const r = await graph(['GET', 'https://graph.example.org/v1.0/users'], { AZURE_CLIENT_SECRET: 'wrong-secret' });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/refusing to send the token to https:\/\/graph\.example\.org/);
  });

  it('a body that is not JSON is refused with its line and column, nothing sent', async () => {
    const before = await userCount();
    const r = await graph(['POST', '/users', '--yes', '--body', '{"displayName": "x",\n "accountEnabled": tru }']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--body is not valid JSON at line 2, column 23: unexpected space/);
    expect(await userCount()).toBe(before);
  });

  it('--header is sent (ConsistencyLevel for $count)', async () => {
    const r = await graph(['GET', '/users/$count', '--header', 'ConsistencyLevel: eventual']);
    expect(r.code, r.stderr).toBe(0);
    expect(Number(r.stdout.trim())).toBe(await userCount());
  });
});
