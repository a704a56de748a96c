/**
 * Directory extensions in the emulator, from Microsoft's pages (microsoft-graph-docs-contrib):
 *  - api-reference/v1.0/api/application-post-extensionproperty.md (create: body, 201, the name
 *    `extension_<appId without dashes>_<name>`, the response shape; Application.ReadWrite.OwnedBy);
 *  - api-reference/v1.0/api/application-list-extensionproperty.md (list, $filter eq on name);
 *  - api-reference/v1.0/api/extensionproperty-get.md, extensionproperty-delete.md (204);
 *  - api-reference/v1.0/resources/extensionproperty.md (String 256 characters, 100 values per
 *    object, null removes a value, values written with the object's own requests);
 *  - concepts "Add custom data to resources using extensions" (extensibility-overview.md): the
 *    values are returned with $select and filterable with eq.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';

let emu: TestEmulator;
let bearer: Record<string, string>;
let appId: string;
let appObjectId: string;
let anchor: string;
let marker: string;

const send = (method: string, path: string, body?: unknown) =>
  emu.request(path, { method, headers: bearer, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

beforeAll(async () => {
  emu = await startTestEmulator({ domains: ['contoso.com'], throttle: { enabled: false } });
  bearer = { authorization: `Bearer ${await emu.token()}`, 'content-type': 'application/json' };
  appId = emu.state.defaultApp.appId;
  const apps = await send('GET', `/v1.0/applications?$filter=appId eq '${appId}'`);
  expect(apps.status).toBe(200);
  appObjectId = apps.json.value[0].id;
});
afterAll(() => emu?.close());

describe('extensionProperties on an application', () => {
  it('creates a definition named extension_<appId without dashes>_<name> (201, the documented shape)', async () => {
    const r = await send('POST', `/v1.0/applications/${appObjectId}/extensionProperties`, { name: 'csAnchor', dataType: 'String', targetObjects: ['User', 'Group'] });
    expect(r.status).toBe(201);
    anchor = `extension_${appId.replaceAll('-', '')}_csAnchor`;
    expect(r.json).toEqual({
      '@odata.context': expect.stringMatching(new RegExp(`/v1\\.0/\\$metadata#applications\\('${appObjectId}'\\)/extensionProperties/\\$entity$`)),
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      deletedDateTime: null,
      appDisplayName: emu.state.defaultApp.displayName,
      dataType: 'String',
      isMultiValued: false,
      isSyncedFromOnPremises: false,
      name: anchor,
      targetObjects: ['User', 'Group'],
    });
    const m = await send('POST', `/v1.0/applications(appId='${appId}')/extensionProperties`, { name: 'csMarker', dataType: 'String', targetObjects: ['User', 'Group'] });
    expect(m.status).toBe(201);
    marker = m.json.name;
  });

  it('lists the definitions, with $filter eq on name; gets one; refuses a duplicate name and a bad dataType', async () => {
    const all = await send('GET', `/v1.0/applications/${appObjectId}/extensionProperties`);
    expect(all.json.value.map((d: { name: string }) => d.name)).toEqual([anchor, marker]);
    const one = await send('GET', `/v1.0/applications/${appObjectId}/extensionProperties?$filter=name eq '${marker}'`);
    expect(one.json.value).toHaveLength(1);
    const got = await send('GET', `/v1.0/applications/${appObjectId}/extensionProperties/${one.json.value[0].id}`);
    expect(got.json.name).toBe(marker);
    expect((await send('POST', `/v1.0/applications/${appObjectId}/extensionProperties`, { name: 'csMarker', dataType: 'String', targetObjects: ['User'] })).status).toBe(400);
    expect((await send('POST', `/v1.0/applications/${appObjectId}/extensionProperties`, { name: 'x', dataType: 'Text', targetObjects: ['User'] })).status).toBe(400);
  });

  it('deletes a definition (204), after which it is gone and its name is refused on writes', async () => {
    const c = await send('POST', `/v1.0/applications/${appObjectId}/extensionProperties`, { name: 'gone', dataType: 'Boolean', targetObjects: ['User'] });
    expect((await send('DELETE', `/v1.0/applications/${appObjectId}/extensionProperties/${c.json.id}`)).status).toBe(204);
    expect((await send('GET', `/v1.0/applications/${appObjectId}/extensionProperties/${c.json.id}`)).status).toBe(404);
    const u = await send('POST', '/v1.0/users', user('gone', { [c.json.name]: true }));
    expect(u.status).toBe(400);
    expect(u.json.error.message).toBe(`Property '${c.json.name}' does not exist as a declared property or extension property.`);
  });
});

const user = (local: string, extra: Record<string, unknown> = {}) => ({
  accountEnabled: true,
  displayName: `User ${local}`,
  mailNickname: local,
  userPrincipalName: `${local}@contoso.com`,
  passwordProfile: { forceChangePasswordNextSignIn: false, password: 'Xy7!longpassword' },
  ...extra,
});

describe('extension values on users and groups', () => {
  it('POST carries them; GET returns them only with $select; PATCH null removes one', async () => {
    const u = await send('POST', '/v1.0/users', user('ext1', { [anchor]: 'QUJD', [marker]: 'cfg-1' }));
    expect(u.status).toBe(201);
    const plain = await send('GET', `/v1.0/users/${u.json.id}`);
    expect(plain.json[anchor]).toBeUndefined();
    // "returned by default through the beta endpoint, but only on $select through the v1.0 endpoint"
    const beta = await send('GET', `/beta/users/${u.json.id}`);
    expect(beta.json).toMatchObject({ [anchor]: 'QUJD', [marker]: 'cfg-1' });
    const sel = await send('GET', `/v1.0/users/${u.json.id}?$select=id,${anchor},${marker}`);
    expect(sel.json).toMatchObject({ id: u.json.id, [anchor]: 'QUJD', [marker]: 'cfg-1' });
    expect((await send('PATCH', `/v1.0/users/${u.json.id}`, { [marker]: null })).status).toBe(204);
    expect((await send('GET', `/v1.0/users/${u.json.id}?$select=${marker}`)).json[marker]).toBeNull();
  });

  it('groups: POST, PATCH, $select on the list, $filter eq and startsWith', async () => {
    const g = await send('POST', '/v1.0/groups', { displayName: 'Ext G', mailNickname: 'extg', mailEnabled: false, securityEnabled: true, [anchor]: 'R1VJRA==' });
    expect(g.status).toBe(201);
    expect((await send('PATCH', `/v1.0/groups/${g.json.id}`, { [marker]: 'cfg-2' })).status).toBe(204);
    const eq = await send('GET', `/v1.0/groups?$filter=${marker} eq 'cfg-2'&$select=id,displayName,${anchor},${marker}`);
    expect(eq.json.value).toEqual([{ id: g.json.id, displayName: 'Ext G', [anchor]: 'R1VJRA==', [marker]: 'cfg-2' }]);
    const sw = await send('GET', `/v1.0/groups?$filter=startsWith(${marker},'cfg-')&$select=id`);
    expect(sw.json.value).toEqual([{ id: g.json.id }]);
    const users = await send('GET', `/v1.0/users?$filter=${anchor} eq 'QUJD'&$select=userPrincipalName`);
    expect(users.json.value).toEqual([{ userPrincipalName: 'ext1@contoso.com' }]);
  });

  it('an undeclared extension in $select, $filter or a body is a 400', async () => {
    const unknown = `extension_${'0'.repeat(32)}_nope`;
    expect((await send('GET', `/v1.0/users?$select=${unknown}`)).status).toBe(400);
    expect((await send('GET', `/v1.0/groups?$filter=${unknown} eq 'x'`)).status).toBe(400);
    const r = await send('POST', '/v1.0/groups', { displayName: 'N', mailNickname: 'n', mailEnabled: false, securityEnabled: true, [unknown]: 'x' });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toBe(`Property '${unknown}' does not exist as a declared property or extension property.`);
  });

  it('a String value over 256 characters, or of the wrong type, is refused', async () => {
    const ok = await send('POST', '/v1.0/users', user('ext256', { [marker]: 'x'.repeat(256) }));
    expect(ok.status).toBe(201);
    const long = await send('PATCH', `/v1.0/users/${ok.json.id}`, { [marker]: 'x'.repeat(257) });
    expect(long.status).toBe(400);
    expect(long.json.error.message).toBe(`Invalid value specified for property '${marker}' of resource 'User'.`);
    expect((await send('PATCH', `/v1.0/users/${ok.json.id}`, { [marker]: 5 })).status).toBe(400);
  });

  it('at most 100 extension values on one object', async () => {
    const names: string[] = [];
    for (let i = 0; i < 100; i++) {
      const d = await send('POST', `/v1.0/applications/${appObjectId}/extensionProperties`, { name: `many${i}`, dataType: 'Integer', targetObjects: ['Group'] });
      names.push(d.json.name);
    }
    const body = Object.fromEntries(names.slice(0, 99).map((n, i) => [n, i]));
    const g = await send('POST', '/v1.0/groups', { displayName: 'Many', mailNickname: 'many', mailEnabled: false, securityEnabled: true, [anchor]: 'a', ...body });
    expect(g.status).toBe(201);
    const over = await send('PATCH', `/v1.0/groups/${g.json.id}`, { [names[99]!]: 1 });
    expect(over.status).toBe(400);
    expect((await send('PATCH', `/v1.0/groups/${g.json.id}`, { [anchor]: null, [names[99]!]: 1 })).status).toBe(204);
  });
});
