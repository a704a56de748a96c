import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { addUser, adEnv, cliLdapEnv, withTestOu } from './ad-env.js';
import { runMain } from '../support/run-main.js';

interface JsonFinding {
  ruleId: string;
  severity: string;
  dn: string;
  attribute: string;
  related: string[];
}
interface JsonOut {
  summary: { tenantChecked: boolean; verifiedDomainsChecked: boolean; matchCounts: Record<string, number> };
  findings: JsonFinding[];
  matches: { dn: string; match: string; cloudId?: string }[];
}

const env = adEnv();

describe.skipIf(!env)('validate against the Samba DC and the tenant (emulator)', () => {
  let ou: { dn: string; cleanup: () => Promise<void> };
  let emu: TestEmulator;
  const dn: Record<string, string> = {};

  beforeAll(async () => {
    emu = await startTestEmulator({
      domains: ['corp.example.com'],
      seed: {
        users: [
          { userPrincipalName: 'taken.over@corp.example.com', displayName: 'Cloud-only user', mail: 'taken.over@corp.example.com' },
          { userPrincipalName: 'tenant.admin@corp.example.com', displayName: 'Cloud admin' },
          { userPrincipalName: 'synced@corp.example.com', displayName: 'Synced elsewhere', onPremisesImmutableId: 'b3RoZXItYW5jaG9yLTAwMA==', onPremisesSyncEnabled: true },
        ],
        // A Microsoft 365 group's address is mailNickname@ the default domain (Graph sets it).
        groups: [{ displayName: 'Cloud Sales', mailEnabled: true, securityEnabled: false, mailNickname: 'cloudsales', groupTypes: ['Unified'] }],
        roleAssignments: [{ role: 'Global Administrator', principal: 'tenant.admin@corp.example.com' }],
      },
    } as never);
    ou = await withTestOu('tenant');
    dn.soft = await addUser(ou.dn, 'Taken Over', { displayName: 'Taken Over', userPrincipalName: 'taken.over@corp.example.com', mail: 'taken.over@corp.example.com' });
    dn.admin = await addUser(ou.dn, 'The Admin', { displayName: 'The Admin', userPrincipalName: 'tenant.admin@corp.example.com' });
    dn.conflict = await addUser(ou.dn, 'Conflict', {
      displayName: 'Conflict', userPrincipalName: 'synced@corp.example.com',
      proxyAddresses: ['SMTP:conflict@corp.example.com', 'smtp:cloudsales@contoso.onmicrosoft.com'], mail: 'conflict@corp.example.com',
    });
    dn.fresh = await addUser(ou.dn, 'Fresh', { displayName: 'Fresh', userPrincipalName: 'fresh@fabrikam.com' });
  });
  afterAll(async () => {
    await ou?.cleanup();
    await emu?.close();
  });

  it('takes verified domains from the tenant and previews matches and conflicts', async () => {
    const r = await runMain(['validate', '--ou', ou.dn, '-o', 'json'], { env: { ...cliLdapEnv(), ...emu.env } });
    expect(r.code, r.stderr).toBe(4);
    const out = JSON.parse(r.stdout) as JsonOut;
    expect(out.summary.tenantChecked).toBe(true);
    expect(out.summary.verifiedDomainsChecked).toBe(true);
    const rules = (d: string) => out.findings.filter((f) => f.dn === d).map((f) => f.ruleId);
    // Verified domains came from the tenant: fabrikam.com is not one of them.
    expect(rules(dn.fresh!)).toContain('entra.upn-unverified-domain');
    expect(rules(dn.soft!)).toContain('cloud.soft-match');
    expect(rules(dn.admin!)).toContain('cloud.soft-match-admin');
    const conflicts = out.findings.filter((f) => f.dn === dn.conflict && f.ruleId === 'cloud.address-conflict');
    expect(conflicts.map((f) => f.attribute).sort()).toEqual(['proxyAddresses', 'userPrincipalName']);
    const m = Object.fromEntries(out.matches.map((x) => [x.dn, x.match]));
    expect(m).toEqual({ [dn.soft!]: 'soft-upn', [dn.admin!]: 'soft-upn', [dn.conflict!]: 'new', [dn.fresh!]: 'new' });
    expect(out.summary.matchCounts).toEqual({ hard: 0, 'soft-upn': 2, 'soft-smtp': 0, new: 2 });
  });

  it('--no-tenant validates offline even with credentials configured', async () => {
    const r = await runMain(['validate', '--ou', ou.dn, '-o', 'json', '--no-tenant'], { env: { ...cliLdapEnv(), ...emu.env } });
    const out = JSON.parse(r.stdout) as JsonOut;
    expect(out.summary.tenantChecked).toBe(false);
    expect(out.findings.some((f) => f.ruleId.startsWith('cloud.'))).toBe(false);
  });

  it('a wrong client secret is one line with the fix, exit 3', async () => {
    const r = await runMain(['validate', '--ou', ou.dn], { env: { ...cliLdapEnv(), ...emu.env, AZURE_CLIENT_SECRET: 'not-the-secret' } });
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/7000215/);
    expect(r.stderr).not.toContain('not-the-secret');
  });
});
