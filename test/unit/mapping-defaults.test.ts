/** The default AD → Entra mappings applied to realistic AD objects, and configuration overrides. */
import { describe, expect, it } from 'vitest';
import { CloudsyncError } from '../../src/errors.js';
import { makeObject, type AttributeValue } from '../../src/directory/types.js';
import {
  DEFAULT_GROUP_MAPPING,
  DEFAULT_USER_MAPPING,
  IGNORE_FLOW,
  applyMapping,
  compileMapping,
  objectContext,
  type MappedAttribute,
} from '../../src/sync/mapping/index.js';

const GUID = Buffer.from('8f1c926ea45b2d4c8a1e5b337c2a9f10', 'hex');

function adUser(overrides: Record<string, AttributeValue | AttributeValue[]> = {}) {
  return makeObject('CN=Zoë Müller,OU=Staff,DC=contoso,DC=com', {
    objectClass: ['top', 'person', 'organizationalPerson', 'user'],
    cn: 'Zoë Müller',
    displayName: 'Zoë Müller',
    givenName: ' Zoë ',
    sn: 'Müller',
    sAMAccountName: 'zmueller',
    userPrincipalName: 'zoe.mueller@contoso.com',
    mail: 'zoe.mueller@contoso.com',
    proxyAddresses: ['SMTP:zoe.mueller@contoso.com', 'smtp:zm@contoso.com'],
    userAccountControl: '514',
    department: 'Sales',
    title: 'Account Manager',
    company: 'Contoso',
    physicalDeliveryOfficeName: 'Berlin 3.14',
    streetAddress: 'Unter den Linden 1',
    l: 'Berlin',
    st: 'BE',
    postalCode: '10117',
    co: 'Germany',
    c: 'DE',
    telephoneNumber: '+49 30 1234567',
    mobile: '+49 170 1234567',
    facsimileTelephoneNumber: '+49 30 1234568',
    employeeID: '004711',
    employeeType: 'Employee',
    manager: 'CN=Boss,OU=Staff,DC=contoso,DC=com',
    objectGUID: GUID,
    extensionAttribute1: ' cost-center-42 ',
    extensionAttribute15: 'EU',
    ...overrides,
  });
}

const asRecord = (list: MappedAttribute[]) => Object.fromEntries(list.map((a) => [a.target, a.value]));

async function mapUser(attrs: Record<string, AttributeValue | AttributeValue[]> = {}, overrides: Record<string, string | null> = {}) {
  return applyMapping(compileMapping(DEFAULT_USER_MAPPING, overrides), objectContext(adUser(attrs)));
}

describe('DEFAULT_USER_MAPPING on an AD user', () => {
  it('gives the Graph property values', async () => {
    const list = await mapUser();
    expect(list.every((a) => a.error === undefined)).toBe(true);
    const v = asRecord(list);
    expect(v).toMatchObject({
      accountEnabled: false, // userAccountControl 514 = NORMAL_ACCOUNT | ACCOUNTDISABLE
      displayName: 'Zoë Müller',
      givenName: 'Zoë',
      surname: 'Müller',
      userPrincipalName: 'zoe.mueller@contoso.com',
      mail: 'zoe.mueller@contoso.com',
      mailNickname: 'zmueller',
      department: 'Sales',
      jobTitle: 'Account Manager',
      companyName: 'Contoso',
      officeLocation: 'Berlin 3.14',
      streetAddress: 'Unter den Linden 1',
      city: 'Berlin',
      state: 'BE',
      postalCode: '10117',
      country: 'Germany',
      usageLocation: 'DE',
      businessPhones: ['+49 30 1234567'],
      mobilePhone: '+49 170 1234567',
      faxNumber: '+49 30 1234568',
      employeeId: '004711',
      employeeType: 'Employee',
      manager: 'CN=Boss,OU=Staff,DC=contoso,DC=com',
      onPremisesImmutableId: 'jxySbqRbLUyKHlszfCqfEA==',
      'onPremisesExtensionAttributes.extensionAttribute1': 'cost-center-42',
      'onPremisesExtensionAttributes.extensionAttribute2': null,
      'onPremisesExtensionAttributes.extensionAttribute15': 'EU',
      preferredLanguage: null,
    });
    expect(list.find((a) => a.target === 'manager')?.reference).toBe(true);
    expect(list.filter((a) => a.target.startsWith('onPremisesExtensionAttributes.'))).toHaveLength(15);
  });

  it('accountEnabled follows bit 2 of userAccountControl, and Not([accountDisabled]) without it', async () => {
    expect(asRecord(await mapUser({ userAccountControl: '512' })).accountEnabled).toBe(true);
    expect(asRecord(await mapUser({ userAccountControl: '66050' })).accountEnabled).toBe(false);
    const noUac = makeObject('CN=x', { cn: 'x' });
    const list = await applyMapping(compileMapping(DEFAULT_USER_MAPPING, {}), objectContext(noUac));
    expect(asRecord(list).accountEnabled).toBe(true);
  });

  it('falls back to cn, to sAMAccountName for mailNickname, and to objectGUID for the anchor', async () => {
    const v = asRecord(await mapUser({ displayName: [], sAMAccountName: 'Jörg Weiß (ext)' }));
    expect(v.displayName).toBe('Zoë Müller');
    expect(v.mailNickname).toBe('JorgWeissext');
    const consistency = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
    const anchored = asRecord(await mapUser({ 'mS-DS-ConsistencyGuid': consistency, mailNickname: 'zoe' }));
    expect(anchored.onPremisesImmutableId).toBe(consistency.toString('base64'));
    expect(anchored.mailNickname).toBe('zoe');
  });

  it('absent attributes clear their property; an empty collection clears businessPhones', async () => {
    const v = asRecord(await mapUser({ department: [], telephoneNumber: [], title: '   ' }));
    expect(v.department).toBeNull();
    expect(v.jobTitle).toBeNull();
    expect(v.businessPhones).toEqual([]);
  });

  it('updates leave out the create-only mappings', async () => {
    const m = compileMapping(DEFAULT_USER_MAPPING, {});
    const ctx = objectContext(adUser());
    expect((await applyMapping(m, ctx)).some((a) => a.target === 'onPremisesImmutableId')).toBe(true);
    expect((await applyMapping(m, ctx, { operation: 'update' })).some((a) => a.target === 'onPremisesImmutableId')).toBe(false);
  });
});

describe('DEFAULT_GROUP_MAPPING on AD groups', () => {
  const group = (attrs: Record<string, AttributeValue | AttributeValue[]>) =>
    applyMapping(
      compileMapping(DEFAULT_GROUP_MAPPING, {}),
      objectContext(makeObject('CN=Sales Team,OU=Groups,DC=contoso,DC=com', { objectClass: ['top', 'group'], cn: 'Sales Team', ...attrs })),
    ).then(asRecord);

  it('a global security group', async () => {
    expect(await group({ groupType: '-2147483646', sAMAccountName: 'Sales Team', description: 'All of sales' })).toEqual({
      displayName: 'Sales Team',
      description: 'All of sales',
      mailNickname: 'SalesTeam',
      securityEnabled: true,
      mailEnabled: false,
    });
  });

  it('a distribution group is not security-enabled; long descriptions are cut at 448', async () => {
    const v = await group({ groupType: '8', sAMAccountName: 'sales-dl', displayName: 'Sales DL', description: 'x'.repeat(500) });
    expect(v.securityEnabled).toBe(false);
    expect(v.displayName).toBe('Sales DL');
    expect((v.description as string).length).toBe(448);
  });
});

describe('compileMapping overrides (sync.mapping.user in cloudsync.config.json)', () => {
  it('replaces a target, matching its name case-insensitively', async () => {
    const v = asRecord(await mapUser({}, { DisplayName: 'Join(" ", [givenName], [sn])' }));
    expect(v.displayName).toBe(' Zoë  Müller');
    expect(Object.keys(v).filter((k) => k.toLowerCase() === 'displayname')).toEqual(['displayName']);
  });

  it('null removes a target; a new target is added with its Graph type', async () => {
    const list = await mapUser({ whenCreated: '20240115093005.0Z' }, { usageLocation: null, employeeHireDate: 'CDate([whenCreated])' });
    const v = asRecord(list);
    expect('usageLocation' in v).toBe(false);
    expect(v.employeeHireDate).toBe('2024-01-15T09:30:05Z');
  });

  it('IgnoreFlowIfNullOrEmpty leaves the property unwritten', async () => {
    const v = asRecord(await mapUser({ department: [] }, { department: 'IgnoreFlowIfNullOrEmpty([department])' }));
    expect(v.department).toBe(IGNORE_FLOW);
  });

  it('a bad expression names the target and the column', () => {
    let err: unknown;
    try {
      compileMapping(DEFAULT_USER_MAPPING, { displayName: 'Join(" ", [givenName], [sn]' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CloudsyncError);
    const e = err as CloudsyncError;
    expect(e.kind).toBe('config');
    expect(e.message).toBe(`mapping for displayName: expression Join(" ", [givenName], [sn]: column 5: unbalanced brackets: 'Join(' is never closed`);
    expect(e.detail).toBe('Join(" ", [givenName], [sn]\n    ^');
  });

  it('rejects target names that are not Graph property names', () => {
    expect(() => compileMapping(DEFAULT_USER_MAPPING, { 'display name': '[cn]' })).toThrow(/is not a Graph property name/);
  });

  it('an evaluation error marks its attribute and leaves the others', async () => {
    const list = await mapUser({}, { mail: 'Item([proxyAddresses], 5)', jobTitle: '[proxyAddresses]' });
    const mail = list.find((a) => a.target === 'mail')!;
    expect(mail.value).toBe(IGNORE_FLOW);
    expect(mail.error).toMatch(/column 1: Item: index 5 is out of range/);
    expect(list.find((a) => a.target === 'jobTitle')!.error).toMatch(/gave 2 values but jobTitle takes one/);
    expect(asRecord(list).department).toBe('Sales');
  });

  it('passes the target to SelectUniqueValue', async () => {
    const seen: string[] = [];
    const m = compileMapping(DEFAULT_USER_MAPPING, {
      userPrincipalName: 'SelectUniqueValue(Join("@", [sAMAccountName], "contoso.com"), Join("@", Join(".", [sAMAccountName], "2"), "contoso.com"))',
    });
    const ctx = objectContext(adUser(), {
      isUnique: async (value, target) => {
        seen.push(`${target}=${value}`);
        return value !== 'zmueller@contoso.com';
      },
    });
    expect(asRecord(await applyMapping(m, ctx)).userPrincipalName).toBe('zmueller.2@contoso.com');
    expect(seen).toEqual(['userPrincipalName=zmueller@contoso.com', 'userPrincipalName=zmueller.2@contoso.com']);
  });
});
