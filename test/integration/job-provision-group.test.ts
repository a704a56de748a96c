/**
 * `cloudsync job provision <group> --member …` against the emulator with an LDIF source: the
 * service provisions the group and its named direct members, adds them to the cloud group, says
 * why a named DN that is not a member (or is out of scope) is left out, and a repeat changes nothing.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { REPO, runCli } from './cli.js';

const LDIF = join(REPO, 'test/fixtures/job-provision-group.ldif');
const dn = (cn: string, ou = 'Pod'): string => `CN=${cn},OU=${ou},DC=contoso,DC=com`;
const GROUP = dn('Pod Pilot');
const ANN = dn('Ann Archer');
const BEN = dn('Ben Baker');
const CAL = dn('Cal Carter');
const DORA = dn('Dora Dunn', 'Outside');

interface Step {
  name: string;
  type: string;
  status: string;
  description: string;
  details: Record<string, string>;
}
interface Answer {
  result: string;
  action: string;
  provisioningSteps: Step[];
  modifiedProperties: Array<{ displayName: string; oldValue: string | null; newValue: string | null }>;
  targetIdentity: { id: string };
}
interface Stats {
  writes: Array<{ method: string; path: string; status: number }>;
}

describe('cloudsync job provision: a group with its members', () => {
  let emu: TestEmulator;
  let auth: Record<string, string>;
  const get = async <T>(path: string): Promise<T> => (await emu.request(path, { headers: auth })).json as T;
  const userId = async (upn: string): Promise<string | undefined> =>
    (await get<{ value: Array<{ id: string }> }>(`/v1.0/users?$filter=${encodeURIComponent(`userPrincipalName eq '${upn}'`)}&$select=id`)).value[0]?.id;
  const writes = async (): Promise<Stats['writes']> => (await emu.request('/_emulator/stats')).json.writes as Stats['writes'];
  const provision = (...extra: string[]) => runCli(['job', 'provision', GROUP, '--member', ANN, '--member', BEN, '--member', CAL, '--member', DORA, '--type', 'group', ...extra], { env: emu.env });

  beforeAll(async () => {
    emu = await startTestEmulator({
      domains: ['contoso.com'],
      throttle: { enabled: false },
      sync: { scheduler: false },
      seed: { cloudSync: { configurations: [{ domain: 'contoso.com', scope: { ous: ['OU=Pod,DC=contoso,DC=com'] }, source: { ldif: LDIF } }] } },
    });
    auth = { authorization: `Bearer ${await emu.token()}` };
  });
  afterAll(async () => {
    await emu?.close();
  });

  it('creates the group and its in-scope direct members, adds them, and reports the others', async () => {
    const r = await provision('-o', 'json');
    expect(r.code, r.stderr).toBe(0);
    const a = JSON.parse(r.stdout) as Answer;
    expect(a.result, r.stdout).toBe('Success');
    expect(a.action).toBe('Create');

    const groupId = a.targetIdentity.id;
    const ann = await userId('ann.archer@contoso.com');
    const ben = await userId('ben.baker@contoso.com');
    expect(ann).toBeDefined();
    expect(ben).toBeDefined();
    // Neither the non-member nor the out-of-scope member is provisioned.
    expect(await userId('cal.carter@contoso.com')).toBeUndefined();
    expect(await userId('dora.dunn@contoso.com')).toBeUndefined();
    const members = await get<{ value: Array<{ id: string }> }>(`/v1.0/groups/${groupId}/members?$select=id`);
    expect(members.value.map((m) => m.id).sort()).toEqual([ann, ben].sort());
    // The adds went through Graph (so the repeat's "no write" check below can see writes).
    expect((await writes()).filter((w) => w.path === `/groups/${groupId}/members/$ref`)).toHaveLength(2);

    const refs = a.provisioningSteps.filter((s) => s.type === 'ReferenceResolution');
    const byDn = new Map(refs.map((s) => [s.details.DistinguishedName, s]));
    expect(byDn.get(ANN)).toMatchObject({ status: 'Success', details: { Membership: 'Added', TargetObjectId: ann } });
    expect(byDn.get(BEN)).toMatchObject({ status: 'Success', details: { Membership: 'Added', TargetObjectId: ben } });
    expect(byDn.get(CAL)).toMatchObject({ status: 'Skipped', details: { Membership: 'Skipped' } });
    expect(byDn.get(CAL)!.description).toContain('not a member of the group');
    expect(byDn.get(DORA)).toMatchObject({ status: 'Skipped' });
    expect(byDn.get(DORA)!.description).toContain('out of scope');
    const members_ = a.modifiedProperties.find((p) => p.displayName === 'members');
    expect(members_?.newValue?.split(', ').sort()).toEqual([ann, ben].sort());
    expect(a.provisioningSteps.at(-1)).toMatchObject({ type: 'Export', status: 'Success' });
    expect(a.provisioningSteps.at(-1)!.description).toContain('2 members added');

    // The provisioning logs: one record for the group with the member adds, one per member provisioned.
    const logs = await get<{ value: Array<{ provisioningAction: string; sourceIdentity: { identityType: string; details: Record<string, string> }; targetIdentity: { id: string }; modifiedProperties: Array<{ displayName: string; newValue: string | null }> }> }>('/beta/auditLogs/provisioning?$top=100');
    const group = logs.value.filter((x) => x.sourceIdentity.details.DistinguishedName === GROUP);
    expect(group).toHaveLength(1);
    expect(group[0]!.modifiedProperties.find((p) => p.displayName === 'members')?.newValue?.split(', ').sort()).toEqual([ann, ben].sort());
    const people = logs.value.filter((x) => x.sourceIdentity.identityType === 'User');
    expect(people.map((x) => x.sourceIdentity.details.DistinguishedName).sort()).toEqual([ANN, BEN, DORA].sort());
    expect(people.filter((x) => x.provisioningAction === 'create').map((x) => x.targetIdentity.id).sort()).toEqual([ann, ben].sort());
  });

  it('shows the membership steps in the table view; a repeat is Skipped and writes nothing', async () => {
    const before = (await writes()).length;
    const r = await provision();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/result Skipped/);
    expect(r.stdout).toMatch(/\d\. Resolve references\s+Skipped\s+\(EntryReferenceResolution\)/);
    expect(r.stdout).toContain(`Member '${ANN}'`);
    expect(r.stdout).toContain('already a member of the group in Entra ID');
    expect(r.stdout).toMatch(/Membership\s+│\s+AlreadyMember/);
    expect(r.stdout).toContain(`Member '${CAL}': not a member of the group`);
    expect(r.stdout).toMatch(/Perform action\s+Skipped\s+\(EntrySynchronizationSkip\)/);
    expect(r.stdout).toContain('RedundantExport');
    // Only the provisionOnDemand call itself: no Graph write behind it.
    const after = await writes();
    expect(after.slice(before).filter((w) => !w.path.endsWith('/provisionOnDemand'))).toEqual([]);
  });
});
