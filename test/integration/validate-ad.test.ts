import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addGroup, addUser, adEnv, adSkipReason, cliLdapEnv, withTestOu } from './ad-env.js';
import { runMain } from '../support/run-main.js';

interface JsonFinding {
  ruleId: string;
  severity: string;
  dn: string;
  attribute: string;
  value: string | null;
  related: string[];
}

const env = adEnv();
if (!env) console.warn(`AD integration tests skipped: ${adSkipReason}`);

describe.skipIf(!env)('cloudsync validate against the Samba DC over LDAPS', () => {
  let ou: { dn: string; cleanup: () => Promise<void> };
  const dns: Record<string, string> = {};

  beforeAll(async () => {
    ou = await withTestOu('validate');
    dns.good = await addUser(ou.dn, 'Good User', {
      displayName: 'Good User', userPrincipalName: 'good.user@corp.example.com', mail: 'good.user@corp.example.com',
      proxyAddresses: ['SMTP:good.user@corp.example.com'], mailNickname: 'good.user',
    });
    dns.local = await addUser(ou.dn, 'Local Suffix', { displayName: 'Local Suffix', userPrincipalName: 'local.suffix@corp.local' });
    dns.space = await addUser(ou.dn, 'Space Upn', { displayName: 'Space Upn', userPrincipalName: 'space upn@corp.example.com' });
    dns.dupA = await addUser(ou.dn, 'Dup A', { displayName: 'Dup A', userPrincipalName: 'dup.a@corp.example.com', mail: 'team@corp.example.com', mailNickname: 'dupa' });
    dns.dupB = await addUser(ou.dn, 'Dup B', { displayName: 'Dup B', userPrincipalName: 'dup.b@corp.example.com', mail: 'team@corp.example.com', mailNickname: 'dupb' });
    dns.crossA = await addUser(ou.dn, 'Cross A', {
      displayName: 'Cross A', userPrincipalName: 'cross.a@corp.example.com', mail: 'cross.a@corp.example.com',
      proxyAddresses: ['SMTP:cross.a@corp.example.com', 'smtp:cross.b@corp.example.com'],
    });
    dns.crossB = await addUser(ou.dn, 'Cross B', { displayName: 'Cross B', userPrincipalName: 'cross.b@corp.example.com', mail: 'cross.b@corp.example.com' });
    dns.foreign = await addUser(ou.dn, 'Foreign Suffix', { displayName: 'Foreign Suffix', userPrincipalName: 'foreign@fabrikam.com' });
    dns.noDisplay = await addUser(ou.dn, 'No Display', { userPrincipalName: 'no.display@corp.example.com' });
    dns.group = await addGroup(ou.dn, 'Mail Group', [dns.good, dns.space], { mail: 'mail.group@corp.example.com', groupType: '-2147483646' });
  });
  afterAll(async () => {
    await ou?.cleanup();
  });

  async function validate(args: string[] = []): Promise<{ code: number; findings: JsonFinding[]; stderr: string; summary: Record<string, unknown> }> {
    const r = await runMain(['validate', '--ou', ou.dn, '--verified-domains', 'corp.example.com', '-o', 'json', ...args], { env: cliLdapEnv() });
    const parsed = r.stdout ? (JSON.parse(r.stdout) as { findings: JsonFinding[]; summary: Record<string, unknown> }) : { findings: [], summary: {} };
    return { code: r.code, stderr: r.stderr, ...parsed };
  }
  const find = (fs: JsonFinding[], rule: string, dn: string) => fs.filter((f) => f.ruleId === rule && f.dn === dn);

  it('finds each kind of problem on the right object, and nothing on the clean one', async () => {
    const r = await validate();
    expect(r.code).toBe(4);
    expect(r.summary.objectsRead).toBe(10);
    expect(r.summary.upnSuffixesChecked).toBe(true);
    const fs = r.findings;
    expect(fs.filter((f) => f.dn === dns.good)).toEqual([]);
    expect(find(fs, 'idfix.top-level-domain', dns.local!)).toHaveLength(1);
    expect(find(fs, 'entra.upn-non-routable', dns.local!)).toHaveLength(1);
    expect(find(fs, 'idfix.character', dns.space!)[0]?.value).toBe('space upn@corp.example.com');
    expect(find(fs, 'idfix.duplicate', dns.dupA!)).toHaveLength(1);
    expect(find(fs, 'idfix.duplicate', dns.dupB!)).toHaveLength(1);
    expect(find(fs, 'entra.address-conflict', dns.crossA!)[0]?.related).toEqual([dns.crossB]);
    expect(find(fs, 'entra.address-conflict', dns.crossB!).map((f) => f.related[0])).toContain(dns.crossA);
    // The forest's UPN suffixes come from AD itself: fabrikam.com is not one of them.
    expect(find(fs, 'entra.upn-suffix-not-in-forest', dns.foreign!)).toHaveLength(1);
    expect(find(fs, 'entra.upn-unverified-domain', dns.foreign!)).toHaveLength(1);
    expect(find(fs, 'idfix.blank', dns.noDisplay!)[0]?.attribute).toBe('displayName');
  });

  it('reads a group scope (direct members only)', async () => {
    const r = await runMain(['validate', '--group', dns.group!, '-o', 'json', '--fail-on', 'never'], { env: cliLdapEnv() });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { summary: { objectsRead: number }; findings: JsonFinding[] };
    expect(out.summary.objectsRead).toBe(2);
    expect(new Set(out.findings.map((f) => f.dn))).toEqual(new Set([dns.space]));
  });

  it('wrong password: exit 3, one line naming AD data 52e, password never echoed', async () => {
    const r = await runMain(['validate', '--ou', ou.dn], { env: { ...cliLdapEnv(), CLOUDSYNC_LDAP_PASSWORD: 'Wr0ng-Secret-xyz' } });
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/invalid credentials \(AD data 52e/);
    expect(r.stderr).not.toContain('Wr0ng-Secret-xyz');
  });

  it('unreachable URL: exit 3 naming host and port', async () => {
    const r = await runMain(['validate', '--ou', ou.dn, '--url', 'ldaps://127.0.0.1:1', '--timeout', '5'], { env: cliLdapEnv() });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/127\.0\.0\.1:1/);
    expect(r.stderr).toMatch(/refused|reach/i);
  });

  it('unknown CA: exit 3 naming the certificate and the CA option', async () => {
    const { CLOUDSYNC_LDAP_CA_FILE: _ca, ...noCa } = cliLdapEnv();
    const r = await runMain(['validate', '--ou', ou.dn], { env: noCa });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/CN=/);
    expect(r.stderr).toMatch(/--ca-file|CLOUDSYNC_LDAP_CA_FILE/);
  });

  it('non-existent OU: exit 3 naming it', async () => {
    const missing = `OU=does-not-exist,${env!.baseDn}`;
    const r = await runMain(['validate', '--ou', missing], { env: cliLdapEnv() });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(missing);
  });

  it('no password on a non-interactive run: exit 2, says which variable to set', async () => {
    const { CLOUDSYNC_LDAP_PASSWORD: _pw, ...noPw } = cliLdapEnv();
    const r = await runMain(['validate', '--ou', ou.dn], { env: noPw });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/CLOUDSYNC_LDAP_PASSWORD/);
  });
});
