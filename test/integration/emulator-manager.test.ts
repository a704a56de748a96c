/**
 * The emulator's manager relationship, as Graph v1.0 documents it (user: list manager, assign
 * manager, remove manager, list directReports, $expand=manager), through the real Graph client,
 * raw HTTPS and $batch; its persistence in the state file; and `cloudsync sync` converging a
 * user's manager from an LDIF (the second run has nothing to do).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { stateDir, syncEnv, syncJson } from './sync-support.js';

const NO_MANAGER = "Resource 'manager' does not exist or one of its queried reference-property objects are not present.";
const READER = { clientId: '11111111-2222-3333-4444-555555555555', clientSecret: 'reader-secret-value-1234567890' };

interface ClientError {
  statusCode: number;
  code: string;
  message: string;
}
async function graphError(p: Promise<unknown>): Promise<ClientError> {
  try {
    await p;
  } catch (e) {
    return e as ClientError;
  }
  throw new Error('expected the request to fail');
}

describe('manager relationship', () => {
  let emu: TestEmulator;
  let token: string;
  const ids: Record<string, string> = {};
  const send = (method: string, path: string, body?: unknown) =>
    emu.request(path, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const ref = (id: string, set = 'users') => ({ '@odata.id': `${emu.info.graphEndpoint}/v1.0/${set}/${id}` });

  beforeAll(async () => {
    emu = await startTestEmulator({
      domains: ['contoso.com'],
      throttle: { enabled: false },
      batchResponseOrder: 'request',
      seed: {
        apps: [{ clientId: READER.clientId, displayName: 'reader', roles: ['User.Read.All'], secrets: [READER.clientSecret] }],
        users: ['boss', 'ann', 'bob', 'carl', 'dora'].map((n) => ({ userPrincipalName: `${n}@contoso.com`, displayName: n })),
        groups: [{ displayName: 'Staff', members: [] }],
      },
    });
    token = await emu.token();
    const all = (await emu.graphClient().api('/users').select('id,userPrincipalName').get()) as { value: { id: string; userPrincipalName: string }[] };
    for (const u of all.value) ids[u.userPrincipalName.split('@')[0]!] = u.id;
    const groups = (await emu.graphClient().api('/groups').get()) as { value: { id: string }[] };
    ids.staff = groups.value[0]!.id;
  });
  afterAll(() => emu?.close());

  it('GET /users/{id}/manager is 404 Request_ResourceNotFound until a manager is set', async () => {
    const e = await graphError(emu.graphClient().api(`/users/${ids.ann}/manager`).get());
    expect(e.statusCode).toBe(404);
    expect(e.code).toBe('Request_ResourceNotFound');
    expect(e.message).toBe(NO_MANAGER);
  });

  it('PUT …/manager/$ref (users/ and directoryObjects/ URLs) sets it; GET by id or UPN returns the manager as a directoryObject', async () => {
    const graph = emu.graphClient();
    await graph.api(`/users/${ids.ann}/manager/$ref`).put(ref(ids.boss!));
    await graph.api(`/users/bob@contoso.com/manager/$ref`).put(ref(ids.boss!, 'directoryObjects'));
    const m = (await graph.api('/users/ann@contoso.com/manager').get()) as Record<string, unknown>;
    expect(m['@odata.context']).toBe(`${emu.info.graphEndpoint}/v1.0/$metadata#directoryObjects/$entity`);
    expect(m['@odata.type']).toBe('#microsoft.graph.user');
    expect(m.id).toBe(ids.boss);
    expect(m.userPrincipalName).toBe('boss@contoso.com');
    const raw = await send('PUT', `/v1.0/users/${ids.carl}/manager/$ref`, ref(ids.ann!));
    expect(raw.status).toBe(204);
    expect(raw.text).toBe('');
    const sel = await send('GET', `/v1.0/users/${ids.bob}/manager?$select=id,displayName`);
    expect(sel.json).toEqual({ '@odata.context': `${emu.info.graphEndpoint}/v1.0/$metadata#directoryObjects(id,displayName)/$entity`, '@odata.type': '#microsoft.graph.user', id: ids.boss, displayName: 'boss' });
  });

  it('PUT answers 404 for an unknown manager, 400 for a malformed body or a group, 404 for an unknown user', async () => {
    const unknown = '00000000-0000-0000-0000-00000000abcd';
    const r404 = await send('PUT', `/v1.0/users/${ids.dora}/manager/$ref`, ref(unknown));
    expect(r404.status).toBe(404);
    expect(r404.json.error.code).toBe('Request_ResourceNotFound');
    expect(r404.json.error.message).toContain(unknown);
    for (const body of [{}, { '@odata.id': '' }, { '@odata.id': 'not a url' }, { manager: ids.boss }]) {
      const r = await send('PUT', `/v1.0/users/${ids.dora}/manager/$ref`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
    }
    const notJson = await emu.request(`/v1.0/users/${ids.dora}/manager/$ref`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{' });
    expect(notJson.status).toBe(400);
    expect((await send('PUT', `/v1.0/users/${ids.dora}/manager/$ref`, ref(ids.staff!, 'directoryObjects'))).status).toBe(400);
    expect((await send('PUT', `/v1.0/users/nobody@contoso.com/manager/$ref`, ref(ids.boss!))).status).toBe(404);
    expect((await send('GET', `/v1.0/users/${ids.dora}/manager`)).status).toBe(404);
  });

  it('$expand=manager($select=id) on /users: users with a manager carry it, the others have no manager property', async () => {
    const r = await send('GET', '/v1.0/users?$select=id,userPrincipalName&$expand=manager($select=id)');
    expect(r.status).toBe(200);
    expect(r.json['@odata.context']).toBe(`${emu.info.graphEndpoint}/v1.0/$metadata#users(id,userPrincipalName,manager(id))`);
    const byUpn = new Map<string, Record<string, unknown>>(r.json.value.map((u: Record<string, unknown>) => [u.userPrincipalName, u]));
    expect(byUpn.get('ann@contoso.com')!.manager).toEqual({ '@odata.type': '#microsoft.graph.user', id: ids.boss });
    expect(byUpn.get('carl@contoso.com')!.manager).toEqual({ '@odata.type': '#microsoft.graph.user', id: ids.ann });
    expect(byUpn.get('boss@contoso.com')).not.toHaveProperty('manager');
    // The way the sync library reads (cloud.ts): $select, $expand, $top, and a $filter (test-user.ts).
    const filtered = await send('GET', `/v1.0/users?$filter=${encodeURIComponent("userPrincipalName eq 'bob@contoso.com'")}&$select=id&$expand=manager($select=id)&$top=999`);
    expect(filtered.json.value).toEqual([{ id: ids.bob, manager: { '@odata.type': '#microsoft.graph.user', id: ids.boss } }]);
    const viaClient = (await emu.graphClient().api('/users').select('id').expand('manager($select=id)').top(999).get()) as { value: { id: string; manager?: { id: string } }[] };
    expect(viaClient.value.find((u) => u.id === ids.ann)!.manager!.id).toBe(ids.boss);
  });

  it('$expand=manager on one user, and directReports', async () => {
    const one = await send('GET', `/v1.0/users/ann@contoso.com?$expand=manager`);
    expect(one.status).toBe(200);
    expect(one.json.id).toBe(ids.ann);
    expect(one.json.manager['@odata.type']).toBe('#microsoft.graph.user');
    expect(one.json.manager.userPrincipalName).toBe('boss@contoso.com');
    const none = await send('GET', `/v1.0/users/${ids.boss}?$select=id&$expand=manager`);
    expect(none.json).toEqual({ '@odata.context': `${emu.info.graphEndpoint}/v1.0/$metadata#users(id,manager())/$entity`, id: ids.boss });
    const bad = await send('GET', `/v1.0/users?$expand=nonsense`);
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toContain("Could not find a property named 'nonsense'");
    const reports = (await emu.graphClient().api(`/users/${ids.boss}/directReports`).select('id').get()) as { value: { id: string }[] };
    expect(reports.value.map((u) => u.id).sort()).toEqual([ids.ann, ids.bob].sort());
    const exp = await send('GET', `/v1.0/users/${ids.boss}?$select=id&$expand=directReports($select=id)`);
    expect(exp.json.directReports.map((u: { id: string }) => u.id).sort()).toEqual([ids.ann, ids.bob].sort());
  });

  it('reading needs a read permission, writing User.ReadWrite.All or Directory.ReadWrite.All', async () => {
    const readerToken = await emu.token(READER);
    const reader = emu.graphClient({ getAccessToken: async () => readerToken });
    expect(((await reader.api(`/users/${ids.ann}/manager`).get()) as { id: string }).id).toBe(ids.boss);
    const put = await graphError(reader.api(`/users/${ids.dora}/manager/$ref`).put(ref(ids.boss!)));
    expect(put.statusCode).toBe(403);
    expect(put.code).toBe('Authorization_RequestDenied');
    expect((await graphError(reader.api(`/users/${ids.ann}/manager/$ref`).delete())).statusCode).toBe(403);
  });

  it('$batch steps behave like the same requests sent alone', async () => {
    const r = await send('POST', '/v1.0/$batch', {
      requests: [
        { id: 'put', method: 'PUT', url: `/users/${ids.dora}/manager/$ref`, headers: { 'Content-Type': 'application/json' }, body: ref(ids.carl!) },
        { id: 'get', method: 'GET', url: `/users/${ids.dora}/manager?$select=id`, dependsOn: ['put'] },
        { id: 'expand', method: 'GET', url: `/users?$select=id&$expand=manager($select=id)`, dependsOn: ['get'] },
        { id: 'bad', method: 'PUT', url: `/users/${ids.dora}/manager/$ref`, headers: { 'Content-Type': 'application/json' }, body: ref('00000000-0000-0000-0000-00000000abcd') },
        { id: 'del', method: 'DELETE', url: `/users/${ids.dora}/manager/$ref`, dependsOn: ['expand'] },
        { id: 'del-again', method: 'DELETE', url: `/users/${ids.dora}/manager/$ref`, dependsOn: ['del'] },
      ],
    });
    expect(r.status).toBe(200);
    const step = (id: string) => r.json.responses.find((x: { id: string }) => x.id === id);
    expect(step('put').status).toBe(204);
    expect(step('get').body.id).toBe(ids.carl);
    expect(step('expand').body.value.find((u: { id: string }) => u.id === ids.dora).manager.id).toBe(ids.carl);
    expect(step('bad').status).toBe(404);
    expect(step('del').status).toBe(204);
    expect(step('del-again').status).toBe(404);
    expect(step('del-again').body.error.message).toBe(NO_MANAGER);
  });

  it('DELETE …/manager/$ref removes it (204), then 404', async () => {
    await emu.graphClient().api(`/users/${ids.carl}/manager/$ref`).delete();
    const e = await graphError(emu.graphClient().api(`/users/${ids.carl}/manager/$ref`).delete());
    expect(e.statusCode).toBe(404);
    expect(e.message).toBe(NO_MANAGER);
    expect((await send('GET', `/v1.0/users/${ids.carl}/manager`)).status).toBe(404);
  });

  it('deleting a user clears it as anyone manager; restoring it brings neither link back', async () => {
    expect((await send('PUT', `/v1.0/users/${ids.carl}/manager/$ref`, ref(ids.ann!))).status).toBe(204);
    // ann manages carl and is managed by boss
    expect((await send('DELETE', `/v1.0/users/${ids.ann}`)).status).toBe(204);
    expect((await send('GET', `/v1.0/users/${ids.carl}/manager`)).status).toBe(404);
    expect((await send('GET', `/v1.0/users/${ids.boss}/directReports?$select=id`)).json.value.map((u: { id: string }) => u.id)).toEqual([ids.bob]);
    expect((await send('POST', `/v1.0/directory/deletedItems/${ids.ann}/restore`)).status).toBe(200);
    expect((await send('GET', `/v1.0/users/${ids.carl}/manager`)).status).toBe(404);
    expect((await send('GET', `/v1.0/users/${ids.ann}/manager`)).status).toBe(404);
  });
});

describe('manager persistence', () => {
  it('survives a restart with --state', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cloudsync-emu-manager-'));
    const statePath = join(dir, 'state.json');
    const seed = { users: ['m1', 'r1'].map((n) => ({ userPrincipalName: `${n}@contoso.onmicrosoft.com`, displayName: n })) };
    let emu = await startTestEmulator({ statePath, seed, throttle: { enabled: false } });
    const graph = emu.graphClient();
    const m1 = ((await graph.api('/users/m1@contoso.onmicrosoft.com').get()) as { id: string }).id;
    await graph.api('/users/r1@contoso.onmicrosoft.com/manager/$ref').put({ '@odata.id': `${emu.info.graphEndpoint}/v1.0/users/${m1}` });
    await emu.close();
    emu = await startTestEmulator({ statePath, throttle: { enabled: false } });
    try {
      const g2 = emu.graphClient();
      expect(((await g2.api('/users/r1@contoso.onmicrosoft.com/manager').get()) as { id: string }).id).toBe(m1);
      const reports = (await g2.api(`/users/${m1}/directReports`).get()) as { value: { userPrincipalName: string }[] };
      expect(reports.value.map((u) => u.userPrincipalName)).toEqual(['r1@contoso.onmicrosoft.com']);
    } finally {
      await emu.close();
    }
  });
});

const LDIF = `version: 1

dn: CN=Mia Boss,OU=Staff,DC=contoso,DC=com
objectClass: top
objectClass: person
objectClass: organizationalPerson
objectClass: user
objectGUID:: bpIcb1ukTC2KHlszfCoBAQ==
cn: Mia Boss
displayName: Mia Boss
sAMAccountName: miab
userPrincipalName: miab@contoso.com
mailNickname: miab
userAccountControl: 512

dn: CN=Ned Report,OU=Staff,DC=contoso,DC=com
objectClass: top
objectClass: person
objectClass: organizationalPerson
objectClass: user
objectGUID:: bpIcb1ukTC2KHlszfCoBAg==
cn: Ned Report
displayName: Ned Report
sAMAccountName: nedr
userPrincipalName: nedr@contoso.com
mailNickname: nedr
manager: CN=Mia Boss,OU=Staff,DC=contoso,DC=com
userAccountControl: 512
`;

describe('cloudsync sync converges a manager against the emulator', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator({ domains: ['contoso.com'], throttle: { enabled: false } });
  });
  afterAll(() => emu?.close());

  it('sets the manager on the first run; the second run has nothing to do', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cloudsync-manager-ldif-')), 'staff.ldif');
    writeFileSync(file, LDIF);
    const env = syncEnv(emu, stateDir(), false);
    const first = await syncJson(['--from', file, '--all', '--apply'], env);
    expect(first.code, first.stderr).toBe(0);
    const setManager = first.json.plan.operations.filter((o) => o.action === 'set-manager');
    expect(setManager).toHaveLength(1);
    expect(setManager[0]!.result?.status).toBe('success');
    const graph = emu.graphClient();
    const m = (await graph.api('/users/nedr@contoso.com/manager').get()) as { userPrincipalName: string };
    expect(m.userPrincipalName).toBe('miab@contoso.com');

    const second = await syncJson(['--from', file, '--all', '--apply'], env);
    expect(second.code, second.stderr).toBe(0);
    expect(second.json.plan.operations).toEqual([]);
  });
});
