import { describe, expect, it } from 'vitest';
import { allItems, parseHeaders, parseJsonBody, parseMethod, resolveGraphPath } from '../../src/tenant/graph-request.js';
import { itemsCsv, preview, scalarColumns } from '../../src/cli/commands/graph/render.js';
import { CloudsyncError } from '../../src/errors.js';

const EP = 'https://graph.microsoft.com';

function thrown(f: () => unknown): CloudsyncError {
  try {
    f();
  } catch (e) {
    if (e instanceof CloudsyncError) return e;
    throw e;
  }
  throw new Error('did not throw');
}

describe('resolveGraphPath', () => {
  it('puts relative paths on v1.0 (or beta with --beta) and keeps the query as typed', () => {
    expect(resolveGraphPath('/users', EP)).toBe('/v1.0/users');
    expect(resolveGraphPath('users?$top=5', EP)).toBe('/v1.0/users?$top=5');
    expect(resolveGraphPath("users?$filter=startswith(displayName,'A b')", EP)).toBe("/v1.0/users?$filter=startswith(displayName,'A b')");
    expect(resolveGraphPath('/beta/onPremisesPublishingProfiles/provisioning/agents', EP)).toBe('/beta/onPremisesPublishingProfiles/provisioning/agents');
    expect(resolveGraphPath('v1.0/organization', EP)).toBe('/v1.0/organization');
    expect(resolveGraphPath('/servicePrincipals', EP, { beta: true })).toBe('/beta/servicePrincipals');
    expect(resolveGraphPath('/beta/users', EP, { beta: true })).toBe('/beta/users');
  });

  it('takes an absolute URL on the Graph endpoint (port included) and keeps its path and query', () => {
    expect(resolveGraphPath('https://graph.microsoft.com/v1.0/users?$top=5&$skiptoken=X%3D', EP)).toBe('/v1.0/users?$top=5&$skiptoken=X%3D');
    expect(resolveGraphPath('https://GRAPH.microsoft.com/beta/users', EP)).toBe('/beta/users');
    expect(resolveGraphPath('https://127.0.0.1:8443/v1.0/users', 'https://127.0.0.1:8443')).toBe('/v1.0/users');
    expect(resolveGraphPath('https://graph.microsoft.com/users', EP)).toBe('/v1.0/users');
  });

  it('refuses any other host, scheme or port, in one line naming the endpoint', () => {
    for (const url of ['https://evil.example.com/v1.0/users', 'http://graph.microsoft.com/v1.0/users', 'https://graph.microsoft.com:8443/v1.0/users', 'https://graph.microsoft.com.evil.example/v1.0/me']) {
      const e = thrown(() => resolveGraphPath(url, EP));
      expect(e.kind).toBe('usage');
      expect(e.message).toMatch(/^refusing to send the token to .*only URLs on the configured Graph endpoint https:\/\/graph\.microsoft\.com/);
      expect(e.message).not.toContain('\n');
    }
    expect(thrown(() => resolveGraphPath('https://127.0.0.1:9999/v1.0/users', 'https://127.0.0.1:8443')).kind).toBe('usage');
    expect(thrown(() => resolveGraphPath('//evil.example.com/users', EP)).kind).toBe('usage');
  });

  it('refuses --beta with a v1.0 path and an empty path', () => {
    expect(thrown(() => resolveGraphPath('/v1.0/users', EP, { beta: true })).message).toMatch(/--beta/);
    expect(thrown(() => resolveGraphPath('  ', EP)).kind).toBe('usage');
  });
});

describe('parseJsonBody', () => {
  it('parses valid JSON', () => {
    expect(parseJsonBody('{"displayName":"x","n":[1,2]}', '--body')).toEqual({ displayName: 'x', n: [1, 2] });
  });

  it('names the line and column of the error', () => {
    const e = thrown(() => parseJsonBody('{\n  "a": 1,\n  "b": tru\n}', 'body.json'));
    expect(e.kind).toBe('input');
    expect(e.message).toBe('body.json is not valid JSON at line 3, column 11: unexpected line break');
    expect(thrown(() => parseJsonBody('{"a":1,}', '--body')).message).toBe('--body is not valid JSON at line 1, column 8: unexpected "}"');
    expect(thrown(() => parseJsonBody('{"a": 01}', '--body')).message).toMatch(/line 1, column 8: unexpected "1"/);
    expect(thrown(() => parseJsonBody('{"a": "x\\q"}', '--body')).message).toMatch(/line 1, column 10/);
    expect(thrown(() => parseJsonBody('[1] 2', '--body')).message).toMatch(/line 1, column 5/);
  });

  it('an unfinished document points at its end', () => {
    expect(thrown(() => parseJsonBody('{"a":\n[1,2', '--body')).message).toMatch(/line 2, column 5/);
  });
});

describe('parseHeaders and parseMethod', () => {
  it('reads "Name: value" pairs', () => {
    expect(parseHeaders(['ConsistencyLevel: eventual', 'Prefer:  odata.maxpagesize=5 '])).toEqual({ ConsistencyLevel: 'eventual', Prefer: 'odata.maxpagesize=5' });
    expect(parseHeaders(undefined)).toEqual({});
  });

  it('refuses malformed headers and the Authorization header', () => {
    expect(thrown(() => parseHeaders(['no colon'])).kind).toBe('usage');
    expect(thrown(() => parseHeaders(['Bad Name: x'])).kind).toBe('usage');
    expect(thrown(() => parseHeaders(['authorization: Bearer abc'])).message).toMatch(/sets this header itself/);
  });

  it('accepts the five methods in any case', () => {
    expect(parseMethod('patch')).toBe('PATCH');
    expect(thrown(() => parseMethod('HEAD')).kind).toBe('usage');
  });
});

describe('allItems', () => {
  const pages: Record<string, unknown> = {
    '/v1.0/users?$top=2': { value: [{ id: '1' }, { id: '2' }], '@odata.nextLink': `${EP}/v1.0/users?$top=2&$skiptoken=a` },
    [`${EP}/v1.0/users?$top=2&$skiptoken=a`]: { value: [{ id: '3' }], '@odata.nextLink': `${EP}/v1.0/users?$top=2&$skiptoken=b` },
    [`${EP}/v1.0/users?$top=2&$skiptoken=b`]: { value: [] },
    '/v1.0/organization/x': { id: 'x', displayName: 'Contoso' },
    '/v1.0/evil': { value: [{ id: '1' }], '@odata.nextLink': 'https://evil.example.com/v1.0/users' },
  };
  const graph = { request: async <T>(_m: string, p: string): Promise<T> => pages[p] as T };
  const all = async (p: string): Promise<unknown[]> => {
    const out: unknown[] = [];
    for await (const i of allItems(graph, p, EP)) out.push(i);
    return out;
  };

  it('follows @odata.nextLink until the last page', async () => {
    expect(await all('/v1.0/users?$top=2')).toEqual([{ id: '1' }, { id: '2' }, { id: '3' }]);
  });

  it('yields a single object once', async () => {
    expect(await all('/v1.0/organization/x')).toEqual([{ id: 'x', displayName: 'Contoso' }]);
  });

  it('refuses a next link to another host', async () => {
    await expect(all('/v1.0/evil')).rejects.toThrow(/another host \(evil\.example\.com\)/);
  });
});

describe('graph output', () => {
  it("tables and CSV take the items' scalar properties, not @odata.* or nested objects", () => {
    const items = [{ '@odata.type': '#microsoft.graph.user', id: '1', displayName: 'A', businessPhones: ['1', '2'], manager: { id: 'm' } }, { id: '2', mail: null }];
    expect(scalarColumns(items)).toEqual(['id', 'displayName', 'businessPhones', 'mail']);
    expect(itemsCsv(items).split('\r\n').slice(0, 3)).toEqual(['id,displayName,businessPhones,mail', '1,A,1; 2,', '2,,,']);
  });

  it('a write preview shows method, URL, headers and body, never a token', () => {
    const text = preview('POST', `${EP}/v1.0/users`, { Prefer: 'x' }, { displayName: 'A' });
    expect(text.split('\n').slice(0, 3)).toEqual([`POST ${EP}/v1.0/users`, 'Prefer: x', 'Content-Type: application/json']);
    expect(text).toContain('"displayName": "A"');
    expect(text).not.toMatch(/authorization|bearer/i);
  });
});
