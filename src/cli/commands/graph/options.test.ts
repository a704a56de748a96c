import { describe, expect, it } from 'vitest';
import type { Context } from '../../context.js';
import { graphOptions, type GraphFlags } from './options.js';

const EP = 'https://graph.example.test';
const ctx = (env: NodeJS.ProcessEnv = { AZURE_TENANT_ID: 'contoso.com', CLOUDSYNC_GRAPH_ENDPOINT: EP }): Context =>
  ({ config: {}, io: { env, cwd: '/' } }) as unknown as Context;

describe('graph options', () => {
  it('resolve the method, the path on the tenant’s Graph endpoint and the headers before signing in', async () => {
    const o = await graphOptions(ctx(), { header: ['ConsistencyLevel: eventual'], beta: true }, 'get', 'users?$top=5');
    expect(o).toMatchObject({ method: 'GET', path: '/beta/users?$top=5', headers: { ConsistencyLevel: 'eventual' }, all: false, yes: false });
    expect(o.settings.graphEndpoint).toBe(EP);
    expect((await graphOptions(ctx(), { body: '{}' }, 'PATCH', `${EP}/v1.0/me`)).path).toBe('/v1.0/me');
  });

  it.each<[[string, string, GraphFlags], string | RegExp]>([
    [['FETCH', '/users', {}], 'unsupported HTTP method "FETCH": use GET, POST, PATCH, PUT or DELETE'],
    [['GET', 'https://evil.example/v1.0/users', {}], /^refusing to send the token to https:\/\/evil\.example/],
    [['GET', '/users', { header: ['Authorization: x'] }], '--header Authorization: cloudsync sets this header itself (the token comes from the configured sign-in)'],
    [['POST', '/users', { all: true }], '--all follows the pages of a GET: drop it for a write'],
    [['DELETE', '/users/1', { body: '{}' }], 'DELETE takes no --body'],
  ])('refuse %j before anything is sent', async ([method, path, flags], message) => {
    await expect(graphOptions(ctx(), flags, method, path)).rejects.toThrow(message);
  });

  it('a bad method is reported before a missing tenant; a missing tenant before a bad path', async () => {
    await expect(graphOptions(ctx({}), {}, 'FETCH', '')).rejects.toThrow(/^unsupported HTTP method/);
    await expect(graphOptions(ctx({}), {}, 'GET', '')).rejects.toThrow(/^no Entra tenant configured: set AZURE_TENANT_ID/);
    await expect(graphOptions(ctx(), { header: ['bad'] }, 'GET', '')).rejects.toThrow(/^no Graph path/);
  });
});
