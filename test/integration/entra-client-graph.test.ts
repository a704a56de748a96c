/**
 * EntraClient's Graph operations and batch writer against the emulator, through the real
 * @microsoft/microsoft-graph-client. The emulator CA is trusted through the client's `fetch`
 * option in this process; the last test runs the default path (global fetch, Graph client's own
 * middleware) in a subprocess with NODE_EXTRA_CA_CERTS, as the CLI runs.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { User } from '@microsoft/microsoft-graph-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntraSettings } from '../../src/config/entra.js';
import { EntraClient, GraphError, type BatchResult } from '../../src/directory/entra/index.js';
import type { EmulatorOptions } from '../../src/emulator/index.js';
import { caFetch, startTestEmulator, type TestEmulator } from '../support/emulator.js';

const DOMAIN = 'contoso.onmicrosoft.com';
const IMMUTABLE = 'AbC+/dEf0123456789xyZ==';
const readOnlyApp = randomUUID();


function settingsOf(emu: TestEmulator, over: Partial<EntraSettings> = {}): EntraSettings {
  return {
    tenantId: emu.info.tenantId,
    clientId: emu.info.clientId,
    clientSecret: emu.info.clientSecret,
    method: 'secret',
    authorityHost: emu.info.authorityHost,
    graphEndpoint: emu.info.graphEndpoint,
    tokenCachePath: '/nonexistent/token-cache.json',
    ...over,
  };
}

function clientFor(emu: TestEmulator, over: Partial<EntraSettings> = {}, hooks = {}): Promise<EntraClient> {
  return EntraClient.create(settingsOf(emu, over), hooks, { fetch: caFetch(emu.ca), msalRetries: false });
}

const newUser = (nick: string, extra: Partial<User> = {}): User => ({
  accountEnabled: true,
  displayName: `Batch ${nick}`,
  mailNickname: nick,
  userPrincipalName: `${nick}@${DOMAIN}`,
  passwordProfile: { password: `Xy7!${randomUUID()}`, forceChangePasswordNextSignIn: true },
  ...extra,
});

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('reads and writes', () => {
  let emu: TestEmulator;
  let c: EntraClient;
  beforeAll(async () => {
    emu = await startTestEmulator({
      domains: ['contoso.com'],
      seed: {
        users: [
          ...Array.from({ length: 230 }, (_, i) => ({ userPrincipalName: `seed${i}@${DOMAIN}`, displayName: `Seed ${i}` })),
          { userPrincipalName: `synced@${DOMAIN}`, displayName: 'Synced', onPremisesImmutableId: IMMUTABLE },
        ],
        groups: [{ displayName: 'Helpdesk', members: [`seed1@${DOMAIN}`, `seed2@${DOMAIN}`] }],
        roleAssignments: [{ role: 'User Administrator', principal: `seed3@${DOMAIN}` }],
        apps: [{ clientId: readOnlyApp, displayName: 'read-only', roles: ['Organization.Read.All', 'User.Read.All'], secrets: ['read-only-secret'] }],
      },
    });
    c = await clientFor(emu);
  });
  afterAll(async () => {
    await emu?.close();
  });

  it('reads the organization and its verified domains', async () => {
    expect((await c.organization()).id).toBe(emu.info.tenantId);
    expect((await c.verifiedDomains()).sort()).toEqual(['contoso.com', DOMAIN]);
  });

  it('streams every page of users', async () => {
    const before = emu.stats().graphRequests;
    const users = await all(c.users({ top: 100, select: ['id', 'userPrincipalName'] }));
    // 230 seeded + synced + the emulator's admin.
    expect(users).toHaveLength(232);
    expect(new Set(users.map((u) => u.id)).size).toBe(232);
    expect(emu.stats().graphRequests - before).toBe(3);
  });

  it('filters with $count and ConsistencyLevel, and counts', async () => {
    const seeded = await all(c.users({ filter: "startswith(displayName,'Seed 1')", count: true, select: ['id', 'displayName'] }));
    // Seed 1, Seed 10-19, Seed 100-199.
    expect(seeded).toHaveLength(111);
    expect(await c.count('users', "startswith(displayName,'Seed 2')")).toBe(41);
  });

  it('gets users by id, UPN or immutable id (base64 with + and /), and undefined for none', async () => {
    const synced = await c.findUserByImmutableId(IMMUTABLE);
    expect(synced?.userPrincipalName).toBe(`synced@${DOMAIN}`);
    expect((await c.getUser(synced!.id!))?.onPremisesImmutableId).toBe(IMMUTABLE);
    expect((await c.getUser(`synced@${DOMAIN}`, ['id']))?.id).toBe(synced!.id);
    expect(await c.getUser(`nobody@${DOMAIN}`)).toBeUndefined();
    expect(await c.findUserByImmutableId('bm9ib2R5')).toBeUndefined();
  });

  it('creates, updates, deletes and restores a user', async () => {
    const created = await c.createUser(newUser('lifecycle'));
    expect(created.id).toBeTruthy();
    await c.updateUser(created.id!, { jobTitle: 'Engineer' });
    expect((await c.getUser(created.id!, ['jobTitle']))?.jobTitle).toBe('Engineer');
    await c.deleteUser(created.id!);
    expect(await c.getUser(created.id!)).toBeUndefined();
    expect((await all(c.deletedUsers())).map((u) => u.id)).toContain(created.id);
    expect((await c.restoreDeleted(created.id!)).id).toBe(created.id);
    expect((await c.getUser(`lifecycle@${DOMAIN}`))?.id).toBe(created.id);
  });

  it('reports Graph rejections in one line with the request id', async () => {
    const e = await c.createUser(newUser('seed5')).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(GraphError);
    expect((e as GraphError).message).toMatch(/^Graph rejected POST \/users \(400 Request_BadRequest: Another object with the same value for property userPrincipalName already exists, request-id [0-9a-f-]+\)$/);
    const bad = await c.createUser(newUser('offdomain', { userPrincipalName: 'x@unverified.example' })).catch((x: Error) => x.message);
    expect(bad).toMatch(/verified domain/);
  });

  it('manages groups and members', async () => {
    const helpdesk = (await all(c.groups({ filter: "displayName eq 'Helpdesk'" })))[0]!;
    const members = await all(c.groupMembers(helpdesk.id!));
    expect(members.map((m) => (m as User).userPrincipalName).sort()).toEqual([`seed1@${DOMAIN}`, `seed2@${DOMAIN}`]);
    expect(members[0]!['@odata.type' as keyof typeof members[0]]).toBe('#microsoft.graph.user');
    const g = await c.createGroup({ displayName: 'Pilot', mailEnabled: false, mailNickname: 'pilot', securityEnabled: true });
    const seed9 = await c.getUser(`seed9@${DOMAIN}`, ['id']);
    await c.addMember(g.id!, seed9!.id!);
    expect((await all(c.groupMembers(g.id!))).map((m) => m.id)).toEqual([seed9!.id]);
    await c.removeMember(g.id!, seed9!.id!);
    expect(await all(c.groupMembers(g.id!))).toEqual([]);
    await c.updateGroup(g.id!, { description: 'pilot users' });
    await c.deleteGroup(g.id!);
    expect(await all(c.groups({ filter: "displayName eq 'Pilot'" }))).toEqual([]);
  });

  it('lists who holds admin roles', async () => {
    const holders = await c.adminRoleHolders();
    const admin = await c.getUser(`admin@${DOMAIN}`, ['id']);
    const seed3 = await c.getUser(`seed3@${DOMAIN}`, ['id']);
    expect(holders.get(admin!.id!)).toEqual(['Global Administrator']);
    expect(holders.get(seed3!.id!)).toEqual(['User Administrator']);
    expect(holders.has((await c.getUser(`seed4@${DOMAIN}`, ['id']))!.id!)).toBe(false);
  });

  it('names the missing permission when the app lacks it', async () => {
    const ro = await clientFor(emu, { clientId: readOnlyApp, clientSecret: 'read-only-secret' });
    expect((await ro.token()).roles.sort()).toEqual(['Organization.Read.All', 'User.Read.All']);
    const e = await ro.createUser(newUser('denied')).catch((x: unknown) => x);
    expect(e).toMatchObject({ kind: 'permission', status: 403 });
    expect((e as Error).message).toMatch(/^the app lacks the permission for POST \/users: grant .*User\.ReadWrite\.All.* \(Application\) and admin consent \(403 Authorization_RequestDenied/);
    expect((e as GraphError).requestId).toBeTruthy();
  });
});

describe('batch writer against the emulator', () => {
  async function run(options: EmulatorOptions, n: number) {
    const emu = await startTestEmulator({ ...options, batchResponseOrder: 'shuffled' });
    try {
      const retries: { status: number; retryAfterMs: number }[] = [];
      const c = await clientFor(emu, {}, { onRetry: (i: { status: number; retryAfterMs: number }) => retries.push(i) });
      const w = c.batchWriter({ concurrency: 4, maxConcurrency: 8, maxRetries: 30, baseBackoffMs: 50, maxBackoffMs: 1000 });
      const results: BatchResult[] = await Promise.all(
        Array.from({ length: n }, (_, i) => w.submit({ method: 'POST', url: '/users', body: newUser(`b${i}`) })),
      );
      await w.close();
      const stats = emu.stats();
      const upns = (await all(c.users({ filter: "startswith(displayName,'Batch b')", select: ['userPrincipalName'] }))).map((u) => u.userPrincipalName);
      return { results, writer: w.stats, stats, upns, retries };
    } finally {
      await emu.close();
    }
  }

  it('creates every user exactly once under throttling, waiting out each Retry-After', async () => {
    const n = 150;
    const { results, writer, stats, upns } = await run({ throttle: { limits: { appWrites: 40, appWriteWindowSeconds: 1 } } }, n);
    expect(results.map((r) => r.status)).toEqual(Array.from({ length: n }, () => 201));
    expect(new Set(upns)).toEqual(new Set(Array.from({ length: n }, (_, i) => `b${i}@${DOMAIN}`)));
    expect(stats.writes.filter((w) => w.method === 'POST' && w.path === '/users')).toHaveLength(n);
    expect(stats.throttled).toBeGreaterThan(0);
    expect(writer.throttled).toBe(stats.throttled);
    expect(stats.earlyRetries).toBe(0);
    expect(writer).toMatchObject({ requests: n, failed: 0, pending: 0 });
  }, 120_000);

  it('loses nothing when batches are dropped or answered 503/504', async () => {
    const n = 120;
    // A seeded generator: the same faults every run, so the test cannot pass by luck or fail by it.
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const { results, writer, stats, upns } = await run({ faults: { errorRate: 0.2, dropRate: 0.1, random }, throttle: { enabled: false } }, n);
    expect(stats.faults.errors + stats.faults.dropped).toBeGreaterThan(0);
    expect(results.every((r) => r.status === 201)).toBe(true);
    expect(upns).toHaveLength(n);
    expect(stats.writes.filter((w) => w.path === '/users')).toHaveLength(n);
    expect(writer.retries).toBeGreaterThan(0);
  }, 120_000);
});

describe('answers lost after the work was done', () => {
  it('creates every user and group exactly once, adopting what a lost request made, and reads through cut answers', async () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const emu = await startTestEmulator({ faults: { lostAnswerRate: 0.4, random }, throttle: { enabled: false } });
    try {
      const c = await clientFor(emu);
      const w = c.batchWriter({ concurrency: 2, maxRetries: 30, baseBackoffMs: 20, maxBackoffMs: 200 });
      const users = Array.from({ length: 150 }, (_, i) => w.submit({ method: 'POST', url: '/users', body: newUser(`lost${i}`, { onPremisesImmutableId: Buffer.from(`anchor-${i}`).toString('base64') }) }));
      const groups = Array.from({ length: 40 }, (_, i) =>
        w.submit({ method: 'POST', url: '/groups', body: { displayName: `Lost ${i}`, mailNickname: `lost-${i}`, securityEnabled: true, mailEnabled: false } }),
      );
      const results = await Promise.all([...users, ...groups]);
      await w.close();
      expect(emu.stats().faults.answersLost).toBeGreaterThan(0);
      expect(results.every((r) => r.status === 201 && typeof (r.body as { id?: unknown }).id === 'string')).toBe(true);
      expect(results.filter((r) => r.recovered !== undefined).length).toBeGreaterThan(0);
      const dir = emu.state.dir;
      const made = [...dir.iterate('user')].filter((u) => String(u.props.userPrincipalName).startsWith('lost'));
      const madeGroups = [...dir.iterate('group')].filter((g) => String(g.props.mailNickname).startsWith('lost-'));
      // 0 duplicates: each exactly once, and each caller holds the id of the one that exists.
      expect(made).toHaveLength(150);
      expect(madeGroups).toHaveLength(40);
      expect(new Set(results.map((r) => (r.body as { id: string }).id))).toEqual(new Set([...made, ...madeGroups].map((o) => o.id)));
      // Reads whose answers break off (after the 200 status, too) are read again, never "rejected".
      const read = await all(c.users({ filter: "startswith(displayName,'Batch lost')", select: ['id'] }));
      expect(read).toHaveLength(150);
    } finally {
      await emu.close();
    }
  }, 120_000);
});

describe('the default path: global fetch with NODE_EXTRA_CA_CERTS, in a new process', () => {
  const entry = fileURLToPath(new URL('../../dist/directory/entra/index.js', import.meta.url));
  const config = fileURLToPath(new URL('../../dist/config/entra.js', import.meta.url));
  const built = existsSync(entry) && existsSync(config);

  it.skipIf(!built)('signs in with the secret from the environment, pages and batches', async () => {
    const emu = await startTestEmulator({ seed: { users: Array.from({ length: 5 }, (_, i) => ({ userPrincipalName: `p${i}@${DOMAIN}`, displayName: `P ${i}` })) } });
    try {
      const script = `
        import { EntraClient } from ${JSON.stringify(entry)};
        import { resolveEntraSettings } from ${JSON.stringify(config)};
        const s = await resolveEntraSettings({}, process.env, undefined, process.cwd());
        const c = await EntraClient.create(s);
        const upns = [];
        for await (const u of c.users({ top: 2, select: ['userPrincipalName'] })) upns.push(u.userPrincipalName);
        const w = c.batchWriter();
        const r = await Promise.all(upns.filter((u) => u.startsWith('p')).map((u) => w.submit({ method: 'PATCH', url: '/v1.0/users/' + u, body: { jobTitle: 'x' } })));
        console.log(JSON.stringify({ method: s.method, upns: upns.length, statuses: r.map((x) => x.status) }));
      `;
      const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...emu.env };
      const out = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
        const child = spawn(process.execPath, ['--input-type=module', '-e', script], { env });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
      });
      expect(out.stderr).toBe('');
      expect(out.code).toBe(0);
      expect(JSON.parse(out.stdout)).toEqual({ method: 'secret', upns: 6, statuses: [204, 204, 204, 204, 204] });
    } finally {
      await emu.close();
    }
  });
});

describe('reads over a flaky connection', () => {
  it('lists every user although connections are dropped (GETs are retried, writes are not repeated)', async () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const emu = await startTestEmulator({
      seed: { users: Array.from({ length: 60 }, (_, i) => ({ userPrincipalName: `flaky${i}@${DOMAIN}`, displayName: `Flaky ${i}` })) },
      faults: { dropRate: 0.3, random },
      throttle: { enabled: false },
    });
    try {
      const client = await clientFor(emu);
      const upns: string[] = [];
      for await (const u of client.users({ top: 10, select: ['userPrincipalName'] })) upns.push(u.userPrincipalName ?? '');
      expect(upns.filter((u) => u.startsWith('flaky'))).toHaveLength(60);
      expect(emu.stats().faults.dropped).toBeGreaterThan(0);
    } finally {
      await emu.close();
    }
  }, 60_000);
});
