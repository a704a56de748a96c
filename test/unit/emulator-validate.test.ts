import { describe, expect, it } from 'vitest';
import { passwordComplies, proxiesForMail, readWriteBody, refId } from '../../src/emulator/graph/validate.js';
import { GROUP, USER } from '../../src/emulator/graph/schema.js';
import { parseQuery, parseSegments } from '../../src/emulator/graph/url.js';
import { Router } from '../../src/emulator/graph/router.js';

describe('emulator write rules', () => {
  it('password complexity: 8–256 characters, three of four classes, allowed characters only', () => {
    expect(passwordComplies('Abcdefg1')).toBe(true);
    expect(passwordComplies('abcdefg1!')).toBe(true);
    expect(passwordComplies('Abcdef1')).toBe(false);
    expect(passwordComplies('abcdefgh1')).toBe(false);
    expect(passwordComplies('ABCDEFGH!')).toBe(false);
    expect(passwordComplies('Abcdefg1é')).toBe(false);
    expect(passwordComplies(`Aa1${'x'.repeat(253)}`)).toBe(true);
    expect(passwordComplies(`Aa1${'x'.repeat(254)}`)).toBe(false);
  });

  it('mail becomes the primary SMTP address and the old primary stays secondary', () => {
    expect(proxiesForMail('a@x.com', [])).toEqual(['SMTP:a@x.com']);
    expect(proxiesForMail('b@x.com', ['SMTP:a@x.com', 'smtp:c@x.com'])).toEqual(['SMTP:b@x.com', 'smtp:a@x.com', 'smtp:c@x.com']);
    expect(proxiesForMail('c@x.com', ['SMTP:a@x.com', 'smtp:c@x.com'])).toEqual(['SMTP:c@x.com', 'smtp:a@x.com']);
  });

  it('splits a body into known writable properties and @odata.bind references', () => {
    const { props, binds } = readWriteBody(GROUP, { '@odata.type': '#microsoft.graph.group', displayName: 'G', 'members@odata.bind': ['https://graph.microsoft.com/v1.0/users/ABC'] }, ['members']);
    expect(props).toEqual({ displayName: 'G' });
    expect(binds).toEqual({ members: ['abc'] });
    expect(() => readWriteBody(USER, { securityIdentifier: 'S-1' })).toThrow("Property 'securityIdentifier' is read-only and cannot be set.");
    expect(() => readWriteBody(USER, { businessPhones: 'x' })).toThrow("Invalid value specified for property 'businessPhones' of resource 'User'.");
    // Collections are Nullable="false" in Graph's metadata: null is refused, [] clears them.
    for (const p of ['businessPhones', 'otherMails']) {
      expect(() => readWriteBody(USER, { [p]: null })).toThrow(`Invalid value specified for property '${p}' of resource 'User'.`);
      expect(readWriteBody(USER, { [p]: [] }).props).toEqual({ [p]: [] });
    }
    expect(() => readWriteBody(USER, [])).toThrow(/Empty Payload/);
  });

  it('reads object ids from @odata.id URLs', () => {
    expect(refId('https://graph.microsoft.com/v1.0/directoryObjects/7E1D1B7C-0000-0000-0000-000000000000')).toBe('7e1d1b7c-0000-0000-0000-000000000000');
    expect(refId("https://localhost:1234/v1.0/users('abc')")).toBe('abc');
    expect(() => refId('https://graph.microsoft.com/v1.0/me')).toThrow(/Invalid object identifier/);
  });
});

describe('emulator URL handling', () => {
  it('decodes segments and key-in-parentheses forms', () => {
    expect(parseSegments('/users/a%40x.com/memberOf')).toEqual(['users', 'a@x.com', 'memberOf']);
    expect(parseSegments("/users('it''s@x.com')")).toEqual(['users', "it's@x.com"]);
    expect(parseSegments("/directoryRoles(roleTemplateId='62e9')/members")).toEqual(['directoryRoles', 'roleTemplateId=62e9', 'members']);
  });

  it('normalises $-less system query options', () => {
    expect(parseQuery('select=id&$top=5&foo=bar&filter=a%20eq%20%27b%27')).toEqual([
      ['$select', 'id'],
      ['$top', '5'],
      ['foo', 'bar'],
      ['$filter', "a eq 'b'"],
    ]);
  });

  it('routes literals before captures, 405 for a known path, names an unknown segment', () => {
    const r = new Router([
      { method: 'GET', path: 'users/:id', perms: [], handle: () => ({ status: 200 }) },
      { method: 'GET', path: 'users/$count', perms: [], handle: () => ({ status: 200 }) },
      { method: 'DELETE', path: 'users/:id', perms: [], handle: () => ({ status: 204 }) },
    ]);
    expect(r.match('GET', ['users', '$count']).route.path).toBe('users/$count');
    expect(r.match('GET', ['users', 'abc']).params).toEqual({ id: 'abc' });
    expect(() => r.match('PATCH', ['users', 'abc'])).toThrow('Specified HTTP method is not allowed for the request target.');
    expect(() => r.match('GET', ['v1.0', 'users'])).toThrow("Resource not found for the segment 'v1.0'.");
    expect(() => r.match('GET', ['users', 'abc', 'photo'])).toThrow("Resource not found for the segment 'photo'.");
  });
});
