import { describe, expect, it } from 'vitest';
import { commandPermissions, INFO_PERMISSIONS, tenantInfo, type InfoClient } from '../../src/tenant/info.js';
import { COMMAND_PERMISSIONS } from '../../src/doctor/permissions.js';
import { CloudsyncError } from '../../src/errors.js';

/** An unsigned JWT with these claims (info decodes, never verifies). */
const jwt = (claims: Record<string, unknown>): string =>
  `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;

function client(opts: { roles?: string[]; scopes?: string[]; orgFails?: boolean }): InfoClient {
  const accessToken = jwt({ app_displayname: 'cloudsync-ci', tid: 'tid-1', appid: 'app-1' });
  return {
    settings: { tenantId: 'contoso.onmicrosoft.com', clientId: 'app-1', method: 'secret', authorityHost: 'https://login.example', graphEndpoint: 'https://graph.example' },
    token: async () => ({ accessToken, expiresOn: new Date('2030-01-01T00:00:00Z'), tenantId: 'tid-1', appId: 'app-1', roles: opts.roles ?? [], scopes: opts.scopes ?? [] }),
    organization: async () => {
      if (opts.orgFails) throw new CloudsyncError('permission', 'the app lacks the permission for GET /organization: grant e.g. Organization.Read.All (Application) and admin consent (403 Authorization_RequestDenied)');
      return { id: 'tid-1', displayName: 'Contoso' };
    },
    domains: async () => [
      { id: 'contoso.onmicrosoft.com', isVerified: true, isInitial: true },
      { id: 'contoso.com', isVerified: true, isDefault: true },
      { id: 'pending.example', isVerified: false },
    ],
  };
}

describe('commandPermissions', () => {
  it('reuses the doctor table and adds agents', () => {
    expect(Object.keys(INFO_PERMISSIONS)).toEqual([...Object.keys(COMMAND_PERMISSIONS), 'agents']);
  });

  it('says per command what is missing', () => {
    const r = commandPermissions(['User.Read.All', 'Domain.Read.All', 'RoleManagement.Read.Directory']);
    const by = Object.fromEntries(r.map((c) => [c.command, c]));
    expect(by['validate (tenant-aware)']!.ok).toBe(true);
    expect(by.sync!.ok).toBe(false);
    expect(by.sync!.missing.map((m) => m.anyOf[0])).toEqual(['User.ReadWrite.All', 'Group.ReadWrite.All', 'GroupMember.ReadWrite.All']);
    expect(by['logs cloud']!.missing[0]!.anyOf).toContain('AuditLog.Read.All');
    expect(by.agents!.ok).toBe(false);
    expect(commandPermissions(['Directory.ReadWrite.All', 'AuditLog.Read.All', 'Synchronization.ReadWrite.All']).every((c) => c.ok)).toBe(true);
  });
});

describe('tenantInfo', () => {
  it('reports tenant, verified domains (default first), app name from the token, and application permissions', async () => {
    const r = await tenantInfo(client({ roles: ['User.Read.All', 'AuditLog.Read.All'] }));
    expect(r.tenant).toEqual({ id: 'tid-1', name: 'Contoso', configured: 'contoso.onmicrosoft.com' });
    expect(r.domains.map((d) => d.name)).toEqual(['contoso.com', 'contoso.onmicrosoft.com']);
    expect(r.app).toEqual({ clientId: 'app-1', displayName: 'cloudsync-ci' });
    expect(r.token).toEqual({ expiresOn: '2030-01-01T00:00:00.000Z', type: 'application', permissions: ['AuditLog.Read.All', 'User.Read.All'] });
    expect(r.commands.find((c) => c.command === 'logs cloud')!.ok).toBe(true);
    expect(JSON.stringify(r)).not.toContain('eyJ'); // no token in the report
  });

  it('uses delegated scopes for a signed-in user', async () => {
    const r = await tenantInfo(client({ scopes: ['Policy.Read.HybridAuthentication', 'User.Read'] }));
    expect(r.token.type).toBe('delegated');
    expect(r.commands.find((c) => c.command === 'agents')!.ok).toBe(true);
  });

  it('an unreadable organization is reported, not fatal', async () => {
    const r = await tenantInfo(client({ roles: ['Domain.Read.All'], orgFails: true }));
    expect(r.tenant.name).toBeNull();
    expect(r.tenant.id).toBe('tid-1');
    expect(r.tenant.error).toMatch(/Organization\.Read\.All/);
    expect(r.domains).toHaveLength(2);
  });
});
