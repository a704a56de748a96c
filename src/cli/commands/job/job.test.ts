/**
 * `cloudsync job …` in process against the emulator's cloud sync service: list, status through its
 * life cycle (cycle, quarantine, TooManyDeletes), schedule, settings and the accidental-delete
 * threshold, schema export/import (and a rejected schema: no PUT), scope, start/pause/restart and
 * the refusals, provision on demand from an LDIF source (a user; a group with its members), a
 * missing permission. Throttled provisioning and provisioning from the test DC are in
 * test/integration/job-provision.test.ts.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../../../../test/support/emulator.js';
import { REPO, runMain } from '../../../../test/support/run-main.js';

const LDIF = join(REPO, 'examples/contoso.ldif');
const ADELE = 'CN=Adele Vance,OU=Sales,DC=contoso,DC=com';
const READER_ID = '3f8a3c52-7a1e-4c55-9d55-0b6c1a7e2d10';
const READER_SECRET = 'reader-secret-0123456789';

interface StatusJson {
  code: string;
  health: string;
  lastRun: { state: string; imported: number; exported: number } | null;
  quarantine: { reason: string; actions: string[]; nextAttempt: string | null; seriesCount: number } | null;
  synchronizedEntryCountByType: Record<string, number>;
}

describe('cloudsync job', () => {
  let emu: TestEmulator;
  let env: Record<string, string>;
  let jobId: string;
  const dir = mkdtempSync(join(tmpdir(), 'cloudsync-job-'));

  const cli = (...args: string[]) => runMain(['job', ...args], { env });
  const json = async <T>(...args: string[]): Promise<{ code: number; stderr: string; data: T }> => {
    const r = await cli(...args, '-o', 'json');
    try {
      return { code: r.code, stderr: r.stderr, data: JSON.parse(r.stdout) as T };
    } catch {
      throw new Error(`not JSON (exit ${r.code}): ${r.stdout}\n${r.stderr}`);
    }
  };
  const status = () => json<StatusJson>('status');
  const cycle = async () => {
    const r = await emu.request(`/_emulator/sync/jobs/${encodeURIComponent(jobId)}/cycle`, { method: 'POST' });
    expect(r.status, r.text).toBe(200);
  };
  /** Writes the emulator accepted to a synchronization path, as "METHOD last-segment". */
  const syncWrites = async (): Promise<string[]> => {
    const stats = (await emu.request('/_emulator/stats')).json as { writes: { method: string; path: string }[] };
    return stats.writes.filter((w) => w.path.includes('/synchronization')).map((w) => `${w.method} ${w.path.split('/').pop()}`);
  };

  beforeAll(async () => {
    emu = await startTestEmulator({
      domains: ['contoso.com'],
      throttle: { enabled: false },
      sync: { scheduler: false, source: LDIF },
      seed: { apps: [{ clientId: READER_ID, displayName: 'reader without sync', roles: ['Application.Read.All', 'User.Read.All'], secrets: [READER_SECRET] }] },
    });
    env = emu.env;
  });
  afterAll(async () => {
    await emu?.close();
  });

  it('list: the configuration, its job, status, schedule, never run, not quarantined', async () => {
    const { code, data } = await json<{ jobs: Array<{ domain: string; template: string; jobId: string; code: string; intervalMinutes: number; lastRun: unknown; quarantined: boolean }> }>('list');
    expect(code).toBe(0);
    expect(data.jobs).toHaveLength(1);
    expect(data.jobs[0]).toMatchObject({ domain: 'contoso.com', template: 'AD2AADProvisioning', code: 'NotRun', intervalMinutes: 2, lastRun: null, quarantined: false });
    jobId = data.jobs[0]!.jobId;
    expect(jobId).toMatch(/^AD2AADProvisioning\.[0-9a-f]{32}\.[0-9a-f-]{36}$/);
    const table = await cli('list');
    expect(table.stdout).toContain(jobId);
    expect(table.stdout).toMatch(/contoso\.com.*AD2AADProvisioning.*NotRun.*2 min.*never.*no/);
  });

  it('schedule: the ISO interval in minutes', async () => {
    const r = await cli('schedule', '--job', 'contoso.com');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('2 minutes (PT2M)');
    expect((await json<{ intervalMinutes: number; state: string }>('schedule')).data).toMatchObject({ intervalMinutes: 2, state: 'Active' });
  });

  it('provision: a user from the LDIF source, step by step, and -o json is the parsed answer', async () => {
    const r = await cli('provision', ADELE, '--from', LDIF);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/1\. Import user\s+Success/);
    expect(r.stdout).toMatch(/2\. Determine if user is in scope/);
    expect(r.stdout).toMatch(/3\. Match user between source and target/);
    expect(r.stdout).toMatch(/4\. Perform action/);
    expect(r.stdout).toContain('adelev@contoso.com');
    const users = (await emu.request(`/v1.0/users?$filter=${encodeURIComponent("userPrincipalName eq 'adelev@contoso.com'")}`, { headers: { authorization: `Bearer ${await emu.token()}` } })).json as { value: unknown[] };
    expect(users.value).toHaveLength(1);
    // Again: already in sync, Skipped with the reason, still exit 0; JSON has the double-decoded fields.
    const again = await json<{ result: string; provisioningSteps: Array<{ type: string; status: string }>; sourceIdentity: { id: string } }>('provision', ADELE, '--type', 'user');
    expect(again.code, again.stderr).toBe(0);
    expect(again.data.result).toBe('Skipped');
    expect(again.data.provisioningSteps.map((s) => s.status)).toContain('Skipped');
    expect(again.data.sourceIdentity.id).toBeTruthy();
  });

  it('provision refuses what it cannot send', async () => {
    const noType = await cli('provision', ADELE);
    expect(noType.code).toBe(2);
    expect(noType.stderr).toContain('give --type user|group');
    const six = Array.from({ length: 6 }, (_, i) => ['--member', `CN=M${i},OU=Sales,DC=contoso,DC=com`]).flat();
    const tooMany = await cli('provision', 'CN=Sales Team,OU=Groups,DC=contoso,DC=com', '--type', 'group', ...six);
    expect(tooMany.code).toBe(2);
    expect(tooMany.stderr).toContain('at most 5 members (6 given)');
  });

  it('status after a cycle: Active, last run with counts; its escrows are object-level errors: a warning, exit 4', async () => {
    await cycle();
    const { code, data } = await status();
    expect(code).toBe(4);
    expect(data.health).toBe('warning');
    expect(data.code).toBe('Active');
    expect(data.lastRun!.imported).toBeGreaterThan(0);
    expect(Object.values(data.synchronizedEntryCountByType).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    // The example's planted problems make some creates fail: only the users that exist in Entra are counted.
    const cycleStatus = (await json<{ lastRun: { escrowed: number } }>('status')).data;
    expect(cycleStatus.lastRun.escrowed).toBeGreaterThan(0);
    const users = (await emu.request('/v1.0/users?$select=id,onPremisesImmutableId&$top=999', { headers: { authorization: `Bearer ${await emu.token()}` } })).json as { value: Array<{ onPremisesImmutableId?: string | null }> };
    const synced = users.value.filter((u) => typeof u.onPremisesImmutableId === 'string').length;
    expect(synced).toBeGreaterThan(0);
    expect(data.synchronizedEntryCountByType['user to User']).toBe(synced);
  });

  it('status of a quarantined job explains the reason and exits 4; start clears it', async () => {
    const q = await emu.request(`/_emulator/sync/jobs/${encodeURIComponent(jobId)}/quarantine`, { method: 'POST', body: JSON.stringify({ reason: 'EncounteredEscrowProportionThreshold', message: 'too many failed exports' }), headers: { 'content-type': 'application/json' } });
    expect(q.status, q.text).toBe(200);
    const table = await cli('status');
    expect(table.code).toBe(4);
    expect(table.stdout).toContain('Quarantine: EncounteredEscrowProportionThreshold');
    expect(table.stdout).toContain('too many failed exports');
    expect(table.stdout).toContain('cloudsync job restart --reset escrows,quarantine');
    expect((await cli('list')).stdout).toContain('yes (EncounteredEscrowProportionThreshold)');
    const started = await cli('start');
    expect(started.code, started.stderr).toBe(0);
    expect(started.stdout).toMatch(/status\s+Active/);
    expect((await status()).data.quarantine).toBeNull();
  });

  it('pause and start change the status; a paused job needs attention (exit 4)', async () => {
    const paused = await cli('pause');
    expect(paused.code, paused.stderr).toBe(0);
    expect(paused.stdout).toMatch(/status\s+Paused/);
    expect((await status())).toMatchObject({ code: 4, data: { code: 'Paused' } });
    expect((await cli('start')).stdout).toMatch(/status\s+Active/);
  });

  it('restart: unknown reset is exit 2 naming the valid ones; a destructive reset without a terminal or --yes is refused, nothing sent', async () => {
    const before = (await syncWrites()).filter((w) => w.endsWith('restart')).length;
    const bad = await cli('restart', '--reset', 'watermark,everything');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('use watermark, escrows, quarantine, full, force-deletes');
    for (const args of [[], ['--reset', 'full'], ['--reset', 'watermark'], ['--reset', 'force-deletes']]) {
      const r = await cli('restart', ...args);
      expect(r.code, args.join(' ')).toBe(4);
      expect(r.stderr).toContain('needs --yes (no terminal to confirm on)');
      expect(r.stderr.trim().split('\n').filter((l) => l.includes('not sent'))).toHaveLength(1);
    }
    expect((await syncWrites()).filter((w) => w.endsWith('restart')).length).toBe(before);
    const safe = await cli('restart', '--reset', 'escrows,quarantine');
    expect(safe.code, safe.stderr).toBe(0);
    expect(safe.stderr).toContain('restarted (Escrows,QuarantineState)');
    expect(safe.stdout).toMatch(/status\s+Active/);
    const full = await cli('restart', '--yes');
    expect(full.code, full.stderr).toBe(0);
    expect((await syncWrites()).filter((w) => w.endsWith('restart')).length).toBe(before + 2);
  });

  it('settings and the accidental-delete threshold: refused without --yes, changed with it', async () => {
    const s = await json<{ deleteThreshold: { enabled: boolean; value: number }; settings: Array<{ name: string; value: string }> }>('settings');
    expect(s.code).toBe(0);
    expect(s.data.deleteThreshold).toMatchObject({ enabled: true, value: 500 });
    expect(s.data.settings.map((x) => x.name)).toContain('DeleteThresholdValue');
    const refused = await cli('threshold', '3');
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain('DeleteThresholdValue: 500 → 3');
    expect(refused.stderr).toContain('not sent: changing the settings of');
    expect(await syncWrites()).not.toContain('PUT secrets');
    const bad = await cli('settings', '--set', 'QuarantineTooManyDeletesThreshold=3', '--yes');
    expect(bad.code).toBe(2);
    const changed = await cli('threshold', '3', '--yes');
    expect(changed.code, changed.stderr).toBe(0);
    expect(changed.stdout).toContain('accidental-delete threshold: 3 deletes stop a cycle');
    expect(await syncWrites()).toContain('PUT secrets');
    expect((await json<{ deleteThreshold: { value: number } }>('settings')).data.deleteThreshold.value).toBe(3);
    // The PUT replaces every secret: notification recipients set once survive a later threshold change.
    expect((await cli('settings', '--set', 'Enabled=true', '--set', 'Recipients=ops@example.com', '--yes')).code).toBe(0);
    const again = await cli('threshold', '4', '--yes');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toMatch(/could not be read|masked/);
    const s2 = await json<{ deleteThreshold: { value: number }; notification?: { Recipients?: string } }>('settings');
    expect(s2.data.deleteThreshold.value).toBe(4);
    expect(JSON.stringify(s2.data)).toContain('ops@example.com');
  });

  it('schema: export → import round trip changes nothing; a bad schema is rejected before any PUT', async () => {
    const file = join(dir, 'schema.json');
    const out = await cli('schema', '--out', file);
    expect(out.code, out.stderr).toBe(0);
    const exported = JSON.parse(readFileSync(file, 'utf8')) as { synchronizationRules: Array<{ id: string; objectMappings: Array<{ attributeMappings: Array<Record<string, unknown>> }> }> };
    const round = await cli('schema', '--import', file);
    expect(round.code, round.stderr).toBe(0);
    expect(round.stdout).toContain('no changes against the current schema');
    expect(round.stderr).not.toContain('error');

    // Checked locally, before signing in: a mapping without its target attribute.
    const broken = structuredClone(exported);
    delete broken.synchronizationRules[0]!.objectMappings[0]!.attributeMappings[0]!.targetAttributeName;
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(broken, null, 2));
    const bad = await cli('schema', '--import', join(dir, 'bad.json'), '--yes');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('synchronizationRules[0].objectMappings[0].attributeMappings[0].targetAttributeName: required');
    expect(bad.stderr).toContain('1 error(s) in the schema: nothing was sent');
    expect(bad.stderr).not.toContain('warning');
    // Checked against the job's current schema: a rule the job does not have.
    const invented = structuredClone(exported);
    invented.synchronizationRules[0]!.id = 'not-a-rule-of-this-job';
    writeFileSync(join(dir, 'bad-rule.json'), JSON.stringify(invented, null, 2));
    const badRule = await cli('schema', '--import', join(dir, 'bad-rule.json'), '--yes');
    expect(badRule.code).toBe(2);
    expect(badRule.stderr).toContain(`rule id not-a-rule-of-this-job is not one of this job's rules (${exported.synchronizationRules[0]!.id})`);

    writeFileSync(join(dir, 'syntax.json'), '{\n  "version": "1",\n  "synchronizationRules": [,]\n}\n');
    const syntax = await cli('schema', '--import', join(dir, 'syntax.json'), '--yes');
    expect(syntax.code).toBe(2);
    expect(syntax.stderr).toMatch(/not valid JSON at line 3, column \d+/);
    expect(await syncWrites()).not.toContain('PUT schema');
  });

  it('schema import with a new scope, scope in words, then too many deletes quarantine the job; force-deletes lets them through', async () => {
    const file = join(dir, 'schema.json');
    const s = JSON.parse(readFileSync(file, 'utf8')) as { synchronizationRules: Array<{ objectMappings: Array<{ sourceObjectName: string; scope: unknown }> }> };
    for (const m of s.synchronizationRules[0]!.objectMappings) {
      if (m.sourceObjectName === 'user') m.scope = { inputFilterGroups: [{ name: 'Scoping filter', clauses: [{ operatorName: 'DN_IN_OU', sourceOperandName: 'distinguishedName', targetOperand: { values: ['OU=Sales,DC=contoso,DC=com'] } }] }], categoryFilterGroups: [], groups: [] };
    }
    writeFileSync(join(dir, 'sales.json'), JSON.stringify(s, null, 2));
    const refused = await cli('schema', '--import', join(dir, 'sales.json'));
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain('needs --yes (no terminal to confirm on)');
    expect(refused.stdout).toContain('~ object mapping "Provision Active Directory users": scope filter');
    const imported = await cli('schema', '--import', join(dir, 'sales.json'), '--yes');
    expect(imported.code, imported.stderr).toBe(0);
    expect(await syncWrites()).toContain('PUT schema');

    const scope = await cli('scope', '--object-type', 'user');
    expect(scope.code, scope.stderr).toBe(0);
    expect(scope.stdout).toContain('users in OU=Sales,DC=contoso,DC=com');
    expect((await cli('scope', '--object-type', 'group')).stdout).toContain('all groups of the domain');

    // Users outside Sales leave the scope: more deletes than the threshold of 3.
    await cycle();
    const q = await cli('status');
    expect(q.code).toBe(4);
    expect(q.stdout).toContain('Quarantine: TooManyDeletes');
    expect(q.stdout).toContain('cloudsync logs cloud --action stagedDelete');
    expect(q.stdout).toContain('cloudsync job restart --reset force-deletes');
    const force = await cli('restart', '--reset', 'force-deletes', '--yes');
    expect(force.code, force.stderr).toBe(0);
    await cycle();
    const after = await status();
    expect(after.code).toBe(0);
    expect(after.data).toMatchObject({ code: 'Active', quarantine: null });
  });

  it('service-account: lists the sync accounts (none here) without failing', async () => {
    const r = await json<unknown[]>('service-account');
    expect(r.code, r.stderr).toBe(0);
    expect(Array.isArray(r.data)).toBe(true);
  });

  it('an app without Synchronization.* gets a one-line error naming the permission (exit 3)', async () => {
    const r = await runMain(['job', 'list'], { env: { ...env, AZURE_CLIENT_ID: READER_ID, AZURE_CLIENT_SECRET: READER_SECRET } });
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('Synchronization.Read.All');
  });
});

/*
 * `cloudsync job provision <group> --member …` with an LDIF source: the service provisions the
 * group and its named direct members, adds them to the cloud group, says why a named DN that is
 * not a member (or is out of scope) is left out, and a repeat changes nothing.
 */
const GROUP_LDIF = join(REPO, 'test/fixtures/job-provision-group.ldif');
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
interface WriteStats {
  writes: Array<{ method: string; path: string; status: number }>;
}

describe('cloudsync job provision: a group with its members', () => {
  let emu: TestEmulator;
  let auth: Record<string, string>;
  const get = async <T>(path: string): Promise<T> => (await emu.request(path, { headers: auth })).json as T;
  const userId = async (upn: string): Promise<string | undefined> =>
    (await get<{ value: Array<{ id: string }> }>(`/v1.0/users?$filter=${encodeURIComponent(`userPrincipalName eq '${upn}'`)}&$select=id`)).value[0]?.id;
  const writes = async (): Promise<WriteStats['writes']> => (await emu.request('/_emulator/stats')).json.writes as WriteStats['writes'];
  const provision = (...extra: string[]) => runMain(['job', 'provision', GROUP, '--member', ANN, '--member', BEN, '--member', CAL, '--member', DORA, '--type', 'group', ...extra], { env: emu.env });

  beforeAll(async () => {
    emu = await startTestEmulator({
      domains: ['contoso.com'],
      throttle: { enabled: false },
      sync: { scheduler: false },
      seed: { cloudSync: { configurations: [{ domain: 'contoso.com', scope: { ous: ['OU=Pod,DC=contoso,DC=com'] }, source: { ldif: GROUP_LDIF } }] } },
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
