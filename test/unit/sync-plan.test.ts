import { afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LdifSource } from '../../src/directory/ldif/source.js';
import { groupsToRead, mappedTargets, plan, readCloud, readSource, type Operation } from '../../src/sync/index.js';
import { adGroup, adUser, anchorOf, ArraySource, FakeGraph, GROUPS, Harness, STAFF, withAttr } from './sync-fakes.js';

const harnesses: Harness[] = [];
function setup(objects = seed()): Harness {
  const h = new Harness(new ArraySource(objects), new FakeGraph());
  harnesses.push(h);
  return h;
}
afterEach(() => {
  for (const h of harnesses.splice(0)) h.cleanup();
});

const ADELE = `CN=Adele Vance,${STAFF}`;
const ALEX = `CN=Alex Wilber,${STAFF}`;
const MEGAN = `CN=Megan Bowen,${STAFF}`;

function seed() {
  return [
    adUser(1, 'Adele Vance', { department: 'Retail', mail: 'adele@contoso.com', telephoneNumber: '+1 555 0101', manager: ALEX }),
    adUser(2, 'Alex Wilber', { department: 'Marketing', title: 'Director' }),
    adUser(3, 'Megan Bowen', { userAccountControl: '514', extensionAttribute1: ' badge-7 ' }),
    adGroup(10, 'Retail Team', [ADELE, ALEX]),
  ];
}

const actions = (ops: readonly Operation[]) => ops.map((o) => `${o.action} ${o.upn ?? o.displayName}${'member' in o ? ` ${o.member.upn ?? o.member.displayName}` : ''}${'manager' in o && o.manager ? ` ${o.manager.upn}` : ''}`);

describe('planning a first sync', () => {
  it('creates every user and group, then members and managers, in apply order', async () => {
    const h = setup();
    const p = await h.plan();
    expect(actions(p.operations)).toEqual([
      'create adele.vance@contoso.com',
      'create alex.wilber@contoso.com',
      'create megan.bowen@contoso.com',
      'create Retail Team',
      'set-manager adele.vance@contoso.com alex.wilber@contoso.com',
      'add-member Retail Team adele.vance@contoso.com',
      'add-member Retail Team alex.wilber@contoso.com',
    ]);
    expect(p.counts).toMatchObject({ create: 4, 'set-manager': 1, 'add-member': 2, total: 7, unchanged: 0 });
    const adele = p.operations[0]!;
    expect(adele.action === 'create' && adele.properties).toMatchObject({
      onPremisesImmutableId: anchorOf(1),
      accountEnabled: true,
      displayName: 'Adele Vance',
      department: 'Retail',
      businessPhones: ['+1 555 0101'],
      mailNickname: 'adele.vance',
    });
    const megan = p.operations[2]!;
    expect(megan.action === 'create' && megan.properties).toMatchObject({ accountEnabled: false, 'onPremisesExtensionAttributes.extensionAttribute1': 'badge-7' });
    expect(p.guards).toEqual([]);
    // No secret ever goes into a plan.
    expect(JSON.stringify(p)).not.toMatch(/password/i);
  });

  it('plans nothing after the first apply (the re-plan is empty)', async () => {
    const h = setup();
    const first = await h.sync();
    expect(first.result.outcome).toBe('success');
    const again = await h.plan();
    expect(again.operations).toEqual([]);
    expect(again.counts.unchanged).toBe(4);
  });

  it('updates a changed attribute with its old and new value', async () => {
    const h = setup();
    await h.sync();
    h.ad.replace(withAttr(h.ad.objects[1]!, 'department', ['Sales']));
    h.ad.replace(withAttr(h.ad.objects[2]!, 'extensionAttribute1', ['badge-8']));
    const p = await h.plan();
    expect(p.operations.map((o) => [o.action, o.upn, o.changes])).toEqual([
      ['update', 'alex.wilber@contoso.com', [{ attribute: 'department', old: 'Marketing', new: 'Sales' }]],
      ['update', 'megan.bowen@contoso.com', [{ attribute: 'onPremisesExtensionAttributes.extensionAttribute1', old: 'badge-7', new: 'badge-8' }]],
    ]);
    await h.sync();
    expect(h.graph.userByUpn('alex.wilber@contoso.com')!.props.department).toBe('Sales');
    expect(h.graph.userByUpn('megan.bowen@contoso.com')!.props.onPremisesExtensionAttributes).toMatchObject({ extensionAttribute1: 'badge-8', extensionAttribute2: null });
    expect((await h.plan()).operations).toEqual([]);
  });

  it('soft-deletes a managed user that leaves the scope, and removes it from its groups', async () => {
    const h = setup();
    await h.sync();
    h.ad.remove(ALEX);
    h.ad.objects.push(adUser(2, 'Alex Wilber', { department: 'Marketing' }, 'OU=Leavers,DC=contoso,DC=com'));
    const p = await h.plan();
    // The manager reference and the membership go with the deleted user.
    expect(actions(p.operations)).toEqual(['delete alex.wilber@contoso.com']);
    expect(p.operations[0]).toMatchObject({ anchor: anchorOf(2), dn: ALEX, kind: 'user' });
    await h.sync();
    expect(h.graph.userByUpn('alex.wilber@contoso.com')).toBeUndefined();
    expect((h.graph.dump() as { deleted: string[] }).deleted).toEqual(['alex.wilber@contoso.com']);
    expect([...h.graph.groupByName('Retail Team')!.members]).toHaveLength(1);
  });

  it('disables instead with on-delete "disable", once', async () => {
    const h = setup();
    await h.sync();
    h.ad.remove(MEGAN);
    h.ad.remove(ALEX);
    const p = await h.plan({ onDelete: 'disable' });
    expect(p.operations.filter((o) => o.action === 'disable').map((o) => [o.upn, o.changes])).toEqual([
      ['alex.wilber@contoso.com', [{ attribute: 'accountEnabled', old: true, new: false }]],
    ]);
    // Megan was already disabled in AD, so in Entra too: nothing to do for her.
    expect(p.operations.some((o) => o.upn === 'megan.bowen@contoso.com')).toBe(false);
    // Alex leaves the group (he is no longer in scope); Adele's manager, now out of scope, is left as it is.
    expect(actions(p.operations).sort()).toEqual(['disable alex.wilber@contoso.com', 'remove-member Retail Team alex.wilber@contoso.com']);
    await h.sync({ onDelete: 'disable' });
    expect(h.graph.userByUpn('alex.wilber@contoso.com')!.props.accountEnabled).toBe(false);
    expect((await h.plan({ onDelete: 'disable' })).operations).toEqual([]);
  });

  it('restores a soft-deleted user whose anchor comes back', async () => {
    const h = setup();
    await h.sync();
    const alex = h.ad.objects[1]!;
    h.ad.remove(ALEX);
    await h.sync();
    h.ad.replace(withAttr(alex, 'department', ['Research']));
    const p = await h.plan();
    expect(p.operations.map((o) => o.action).slice(0, 2)).toEqual(['restore', 'update']);
    await h.sync();
    const restored = h.graph.userByUpn('alex.wilber@contoso.com')!;
    expect(restored.props.department).toBe('Research');
    expect(h.graph.groupByName('Retail Team')!.members.has(restored.id)).toBe(true);
    expect(h.graph.users.get(h.graph.userByUpn('adele.vance@contoso.com')!.id)!.managerId).toBe(restored.id);
  });

  it('never removes or deletes cloud objects that cloudsync does not manage', async () => {
    const h = setup();
    const cloudOnly = h.graph.addUser({ userPrincipalName: 'guest.admin@contoso.com', displayName: 'Cloud only', mailNickname: 'cloudonly' });
    const otherSynced = h.graph.addUser({ userPrincipalName: 'old@contoso.com', displayName: 'Old', mailNickname: 'old', onPremisesImmutableId: 'b3RoZXI=' });
    await h.sync();
    h.graph.groupByName('Retail Team')!.members.add(cloudOnly.id);
    const p = await h.plan();
    expect(p.operations).toEqual([]);
    expect(h.graph.users.has(otherSynced.id)).toBe(true);
  });

  it('manages member adds and removes, nested groups included', async () => {
    const h = setup([...seed(), adGroup(11, 'All Staff', [`CN=Retail Team,${GROUPS}`, MEGAN])]);
    await h.sync();
    const all = h.graph.groupByName('All Staff')!;
    expect([...all.members].sort()).toEqual([h.graph.groupByName('Retail Team')!.id, h.graph.userByUpn('megan.bowen@contoso.com')!.id].sort());
    h.ad.replace(adGroup(10, 'Retail Team', [ADELE, MEGAN]));
    const p = await h.plan();
    expect(actions(p.operations)).toEqual(['add-member Retail Team megan.bowen@contoso.com', 'remove-member Retail Team alex.wilber@contoso.com']);
    await h.sync();
    expect((await h.plan()).operations).toEqual([]);
  });

  it('changes and removes manager references', async () => {
    const h = setup();
    await h.sync();
    h.ad.replace(withAttr(h.ad.objects[0]!, 'manager', [MEGAN]));
    let p = await h.plan();
    expect(p.operations.map((o) => [o.action, 'oldManagerId' in o ? o.oldManagerId : undefined, 'manager' in o ? o.manager?.upn : undefined])).toEqual([
      ['set-manager', h.graph.userByUpn('alex.wilber@contoso.com')!.id, 'megan.bowen@contoso.com'],
    ]);
    await h.sync();
    expect(h.graph.userByUpn('adele.vance@contoso.com')!.managerId).toBe(h.graph.userByUpn('megan.bowen@contoso.com')!.id);
    h.ad.replace(withAttr(h.ad.objects[0]!, 'manager', []));
    p = await h.plan();
    expect(actions(p.operations)).toEqual(['remove-manager adele.vance@contoso.com']);
    await h.sync();
    expect(h.graph.userByUpn('adele.vance@contoso.com')!.managerId).toBeNull();
  });

  it('rewrites a UPN whose suffix is not a verified domain to <mailNickname>@<initial domain>', async () => {
    const h = setup([adUser(1, 'Adele Vance', { userPrincipalName: 'adele@fabrikam.local', mailNickname: 'AdeleV' })]);
    const p = await h.plan();
    const create = p.operations[0]!;
    expect(create.action === 'create' && create.properties.userPrincipalName).toBe('AdeleV@contoso.onmicrosoft.com');
    expect(p.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/adele@fabrikam\.local.*not a verified domain.*AdeleV@contoso\.onmicrosoft\.com/)]);
    await h.sync();
    expect((await h.plan()).operations).toEqual([]);
  });

  it('excludes system and service accounts, cloud write-backs and distribution groups', async () => {
    const h = setup([
      adUser(1, 'krbtgt'),
      adUser(2, 'MSOL_1a2b3c'),
      adUser(3, 'HealthMailbox0123'),
      adUser(4, 'svc-web$'),
      adUser(5, 'Administrator', { isCriticalSystemObject: 'TRUE' }),
      adUser(6, 'Cloud Writeback', { adminDescription: 'User_1234' }),
      adGroup(7, 'Newsletter', [], { groupType: '8' }),
      adUser(8, 'Real Person'),
    ]);
    const { source } = await h.read();
    expect(source.users.map((u) => u.dn)).toEqual([`CN=Real Person,${STAFF}`]);
    expect(source.excluded.map((e) => e.rule)).toEqual([
      'exclude.well-known-account',
      'exclude.well-known-account',
      'exclude.well-known-account',
      'exclude.service-account',
      'exclude.critical-system-object',
      'exclude.admin-description',
      'exclude.distribution-group',
    ]);
  });
});

describe('matching', () => {
  it('soft-matches a cloud user on UPN: adopt, and set the immutable id', async () => {
    const h = setup([adUser(1, 'Adele Vance', { department: 'Retail' })]);
    const cloud = h.graph.addUser({ userPrincipalName: 'Adele.Vance@contoso.com', displayName: 'Adele V.', mailNickname: 'adele', department: 'Retail' });
    const p = await h.plan();
    expect(p.operations).toHaveLength(1);
    expect(p.operations[0]).toMatchObject({
      action: 'adopt',
      matchedOn: 'userPrincipalName',
      cloudId: cloud.id,
      changes: [
        { attribute: 'onPremisesImmutableId', old: null, new: anchorOf(1) },
        { attribute: 'displayName', old: 'Adele V.', new: 'Adele Vance' },
        { attribute: 'givenName', old: null, new: 'Adele' },
        { attribute: 'userPrincipalName', old: 'Adele.Vance@contoso.com', new: 'adele.vance@contoso.com' },
        { attribute: 'mailNickname', old: 'adele', new: 'adele.vance' },
      ],
    });
    await h.sync();
    expect(cloud.props.onPremisesImmutableId).toBe(anchorOf(1));
    expect(h.graph.users.size).toBe(1);
    expect((await h.plan()).operations).toEqual([]);
  });

  it('soft-matches on the primary SMTP address when the UPN differs', async () => {
    const h = setup([adUser(1, 'Lee Gu', { userPrincipalName: 'lee.gu@contoso.com', proxyAddresses: ['SMTP:lee@contoso.com', 'smtp:lg@contoso.com'] })]);
    const cloud = h.graph.addUser({ userPrincipalName: 'lee@contoso.onmicrosoft.com', displayName: 'Lee', mailNickname: 'lee', mail: 'lee@contoso.com' });
    const p = await h.plan();
    expect(p.operations[0]).toMatchObject({ action: 'adopt', matchedOn: 'primarySmtp', cloudId: cloud.id });
  });

  it('refuses soft matching when turned off, and says why the user is not created', async () => {
    const h = setup([adUser(1, 'Adele Vance')]);
    h.graph.addUser({ userPrincipalName: 'adele.vance@contoso.com', displayName: 'Adele', mailNickname: 'adele' });
    const p = await h.plan({ softMatch: false });
    expect(p.operations).toEqual([]);
    expect(p.skipped).toEqual([expect.objectContaining({ rule: 'match.soft-match-disabled', dn: ADELE })]);
  });

  it('never soft-matches, changes, disables or deletes an admin-role holder', async () => {
    const h = setup([adUser(1, 'Adele Vance'), adUser(2, 'Alex Wilber')]);
    const admin = h.graph.addUser({ userPrincipalName: 'adele.vance@contoso.com', displayName: 'Adele (admin)', mailNickname: 'adele' });
    h.graph.admins.set(admin.id, ['Global Administrator']);
    let p = await h.plan();
    expect(actions(p.operations)).toEqual(['create alex.wilber@contoso.com']);
    expect(p.skipped).toEqual([expect.objectContaining({ rule: 'match.admin-role-holder', reason: expect.stringMatching(/Global Administrator/) })]);
    await h.sync();
    expect(admin.props.onPremisesImmutableId).toBeUndefined();

    // A user cloudsync created and someone then made an admin: never updated, disabled or deleted.
    const alex = h.graph.userByUpn('alex.wilber@contoso.com')!;
    h.graph.admins.set(alex.id, ['User Administrator']);
    h.ad.replace(withAttr(h.ad.objects[1]!, 'department', ['IT']));
    p = await h.plan();
    expect(p.operations).toEqual([]);
    expect(p.skipped.map((s) => s.rule)).toEqual(['match.admin-role-holder', 'protected.admin-role-holder']);
    h.ad.remove(ALEX);
    p = await h.plan();
    expect(p.operations).toEqual([]);
    expect(p.skipped.at(-1)).toMatchObject({ rule: 'protected.admin-role-holder', cloudId: alex.id });
  });

  it('leaves protected objects (by UPN) alone', async () => {
    const h = setup();
    await h.sync();
    h.ad.replace(withAttr(h.ad.objects[0]!, 'department', ['Changed']));
    const p = await h.plan({ protected: ['Adele.Vance@contoso.com'] });
    expect(p.operations).toEqual([]);
    expect(p.skipped).toEqual([expect.objectContaining({ rule: 'protected', upn: 'adele.vance@contoso.com' })]);
  });

  it('matches groups by name only when asked, and only unbound security groups', async () => {
    const h = setup([adGroup(10, 'Retail Team', [])]);
    const existing = h.graph.addGroup({ displayName: 'Retail Team', mailNickname: 'retail' });
    expect(actions((await h.plan()).operations)).toEqual(['create Retail Team']);
    const p = await h.plan({ matchGroupsByName: true });
    expect(p.operations).toEqual([expect.objectContaining({ action: 'adopt', matchedOn: 'displayName', cloudId: existing.id })]);
    await h.sync({ matchGroupsByName: true });
    // Bound in the state now: the name match is no longer needed.
    expect((await h.plan()).operations).toEqual([]);
  });
});

describe('reading', () => {
  it('reads users, inetOrgPersons and security groups from an LDIF export, not computers or contacts', async () => {
    const h = setup([]);
    const file = join(h.stateDir, 'export.ldif');
    const b64 = (i: number) => Buffer.from(i.toString(16).padStart(32, '0'), 'hex').toString('base64');
    writeFileSync(
      file,
      [
        `dn: CN=Jane Doe,${STAFF}`, 'objectClass: top', 'objectClass: person', 'objectClass: organizationalPerson', 'objectClass: user', 'cn: Jane Doe', 'sAMAccountName: jane', 'userPrincipalName: jane@contoso.com', `objectGUID:: ${b64(1)}`, 'userAccountControl: 512', '',
        `dn: CN=Ian Org,${STAFF}`, 'objectClass: top', 'objectClass: person', 'objectClass: organizationalPerson', 'objectClass: user', 'objectClass: inetOrgPerson', 'cn: Ian Org', 'sAMAccountName: ian', `objectGUID:: ${b64(2)}`, '',
        `dn: CN=PC01,${STAFF}`, 'objectClass: top', 'objectClass: person', 'objectClass: organizationalPerson', 'objectClass: user', 'objectClass: computer', 'cn: PC01', 'sAMAccountName: PC01$', `objectGUID:: ${b64(3)}`, '',
        `dn: CN=Vendor,${STAFF}`, 'objectClass: top', 'objectClass: person', 'objectClass: organizationalPerson', 'objectClass: contact', 'cn: Vendor', `objectGUID:: ${b64(4)}`, '',
        `dn: CN=Team,${GROUPS}`, 'objectClass: top', 'objectClass: group', 'cn: Team', 'sAMAccountName: Team', 'groupType: -2147483646', `member: CN=Jane Doe,${STAFF}`, `objectGUID:: ${b64(5)}`, '',
      ].join('\n'),
    );
    const s = await readSource(new LdifSource(file), { ous: [STAFF, GROUPS] }, h.mapping);
    expect(s.complete).toBe(true);
    expect(s.users.map((u) => [u.dn, u.anchor])).toEqual([
      [`CN=Jane Doe,${STAFF}`, b64(1)],
      [`CN=Ian Org,${STAFF}`, b64(2)],
    ]);
    expect(s.groups.map((g) => [g.dn, g.members])).toEqual([[`CN=Team,${GROUPS}`, [`CN=Jane Doe,${STAFF}`]]]);
    expect(s.counts).toMatchObject({ read: 3, users: 2, groups: 1, excluded: 0, byOu: { [STAFF]: 2, [GROUPS]: 1 } });
  });

  it('reads the members of the groups that matter only', async () => {
    const h = setup();
    await h.sync();
    const unrelated = h.graph.addGroup({ displayName: 'Cloud Project', mailNickname: 'project' }, ['u1']);
    const { source, state } = await h.read();
    const cloud = await readCloud(h.graph, { targets: mappedTargets(h.mapping), membersOf: groupsToRead(state, source) });
    expect(cloud.groups.find((g) => g.id === unrelated.id)!.members).toBeUndefined();
    expect(cloud.groups.find((g) => g.displayName === 'Retail Team')!.members).toHaveLength(2);
    expect(plan(source, cloud, state).operations).toEqual([]);
  });
});
