/**
 * Contract tests for the emulator's Graph surface, written from Microsoft Graph's
 * documentation (user, group, directoryObject, organization, domain, directoryRole,
 * unifiedRoleAssignment resources; query parameters; advanced queries; errors), through the
 * real @microsoft/microsoft-graph-client where a client would use it and raw HTTPS where the
 * exact wire shape matters.
 */
import { PageIterator, type Client } from '@microsoft/microsoft-graph-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { CONTRACT_TENANT, GUID, graphError, newUser, V1_USER_DEFAULT } from './emulator-graph-support.js';

let emu: TestEmulator;
let graph: Client;
let token: string;

const get = (path: string, headers: Record<string, string> = {}) => emu.request(path, { headers: { authorization: `Bearer ${token}`, ...headers } });
const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  emu.request(path, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

beforeAll(async () => {
  emu = await startTestEmulator(CONTRACT_TENANT);
  token = await emu.token();
  graph = emu.graphClient();
});
afterAll(() => emu?.close());

describe('errors and authentication', () => {
  it('answers with the documented error body and request-id headers', async () => {
    const r = await get('/v1.0/users/00000000-0000-0000-0000-000000000001', { 'client-request-id': 'my-id-1' });
    expect(r.status).toBe(404);
    expect(r.headers['request-id']).toMatch(GUID);
    expect(r.headers['client-request-id']).toBe('my-id-1');
    expect(Object.keys(r.json)).toEqual(['error']);
    expect(r.json.error.code).toBe('Request_ResourceNotFound');
    expect(r.json.error.message).toBe("Resource '00000000-0000-0000-0000-000000000001' does not exist or one of its queried reference-property objects are not present.");
    expect(Object.keys(r.json.error.innerError).sort()).toEqual(['client-request-id', 'date', 'request-id']);
    expect(r.json.error.innerError['request-id']).toBe(r.headers['request-id']);
    expect(r.json.error.innerError.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
  });

  it('401 InvalidAuthenticationToken without, with a malformed, a foreign or an expired token', async () => {
    const none = await emu.request('/v1.0/users');
    expect(none.status).toBe(401);
    expect(none.json.error).toMatchObject({ code: 'InvalidAuthenticationToken', message: 'Access token is empty.' });
    expect(none.headers['www-authenticate']).toMatch(/^Bearer /);
    const bad = await emu.request('/v1.0/users', { headers: { authorization: 'Bearer not-a-jwt' } });
    expect(bad.json.error.code).toBe('InvalidAuthenticationToken');
    const [h, p] = token.split('.');
    const forged = await emu.request('/v1.0/users', { headers: { authorization: `Bearer ${h}.${p}.${'A'.repeat(342)}` } });
    expect(forged.status).toBe(401);
    expect(forged.json.error.message).toBe('Access token validation failure.');
    const expired = await emu.request('/v1.0/users', { headers: { authorization: `Bearer ${await emu.issueToken({ lifetimeSeconds: -900 })}` } });
    expect(expired.status).toBe(401);
    expect(expired.json.error.message).toBe('Lifetime validation failed, the token is expired.');
    const otherAud = await emu.request('/v1.0/users', { headers: { authorization: `Bearer ${await emu.issueToken({ audience: 'https://management.azure.com' })}` } });
    expect(otherAud.json.error.message).toBe('Access token validation failure. Invalid audience.');
  });

  it('403 Authorization_RequestDenied when the token lacks the permission (real token from msal)', async () => {
    const readerToken = await emu.token({ clientId: '11111111-2222-3333-4444-555555555555', clientSecret: 'reader-secret-value-1234567890' });
    const reader = emu.graphClient({ getAccessToken: async () => readerToken });
    expect((await reader.api('/users').get()).value.length).toBeGreaterThan(0);
    const e = await graphError(reader.api('/users').post(newUser('denied')));
    expect(e.statusCode).toBe(403);
    expect(e.code).toBe('Authorization_RequestDenied');
    expect(e.message).toBe('Insufficient privileges to complete the operation.');
    expect((await graphError(reader.api('/groups').get())).statusCode).toBe(403);
  });

  it('dumps its state (without keys) on the loopback-only /_emulator/state', async () => {
    const r = await emu.request('/_emulator/state');
    expect(r.status).toBe(200);
    expect(r.json.tenant.id).toBe(emu.info.tenantId);
    expect(r.json.directory.objects.some((o: { props: { userPrincipalName?: string } }) => o.props.userPrincipalName === 'taken@contoso.com')).toBe(true);
    expect(r.text).not.toContain('PRIVATE KEY');
    expect(r.json.directory.passwords).toBeUndefined();
  });

  it('names the unknown segment, and 405 for a method a path does not take', async () => {
    const r = await get('/v1.0/nonsense/x');
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ code: 'BadRequest', message: "Resource not found for the segment 'nonsense'." });
    const m = await send('PUT', '/v1.0/users');
    expect(m.status).toBe(405);
  });
});

describe('users', () => {
  it('v1.0 returns the documented default properties; beta and $select others', async () => {
    const u = await graph.api('/users/taken@contoso.com').get();
    expect(Object.keys(u).filter((k) => !k.startsWith('@')).sort()).toEqual(V1_USER_DEFAULT);
    expect(u['@odata.context']).toBe(`${emu.info.graphEndpoint}/v1.0/$metadata#users/$entity`);
    const s = await graph.api('/users/taken@contoso.com').select(['onPremisesImmutableId', 'proxyAddresses', 'accountEnabled']).get();
    expect(s).toEqual({
      '@odata.context': `${emu.info.graphEndpoint}/v1.0/$metadata#users(onPremisesImmutableId,proxyAddresses,accountEnabled)/$entity`,
      onPremisesImmutableId: 'AAECAwQFBgcICQoLDA0ODw==',
      proxyAddresses: ['SMTP:taken.mail@contoso.com', 'smtp:alias@contoso.com'],
      accountEnabled: true,
    });
    const beta = await emu.graphClient({ version: 'beta' }).api('/users/taken@contoso.com').get();
    expect(beta.onPremisesSyncEnabled).toBe(true);
    expect(beta.passwordProfile).toBeNull();
    const bad = await graphError(graph.api('/users').select('nope').get());
    expect(bad.statusCode).toBe(400);
    expect(bad.message).toBe("Parsing OData Select and Expand failed: Could not find a property named 'nope' on type 'microsoft.graph.user'.");
  });

  it('creates a user: 201, the default projection, server-set id and createdDateTime', async () => {
    const r = await send('POST', '/v1.0/users', newUser('created1'));
    expect(r.status).toBe(201);
    expect(r.json['@odata.context']).toBe(`${emu.info.graphEndpoint}/v1.0/$metadata#users/$entity`);
    expect(r.json.id).toMatch(GUID);
    expect(r.json.userPrincipalName).toBe('created1@contoso.com');
    const full = await graph.api(`/users/${r.json.id}`).select(['createdDateTime', 'userType', 'identities', 'passwordProfile', 'mailNickname']).get();
    expect(full.userType).toBe('Member');
    expect(Date.parse(full.createdDateTime)).toBeGreaterThan(Date.now() - 60_000);
    expect(full.passwordProfile).toBeNull();
    expect(full.identities).toEqual([{ signInType: 'userPrincipalName', issuer: 'contoso.onmicrosoft.com', issuerAssignedId: 'created1@contoso.com' }]);
  });

  it.each([
    ['accountEnabled', 'Property accountEnabled value is required but is empty or missing.'],
    ['displayName', 'Property displayName value is required but is empty or missing.'],
    ['mailNickname', 'Property mailNickname value is required but is empty or missing.'],
    ['userPrincipalName', 'Property userPrincipalName value is required but is empty or missing.'],
    ['passwordProfile', 'A password must be specified to create a new user.'],
  ])('refuses a user without %s', async (prop, message) => {
    const body: Record<string, unknown> = newUser(`missing-${prop}`);
    delete body[prop];
    const e = await graphError(graph.api('/users').post(body));
    expect(e.statusCode).toBe(400);
    expect(e.code).toBe('Request_BadRequest');
    expect(e.message).toBe(message);
  });

  it('refuses a UPN on an unverified or unknown domain', async () => {
    for (const upn of ['x@unverified.example', 'x@fabrikam.com']) {
      const e = await graphError(graph.api('/users').post(newUser('x', { userPrincipalName: upn })));
      expect(e.statusCode).toBe(400);
      expect(e.message).toBe('The domain portion of the userPrincipalName property is invalid. You must use one of the verified domain names in your organization.');
    }
  });

  it('refuses duplicates of userPrincipalName, mail and proxy addresses across objects', async () => {
    const upn = await send('POST', '/v1.0/users', newUser('taken'));
    expect(upn.status).toBe(400);
    expect(upn.json.error).toMatchObject({
      code: 'Request_BadRequest',
      message: 'Another object with the same value for property userPrincipalName already exists.',
      details: [{ code: 'ObjectConflict', target: 'userPrincipalName' }],
    });
    // mail equal to another user's secondary proxy address
    const mail = await graphError(graph.api('/users').post(newUser('dup-mail', { mail: 'ALIAS@contoso.com' })));
    expect(mail.message).toBe('Another object with the same value for property mail already exists.');
    // a UPN equal to another user's mail
    const cross = await graphError(graph.api('/users').post(newUser('taken.mail')));
    expect(cross.message).toBe('Another object with the same value for property userPrincipalName already exists.');
    const immutable = await graphError(graph.api('/users').post(newUser('dup-anchor', { onPremisesImmutableId: 'AAECAwQFBgcICQoLDA0ODw==' })));
    expect(immutable.message).toBe('Another object with the same value for property onPremisesImmutableId already exists.');
  });

  it('enforces password complexity', async () => {
    // Entra: 8 to 256 characters, three of lower case, upper case, digits, symbols.
    for (const password of ['sh0rt!A', 'alllowercaseletters', 'NoDigitsOrSymbols', 'ünïcödé1A!']) {
      const e = await graphError(graph.api('/users').post(newUser(`pw${password.length}`, { passwordProfile: { password } })));
      expect(e.message).toBe('The specified password does not comply with password complexity requirements. Please provide a different password.');
    }
    const ok = await graph.api('/users').post(newUser('pwok', { passwordProfile: { password: 'short1A!' } }));
    expect(ok.id).toMatch(GUID);
  });

  it('rejects read-only and unknown properties on write, as Graph does', async () => {
    const created = await graph.api('/users').post(newUser('ro'));
    for (const [prop, value] of [['id', '1'], ['createdDateTime', '2020-01-01T00:00:00Z'], ['proxyAddresses', ['SMTP:x@contoso.com']], ['onPremisesSyncEnabled', true]] as const) {
      const e = await graphError(graph.api(`/users/${created.id}`).patch({ [prop]: value }));
      expect(e.statusCode).toBe(400);
      expect(e.message).toBe(`Property '${prop}' is read-only and cannot be set.`);
    }
    const unknown = await graphError(graph.api(`/users/${created.id}`).patch({ favouriteColour: 'blue' }));
    expect(unknown.message).toBe("Property 'favouriteColour' does not exist as a declared property or extension property.");
    const wrongType = await graphError(graph.api(`/users/${created.id}`).patch({ accountEnabled: 'yes' }));
    expect(wrongType.message).toBe("Invalid value specified for property 'accountEnabled' of resource 'User'.");
  });

  it('PATCH answers 204; mail becomes the primary SMTP proxy; onPremisesImmutableId is writable', async () => {
    const u = await graph.api('/users').post(newUser('patched'));
    const r = await send('PATCH', `/v1.0/users/${u.id}`, { jobTitle: 'Engineer', mail: 'patched@contoso.com', onPremisesImmutableId: 'ZmFrZWFuY2hvcg==' });
    expect(r.status).toBe(204);
    expect(r.text).toBe('');
    const after = await graph.api(`/users/${u.id}`).select(['jobTitle', 'mail', 'proxyAddresses', 'onPremisesImmutableId']).get();
    expect(after).toMatchObject({ jobTitle: 'Engineer', mail: 'patched@contoso.com', proxyAddresses: ['SMTP:patched@contoso.com'], onPremisesImmutableId: 'ZmFrZWFuY2hvcg==' });
    await graph.api(`/users/${u.id}`).patch({ mail: 'patched2@contoso.com' });
    const again = await graph.api(`/users/${u.id}`).select('proxyAddresses').get();
    expect(again.proxyAddresses).toEqual(['SMTP:patched2@contoso.com', 'smtp:patched@contoso.com']);
  });

  it('pages with $top and absolute https @odata.nextLink that PageIterator follows', async () => {
    for (let i = 0; i < 7; i++) await graph.api('/users').post(newUser(`page${i}`, { department: 'Paging' }));
    const first = await graph.api('/users').filter("department eq 'Paging'").top(3).get();
    expect(first.value).toHaveLength(3);
    const next = new URL(first['@odata.nextLink']);
    expect(next.protocol).toBe('https:');
    expect(next.origin).toBe(emu.info.graphEndpoint);
    expect(next.pathname).toBe('/v1.0/users');
    expect(next.searchParams.get('$top')).toBe('3');
    expect(next.searchParams.get('$filter')).toBe("department eq 'Paging'");
    expect(next.searchParams.get('$skiptoken')).toBeTruthy();
    const seen: string[] = [];
    await new PageIterator(graph, first, (u: { userPrincipalName: string }) => {
      seen.push(u.userPrincipalName);
      return true;
    }).iterate();
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `page${i}@contoso.com`));
    const big = await graphError(graph.api('/users').top(1000).get());
    expect(big.message).toBe("Invalid page size specified: '1000'. Must be between 1 and 999 inclusive.");
  });

  it('pages 100 by default', async () => {
    const batch = [];
    for (let i = 0; i < 101; i++) batch.push(graph.api('/users').post(newUser(`bulk${i}`, { department: 'Bulk' })));
    await Promise.all(batch);
    const r = await graph.api('/users').filter("department eq 'Bulk'").get();
    expect(r.value).toHaveLength(100);
    expect(r['@odata.nextLink']).toBeDefined();
    const rest = await graph.api(r['@odata.nextLink']).get();
    expect(rest.value).toHaveLength(1);
    expect(rest['@odata.nextLink']).toBeUndefined();
  });

  it('filters the way cloudsync does', async () => {
    const upns = async (filter: string, headers: Record<string, string> = {}): Promise<string[]> => {
      const r = await get(`/v1.0/users?$filter=${encodeURIComponent(filter)}&$select=userPrincipalName${headers.consistencylevel ? '&$count=true' : ''}`, headers);
      expect(r.status, JSON.stringify(r.json)).toBe(200);
      return r.json.value.map((u: { userPrincipalName: string }) => u.userPrincipalName).sort();
    };
    expect(await upns("userPrincipalName eq 'TAKEN@contoso.com'")).toEqual(['taken@contoso.com']);
    expect(await upns("mail eq 'taken.mail@contoso.com'")).toEqual(['taken@contoso.com']);
    expect(await upns("proxyAddresses/any(p:p eq 'smtp:alias@contoso.com')")).toEqual(['taken@contoso.com']);
    expect(await upns("onPremisesImmutableId eq 'AAECAwQFBgcICQoLDA0ODw=='")).toEqual(['taken@contoso.com']);
    expect(await upns("startswith(userPrincipalName,'page1') or userPrincipalName in ('page2@contoso.com','nobody@contoso.com')")).toEqual(['page1@contoso.com', 'page2@contoso.com']);
    expect(await upns("department eq 'Paging' and startswith(displayName,'User page6')")).toEqual(['page6@contoso.com']);
    expect(await upns("proxyAddresses/any(p:startswith(p,'smtp:alias'))")).toEqual(['taken@contoso.com']);
    // ne is an advanced query: ConsistencyLevel: eventual and $count=true
    const plain = await get(`/v1.0/users?$filter=${encodeURIComponent("department ne 'Bulk'")}`);
    expect(plain.status).toBe(400);
    expect(plain.json.error.code).toBe('Request_UnsupportedQuery');
    expect(plain.json.error.message).toContain("Operator 'ne' is not supported");
    expect((await upns("department eq 'Paging' and displayName ne 'User page0'", { consistencylevel: 'eventual' })).length).toBe(6);
    const tooMany = await get(`/v1.0/users?$filter=${encodeURIComponent(`userPrincipalName in (${Array.from({ length: 16 }, (_, i) => `'u${i}@contoso.com'`).join(',')})`)}`);
    expect(tooMany.json.error.message).toBe("Too many child clauses specified in search filter expression containing 'OR' operators: 16. Max allowed: 15.");
    const unknown = await get(`/v1.0/users?$filter=${encodeURIComponent("shoeSize eq '9'")}`);
    expect(unknown.json.error.message).toBe("Could not find a property named 'shoeSize' on type 'microsoft.graph.user'.");
  });

  it('$count needs ConsistencyLevel: eventual (query option and /$count)', async () => {
    const without = await get('/v1.0/users?$count=true');
    expect(without.status).toBe(400);
    expect(without.json.error).toMatchObject({ code: 'Request_BadRequest', message: '$count is not currently supported.' });
    const withHeader = await get(`/v1.0/users?$count=true&$filter=${encodeURIComponent("department eq 'Paging'")}&$top=2`, { consistencylevel: 'eventual' });
    expect(withHeader.json['@odata.count']).toBe(7);
    expect(Object.keys(withHeader.json)).toEqual(['@odata.context', '@odata.count', '@odata.nextLink', 'value']);
    const text = await get(`/v1.0/users/$count?$filter=${encodeURIComponent("department eq 'Paging'")}`, { consistencylevel: 'eventual' });
    expect(text.headers['content-type']).toMatch(/^text\/plain/);
    expect(text.text).toBe('7');
    expect((await get('/v1.0/users/$count')).status).toBe(400);
  });

  it('$orderby displayName', async () => {
    const r = await graph.api('/users').orderby('displayName desc').top(2).select('displayName').get();
    const all = (await graph.api('/users').top(999).select('displayName').get()).value.map((u: { displayName: string }) => u.displayName.toLowerCase());
    expect(r.value.map((u: { displayName: string }) => u.displayName.toLowerCase())).toEqual([...all].sort().reverse().slice(0, 2));
  });
});

describe('soft delete and restore', () => {
  it('DELETE moves a user to deletedItems; restore brings it back with its group memberships', async () => {
    const u = await graph.api('/users').post(newUser('deleteme'));
    const g = await graph.api('/groups').post({ displayName: 'Deletion test', mailEnabled: false, mailNickname: 'deltest', securityEnabled: true });
    await graph.api(`/groups/${g.id}/members/$ref`).post({ '@odata.id': `${emu.info.graphEndpoint}/v1.0/directoryObjects/${u.id}` });
    const del = await send('DELETE', `/v1.0/users/${u.id}`);
    expect(del.status).toBe(204);
    expect((await graphError(graph.api(`/users/${u.id}`).get())).statusCode).toBe(404);
    const list = await graph.api('/directory/deletedItems/microsoft.graph.user').select(['id', 'deletedDateTime']).get();
    expect(list['@odata.context']).toBe(`${emu.info.graphEndpoint}/v1.0/$metadata#directory/deletedItems/microsoft.graph.user(id,deletedDateTime)`);
    const item = list.value.find((x: { id: string }) => x.id === u.id);
    expect(item['@odata.type']).toBe('#microsoft.graph.user');
    expect(Date.parse(item.deletedDateTime)).toBeGreaterThan(Date.now() - 60_000);
    expect((await graph.api(`/groups/${g.id}/members`).get()).value).toEqual([]);
    // the UPN is free while the user is deleted
    const taker = await graph.api('/users').post(newUser('deleteme'));
    const conflict = await graphError(graph.api(`/directory/deletedItems/${u.id}/restore`).post({}));
    expect(conflict.message).toBe('Another object with the same value for property userPrincipalName already exists.');
    await graph.api(`/users/${taker.id}`).delete();
    await graph.api(`/directory/deletedItems/${taker.id}`).delete();
    const restored = await graph.api(`/directory/deletedItems/${u.id}/restore`).post({});
    expect(restored['@odata.type']).toBe('#microsoft.graph.user');
    expect(restored.id).toBe(u.id);
    expect((await graph.api(`/users/${u.id}`).get()).userPrincipalName).toBe('deleteme@contoso.com');
    expect((await graph.api(`/groups/${g.id}/members`).get()).value.map((m: { id: string }) => m.id)).toEqual([u.id]);
    expect((await graphError(graph.api(`/directory/deletedItems/${taker.id}`).get())).statusCode).toBe(404);
  });

  it('security groups are deleted at once, Microsoft 365 groups softly', async () => {
    const sec = await graph.api('/groups').post({ displayName: 'Sec', mailEnabled: false, mailNickname: 'sec', securityEnabled: true });
    const m365 = await graph.api('/groups').post({ displayName: 'Team', mailEnabled: true, mailNickname: 'team', securityEnabled: false, groupTypes: ['Unified'] });
    expect(m365.mail).toBe('team@contoso.onmicrosoft.com');
    await graph.api(`/groups/${sec.id}`).delete();
    await graph.api(`/groups/${m365.id}`).delete();
    const deleted = (await graph.api('/directory/deletedItems/microsoft.graph.group').get()).value.map((x: { id: string }) => x.id);
    expect(deleted).toContain(m365.id);
    expect(deleted).not.toContain(sec.id);
  });
});

describe('groups and members', () => {
  it('creates security groups, refuses mail-enabled security groups', async () => {
    const g = await send('POST', '/v1.0/groups', { displayName: 'Engineering', mailEnabled: false, mailNickname: 'eng', securityEnabled: true, description: 'all engineers' });
    expect(g.status).toBe(201);
    expect(g.json).toMatchObject({ displayName: 'Engineering', mailEnabled: false, mailNickname: 'eng', securityEnabled: true, groupTypes: [], mail: null, proxyAddresses: [] });
    expect(g.json.securityIdentifier).toMatch(/^S-1-12-1-\d+-\d+-\d+-\d+$/);
    const e = await graphError(graph.api('/groups').post({ displayName: 'Mail sec', mailEnabled: true, mailNickname: 'ms', securityEnabled: true }));
    expect(e.message).toBe('The service does not currently support writes of mail-enabled groups. Please ensure that the mail-enablement property is unset or is set to false.');
  });

  it('adds and removes members with $ref; lists them as directoryObjects with @odata.type', async () => {
    const g = await graph.api('/groups').post({ displayName: 'Members test', mailEnabled: false, mailNickname: 'memtest', securityEnabled: true });
    const u = await graph.api('/users/taken@contoso.com').get();
    const add = await send('POST', `/v1.0/groups/${g.id}/members/$ref`, { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${u.id}` });
    expect(add.status).toBe(204);
    const again = await graphError(graph.api(`/groups/${g.id}/members/$ref`).post({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${u.id}` }));
    expect(again.message).toBe("One or more added object references already exist for the following modified properties: 'members'.");
    const members = await graph.api(`/groups/${g.id}/members`).select(['id', 'userPrincipalName']).get();
    expect(members['@odata.context']).toBe(`${emu.info.graphEndpoint}/v1.0/$metadata#directoryObjects`);
    expect(members.value).toEqual([{ '@odata.type': '#microsoft.graph.user', id: u.id, userPrincipalName: 'taken@contoso.com' }]);
    const memberOf = await graph.api(`/users/${u.id}/memberOf`).get();
    expect(memberOf.value.map((x: { id: string }) => x.id)).toContain(g.id);
    const rm = await send('DELETE', `/v1.0/groups/${g.id}/members/${u.id}/$ref`);
    expect(rm.status).toBe(204);
    expect((await graph.api(`/groups/${g.id}/members`).get()).value).toEqual([]);
    const missing = await graphError(graph.api(`/groups/${g.id}/members/$ref`).post({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/00000000-0000-0000-0000-00000000beef` }));
    expect(missing.statusCode).toBe(404);
  });
});

describe('tenant, domains and admin roles', () => {
  it('/organization carries verifiedDomains and directorySizeQuota', async () => {
    const r = await graph.api('/organization').get();
    expect(r.value).toHaveLength(1);
    const org = r.value[0];
    expect(org.id).toBe(emu.info.tenantId);
    expect(org.verifiedDomains).toEqual(
      expect.arrayContaining([
        { capabilities: 'Email, OfficeCommunicationsOnline', isDefault: true, isInitial: true, name: 'contoso.onmicrosoft.com', type: 'Managed' },
        { capabilities: 'Email, OfficeCommunicationsOnline', isDefault: false, isInitial: false, name: 'contoso.com', type: 'Managed' },
      ]),
    );
    expect(org.verifiedDomains.map((d: { name: string }) => d.name)).not.toContain('unverified.example');
    expect(org.directorySizeQuota.total).toBe(300000);
    expect(org.directorySizeQuota.used).toBeGreaterThan(100);
    const beta = await emu.graphClient({ version: 'beta' }).api(`/organization/${emu.info.tenantId}`).get();
    expect(beta.directorySizeQuota).toEqual(org.directorySizeQuota);
  });

  it('/domains lists every domain with isVerified', async () => {
    const r = await graph.api('/domains').get();
    const byId = Object.fromEntries(r.value.map((d: { id: string }) => [d.id, d]));
    expect(byId['contoso.onmicrosoft.com']).toMatchObject({ isVerified: true, isDefault: true, isInitial: true, authenticationType: 'Managed', supportedServices: ['Email', 'OfficeCommunicationsOnline'] });
    expect(byId['unverified.example']).toMatchObject({ isVerified: false, isInitial: false });
    expect((await graph.api('/domains/contoso.com').get()).id).toBe('contoso.com');
  });

  it('role holders through directoryRoles and roleAssignments agree', async () => {
    const roles = await graph.api('/directoryRoles').get();
    const ga = roles.value.find((r: { roleTemplateId: string }) => r.roleTemplateId === '62e90394-69f5-4237-9190-012177145e10');
    expect(ga).toMatchObject({ displayName: 'Global Administrator', deletedDateTime: null });
    const gaMembers = await graph.api(`/directoryRoles/${ga.id}/members`).get();
    expect(gaMembers.value.map((m: { userPrincipalName: string }) => m.userPrincipalName)).toEqual(['admin@contoso.onmicrosoft.com']);
    const byTemplate = await graph.api("/directoryRoles(roleTemplateId='fe930be7-5e62-47db-91af-98c3a49a38b1')").get();
    expect(byTemplate.displayName).toBe('User Administrator');
    const taken = await graph.api('/users/taken@contoso.com').get();
    const a = await graph.api('/roleManagement/directory/roleAssignments').filter(`principalId eq '${taken.id}'`).expand('principal').get();
    expect(a.value).toHaveLength(1);
    expect(a.value[0]).toMatchObject({ principalId: taken.id, roleDefinitionId: 'fe930be7-5e62-47db-91af-98c3a49a38b1', directoryScopeId: '/' });
    expect(a.value[0].principal).toMatchObject({ '@odata.type': '#microsoft.graph.user', id: taken.id, userPrincipalName: 'taken@contoso.com' });
    const defs = await graph.api('/roleManagement/directory/roleDefinitions').filter("displayName eq 'Global Administrator'").get();
    expect(defs.value[0]).toMatchObject({ id: '62e90394-69f5-4237-9190-012177145e10', templateId: '62e90394-69f5-4237-9190-012177145e10', isBuiltIn: true });
  });
});
