import { describe, expect, it } from 'vitest';
import { makeObject } from '../../src/directory/types.js';
import { CloudChecker, sourceAnchor, type CloudObject, type CloudReader } from '../../src/validate/cloud/index.js';

const guid = (n: number) => Buffer.from(`000000000000000${n}`.slice(-16));
function reader(objects: CloudObject[], admins: Record<string, string[]> = {}, quota?: { used: number; total: number }): CloudReader {
  return {
    verifiedDomains: async () => ['contoso.com'],
    async *cloudObjects() {
      yield* objects;
    },
    adminRoleHolders: async () => new Map(Object.entries(admins)),
    directoryQuota: async () => quota,
  };
}
const user = (cn: string, attrs: Record<string, string | string[] | Buffer>) =>
  makeObject(`CN=${cn},OU=Staff,DC=contoso,DC=com`, { objectClass: ['top', 'person', 'organizationalPerson', 'user'], cn, ...attrs });

describe('tenant-aware checks', () => {
  it('hard-matches on the immutable id (consistency guid before objectGUID)', async () => {
    const ad = user('Adele', { objectGUID: guid(1), 'mS-DS-ConsistencyGuid': guid(2), userPrincipalName: 'adele@contoso.com' });
    expect(sourceAnchor(ad)).toBe(guid(2).toString('base64'));
    const c = await CloudChecker.load(reader([{ id: 'c1', kind: 'user', userPrincipalName: 'adele@contoso.com', onPremisesImmutableId: guid(2).toString('base64') }]));
    c.check(ad);
    const r = c.finish();
    expect(r.matches[0]).toMatchObject({ match: 'hard', cloudId: 'c1' });
    expect(r.findings).toEqual([]);
  });

  it('previews a soft match on UPN as a takeover warning, and refuses one onto an admin', async () => {
    const cloud: CloudObject[] = [
      { id: 'c1', kind: 'user', userPrincipalName: 'alex@contoso.com' },
      { id: 'c2', kind: 'user', userPrincipalName: 'admin@contoso.com' },
    ];
    const c = await CloudChecker.load(reader(cloud, { c2: ['Global Administrator'] }));
    c.check(user('Alex', { objectGUID: guid(3), userPrincipalName: 'Alex@Contoso.com' }));
    c.check(user('Admin', { objectGUID: guid(4), userPrincipalName: 'admin@contoso.com' }));
    const r = c.finish();
    expect(r.matches.map((m) => m.match)).toEqual(['soft-upn', 'soft-upn']);
    expect(r.findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ['cloud.soft-match', 'warning'],
      ['cloud.soft-match-admin', 'error'],
    ]);
    expect(r.findings[1]?.message).toMatch(/Global Administrator/);
  });

  it('soft-matches on primary SMTP when the UPN does not match', async () => {
    const c = await CloudChecker.load(reader([{ id: 'c1', kind: 'user', userPrincipalName: 'x@contoso.onmicrosoft.com', mail: 'lee@contoso.com', proxyAddresses: ['SMTP:lee@contoso.com'] }]));
    c.check(user('Lee', { objectGUID: guid(5), userPrincipalName: 'lee.gu@contoso.com', proxyAddresses: ['SMTP:lee@contoso.com'] }));
    expect(c.finish().matches[0]).toMatchObject({ match: 'soft-smtp', cloudId: 'c1' });
  });

  it('reports an address held by a different cloud object (already synced, or a group)', async () => {
    const cloud: CloudObject[] = [
      { id: 'c1', kind: 'user', userPrincipalName: 'jane@contoso.com', onPremisesImmutableId: 'other-anchor' },
      { id: 'g1', kind: 'group', mail: 'sales@contoso.com', proxyAddresses: ['SMTP:sales@contoso.com'] },
    ];
    const c = await CloudChecker.load(reader(cloud));
    c.check(user('Jane', { objectGUID: guid(6), userPrincipalName: 'jane@contoso.com', proxyAddresses: ['SMTP:jane2@contoso.com', 'smtp:sales@contoso.com'] }));
    const r = c.finish();
    expect(r.matches[0]?.match).toBe('new');
    const conflicts = r.findings.filter((f) => f.ruleId === 'cloud.address-conflict');
    expect(conflicts.map((f) => [f.attribute, f.related?.[0]])).toEqual([
      ['userPrincipalName', 'c1'],
      ['proxyAddresses', 'g1'],
    ]);
    expect(conflicts[0]?.message).toMatch(/synced from another AD object/);
  });

  it('warns over 90% of the directory quota and errors beyond it', async () => {
    const near = await CloudChecker.load(reader([], {}, { used: 880, total: 1000 }));
    for (let i = 0; i < 30; i++) near.check(user(`U${i}`, { objectGUID: guid(i + 10), userPrincipalName: `u${i}@contoso.com` }));
    expect(near.finish().findings.map((f) => [f.ruleId, f.severity])).toEqual([['cloud.directory-quota', 'warning']]);
    const over = await CloudChecker.load(reader([], {}, { used: 990, total: 1000 }));
    for (let i = 0; i < 30; i++) over.check(user(`U${i}`, { objectGUID: guid(i + 10), userPrincipalName: `u${i}@contoso.com` }));
    const r = over.finish();
    expect(r.findings[0]?.severity).toBe('error');
    expect(r.quota).toEqual({ used: 990, total: 1000, newObjects: 30 });
  });
});
