/**
 * End to end, as Microsoft's cloud sync does it: the emulator's cloud sync job reads the Samba
 * DC over LDAPS (the seed's LDAP source, scoped to this test's OU), its cycles write to the
 * tenant and leave GUID-only provisioning records, and `cloudsync logs cloud` (a subprocess with
 * the AD connection configured) names every object by DN and UPN / name, counts each cycle,
 * filters, explains a uniqueness conflict by naming the holder, and announces the TooManyDeletes
 * quarantine until a restart with ForceDeletes lets the deletes through. The tests build on each
 * other, in order.
 */
import { randomBytes } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { Attribute, Change } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type RawResponse, type TestEmulator } from '../support/emulator.js';
import { addGroup, addUser, adEnv, adminClient, cliLdapEnv, withTestOu } from './ad-env.js';
import { runMain, type MainResult } from '../support/run-main.js';

const env = adEnv();
const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const DOMAIN = 'corp.example.test';
const JOB_NAME = `${DOMAIN}/AD2AADProvisioning`;
const PASSWORD_ENV = 'CSE2E_LDAP_PASSWORD';

type Row = Record<string, string>;

describe.skipIf(!env)('cloud sync cycles from the Samba DC, then `cloudsync logs cloud`', () => {
  const r = randomBytes(3).toString('hex');
  const upn = (n: string): string => `${n}.${r}@${DOMAIN}`;
  const people: Record<string, { cn: string; upn: string; dn: string }> = {};
  let ou: { dn: string; cleanup: () => Promise<void> };
  let scope: string;
  let outside: string;
  let groupDn: string;
  let emu: TestEmulator;
  let token: string;
  let spId: string;
  let jobId: string;
  let cli: Record<string, string>;

  const graph = async (method: string, path: string, body?: unknown): Promise<RawResponse> =>
    emu.request(path, { method, headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const jobPath = (suffix = ''): string => `/beta/servicePrincipals/${spId}/synchronization/jobs/${jobId}${suffix}`;
  const cycle = async (): Promise<{ status: { code: string; quarantine: { reason: string } | null; lastExecution: { countImported: number } | null }; records: number }> => {
    const res = await emu.request(`/_emulator/sync/jobs/${encodeURIComponent(jobId)}/cycle`, { method: 'POST', body: '{}' });
    expect(res.status, res.text).toBe(200);
    return res.json;
  };
  const cloudUser = async (u: string): Promise<{ id: string; department?: string } | undefined> =>
    (await graph('GET', `/v1.0/users?$filter=${encodeURIComponent(`userPrincipalName eq '${u}'`)}&$select=id,department`)).json.value[0];
  const logs = (args: readonly string[]): Promise<MainResult> => runMain(['logs', 'cloud', '--since', '1h', ...args], { env: cli });
  const csv = async (args: readonly string[]): Promise<Row[]> => {
    const res = await logs([...args, '-o', 'csv']);
    expect(res.code, res.stderr).toBe(0);
    return res.stdout.trim() === '' ? [] : (parse(res.stdout, { columns: true }) as Row[]);
  };
  const summaries = (table: string): string[] => table.split('\n').filter((l) => l.startsWith('cycle '));
  const lastCycle = (rows: readonly Row[]): Row[] => {
    const last = rows.map((x) => x.cycleStart!).sort().at(-1);
    return rows.filter((x) => x.cycleStart === last);
  };
  /** One record line of the table: "  HH:MM:SS  action  status  label  DN". */
  const recordLines = (table: string): string[] => table.split('\n').filter((l) => /^ {2}\d{2}:\d{2}:\d{2} {2}/.test(l));
  const move = async (who: string, parent: string): Promise<void> => {
    const p = people[who]!;
    const to = `CN=${p.cn},${parent}`;
    await (await adminClient()).modifyDN(p.dn, to);
    p.dn = to;
  };
  /** Every row names its object by "Name <upn>" (users) or the group's name, and by its DN. */
  const expectNamed = (rows: readonly Row[]): void => {
    for (const row of rows) {
      expect(row.object).not.toMatch(GUID);
      expect(row.sourceDn).not.toBe('');
      const who = Object.values(people).find((p) => p.dn.toLowerCase() === row.sourceDn!.toLowerCase());
      if (who !== undefined) expect(row.object).toBe(`${who.cn} <${who.upn}>`);
      else {
        expect(row.sourceDn!.toLowerCase()).toBe(groupDn.toLowerCase());
        expect(row.object).toBe('Pilot Group');
      }
    }
  };

  beforeAll(async () => {
    ou = await withTestOu('cse2e');
    scope = `OU=scope,${ou.dn}`;
    outside = `OU=outside,${ou.dn}`;
    const c = await adminClient();
    await c.add(scope, { objectClass: ['top', 'organizationalUnit'] });
    await c.add(outside, { objectClass: ['top', 'organizationalUnit'] });
    const add = async (key: string, cn: string, attrs: Record<string, string> = {}): Promise<void> => {
      const dn = await addUser(scope, cn, { userPrincipalName: upn(key), displayName: cn, department: 'Sales', ...attrs });
      people[key] = { cn, upn: upn(key), dn };
    };
    await add('anna', 'Anna Lind');
    await add('ben', 'Ben Okafor');
    await add('carl', 'Carl Varga');
    await add('dora', 'Dora Quist');
    // Its mail is a secondary address of a cloud-only user with another UPN and primary address: no soft match, a uniqueness conflict.
    await add('dup', 'Dup Mailbox', { mail: upn('shared') });
    groupDn = await addGroup(scope, 'Pilot Group', [people.anna!.dn], { groupType: '-2147483646' });

    emu = await startTestEmulator({
      domains: [DOMAIN],
      throttle: { scale: 20 },
      seed: {
        users: [{ userPrincipalName: upn('holder'), displayName: 'Holder Cloudonly', mail: upn('holder'), proxyAddresses: [`SMTP:${upn('holder')}`, `smtp:${upn('shared')}`] }],
        cloudSync: {
          configurations: [
            {
              domain: DOMAIN,
              scope: { ous: [scope] },
              source: { ldap: { urls: [env!.url], bindDn: env!.bindDn, passwordEnv: PASSWORD_ENV, baseDn: env!.baseDn, ...(env!.caFile !== undefined ? { caFile: env!.caFile } : {}) } },
            },
          ],
        },
      },
      sync: { scheduler: false, env: { [PASSWORD_ENV]: env!.password } },
    });
    token = await emu.token();
    const sps = await graph('GET', `/beta/servicePrincipals?$filter=${encodeURIComponent("applicationTemplateId eq '1a4721b3-e57f-4451-ae87-ef078703ec94'")}`);
    spId = sps.json.value[0].id;
    jobId = (await graph('GET', `/beta/servicePrincipals/${spId}/synchronization/jobs`)).json.value.find((j: { templateId: string }) => j.templateId === 'AD2AADProvisioning').id;
    cli = { ...cliLdapEnv(), ...emu.env };
  });

  afterAll(async () => {
    await ou?.cleanup();
    await emu?.close();
  });

  it('cycle 1 reads the OU over LDAP and creates its users and group in the tenant', async () => {
    const res = await cycle();
    expect(res.status.code).toBe('Active');
    expect(res.records).toBe(6);
    for (const k of ['anna', 'ben', 'carl', 'dora']) expect(await cloudUser(people[k]!.upn), k).toBeDefined();
    expect(await cloudUser(people.dup!.upn)).toBeUndefined();
    const groups = (await graph('GET', `/v1.0/groups?$filter=${encodeURIComponent("displayName eq 'Pilot Group'")}&$select=id`)).json.value;
    expect(groups).toHaveLength(1);
    const members = (await graph('GET', `/v1.0/groups/${groups[0].id}/members?$select=userPrincipalName`)).json.value;
    expect(members.map((m: { userPrincipalName: string }) => m.userPrincipalName)).toEqual([people.anna!.upn]);
  });

  it('logs cloud names every record by DN and name / UPN, no GUID; the summary counts what the cycle did', async () => {
    const table = await logs([]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stderr).not.toMatch(/warning|AD names/i);
    expect(table.stdout).not.toMatch(GUID);
    expect(summaries(table.stdout)).toEqual([expect.stringMatching(new RegExp(`^cycle (\\d{4}-\\d{2}-\\d{2} )?\\d{2}:\\d{2}:\\d{2} ${JOB_NAME.replace(/\./g, '\\.')}: 5 created, 1 failed$`))]);
    const lines = recordLines(table.stdout);
    expect(lines).toHaveLength(6);
    for (const l of lines) expect(l).toMatch(/CN=[^,]+,OU=scope,OU=t-cse2e-/i);
    // The group's member is named too.
    expect(table.stdout).toContain(`members: (none) → ${people.anna!.upn}`);

    const rows = await csv([]);
    expect(rows).toHaveLength(6);
    expectNamed(rows);
    expect(rows.filter((x) => x.action === 'create' && x.status === 'success')).toHaveLength(5);
  });

  it('--user finds a person by a fragment of the UPN or DN in another case', async () => {
    const byUpn = await csv(['--user', `ANNA.${r.toUpperCase()}`]);
    expect(byUpn.map((x) => x.object)).toEqual([`Anna Lind <${people.anna!.upn}>`]);
    const byDn = await csv(['--user', 'cn=carl varga,ou=SCOPE']);
    expect(byDn.map((x) => x.object)).toEqual([`Carl Varga <${people.carl!.upn}>`]);
  });

  it('the uniqueness conflict: the record fails with AttributeValueMustBeUnique and logs cloud names the holder', async () => {
    const table = await logs(['--error-code', 'AttributeValueMustBeUnique']);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).not.toMatch(GUID);
    const lines = recordLines(table.stdout);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`create +FAILED +Dup Mailbox <${people.dup!.upn.replace(/\./g, '\\.')}>`));
    expect(table.stdout).toMatch(/AttributeValueMustBeUnique: /);
    expect(table.stdout).toMatch(new RegExp(`(mail|proxyAddresses) (smtp:)?${upn('shared').replace(/\./g, '\\.')} is held by user Holder Cloudonly <${upn('holder').replace(/\./g, '\\.')}>`, 'i'));
    const [row] = await csv(['--status', 'failure']);
    expect(row).toMatchObject({ errorCode: 'AttributeValueMustBeUnique', object: `Dup Mailbox <${people.dup!.upn}>`, sourceDn: people.dup!.dn });
    expect(row!.explanation).toContain(`held by user Holder Cloudonly <${upn('holder')}>`);
  });

  it('cycle 2 after changes in AD: update old → new, delete of the user moved out, create of the new one', async () => {
    await (await adminClient()).modify(people.anna!.dn, new Change({ operation: 'replace', modification: new Attribute({ type: 'department', values: ['Marketing'] }) }));
    await move('ben', outside);
    const erin = await addUser(scope, 'Erin Moss', { userPrincipalName: upn('erin'), displayName: 'Erin Moss', department: 'Sales' });
    people.erin = { cn: 'Erin Moss', upn: upn('erin'), dn: erin };
    const res = await cycle();
    expect(res.status.code).toBe('Active');
    expect((await cloudUser(people.anna!.upn))?.department).toBe('Marketing');
    expect(await cloudUser(people.ben!.upn)).toBeUndefined();
    expect(await cloudUser(people.erin.upn)).toBeDefined();

    const table = await logs([]);
    expect(table.stdout).not.toMatch(GUID);
    expect(summaries(table.stdout).at(-1)).toMatch(/: 1 created, 1 updated, 1 deleted, 1 failed$/);
    const rows = lastCycle(await csv([]));
    expect(rows).toHaveLength(4);
    expectNamed(rows.map((x) => ({ ...x, object: x.object!.replace(/ \(deleted\)$/, '') })));
    const by = (action: string): Row | undefined => rows.find((x) => x.action === action && x.status === 'success');
    expect(by('update')).toMatchObject({ object: `Anna Lind <${people.anna!.upn}>`, changes: 'department: Sales → Marketing' });
    // Ben is named from AD at his new DN, and from deleted items.
    expect(by('delete')).toMatchObject({ object: `Ben Okafor <${people.ben!.upn}> (deleted)`, sourceDn: people.ben!.dn });
    expect(by('create')).toMatchObject({ object: `Erin Moss <${people.erin.upn}>`, sourceDn: erin });
    expect(by('create')!.changes).toContain(`userPrincipalName: (none) → ${people.erin.upn}`);

    const filtered = await csv(['--action', 'update', '--attribute', 'DEPARTMENT']);
    expect(filtered.map((x) => [x.object, x.changes])).toEqual([[`Anna Lind <${people.anna!.upn}>`, 'department: Sales → Marketing']]);
    expect(await csv(['--action', 'update', '--attribute', 'jobTitle'])).toEqual([]);
  });

  it('cloudsync job status reads the job the cycles ran (when the command exists)', async (ctx) => {
    const res = await runMain(['job', 'status', '--job', DOMAIN, '-o', 'json'], { env: emu.env });
    if (/unknown command|not a command/i.test(res.stderr)) ctx.skip();
    // The last cycle: 1 create, 1 update and 1 delete exported, the conflicting create escrowed:
    // object-level errors, a warning, exit 4 (docs/job.md).
    expect(res.code, res.stderr).toBe(4);
    expect(JSON.parse(res.stdout)).toMatchObject({ jobId, code: 'Active', health: 'warning', lastRun: { state: 'EntryLevelErrors', exported: 3, escrowed: 1 } });
  });

  it('more deletes than the threshold: quarantine TooManyDeletes, staged records, nothing deleted; ForceDeletes lets them through', async () => {
    const patch = await graph('PATCH', jobPath(), { synchronizationJobSettings: [{ name: 'DeleteThresholdValue', value: '2' }] });
    expect(patch.status, patch.text).toBe(204);
    for (const k of ['carl', 'dora', 'erin']) await move(k, outside);
    const held = await cycle();
    expect(held.status.code).toBe('Quarantine');
    expect(held.status.quarantine?.reason).toBe('TooManyDeletes');
    // The held cycle still imported its changes: three users gone from the scope and the conflicting one.
    expect(held.status.lastExecution?.countImported).toBe(4);
    for (const k of ['carl', 'dora', 'erin']) expect(await cloudUser(people[k]!.upn), k).toBeDefined();

    const table = await logs([]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).not.toMatch(GUID);
    const head = table.stdout.split('\n').slice(0, 4).join('\n');
    expect(head).toMatch(new RegExp(`^QUARANTINE ${JOB_NAME.replace(/\./g, '\\.')} since .*\\(TooManyDeletes\\): a cycle would have deleted at least as many objects as the accidental-delete threshold allows`));
    expect(head).toMatch(/error: TooManyDeletes: The job would delete 3 objects/);
    expect(head).toMatch(/→ .*if they are intended: cloudsync job restart --reset force-deletes/);
    expect(summaries(table.stdout).at(-1)).toMatch(/: 3 staged for deletion/);
    const staged = await csv(['--action', 'stagedDelete']);
    expect(staged).toHaveLength(3);
    expectNamed(staged);
    expect(staged.map((x) => x.object).sort()).toEqual(['carl', 'dora', 'erin'].map((k) => `${people[k]!.cn} <${people[k]!.upn}>`).sort());
    for (const x of staged) {
      expect(x.status).toBe('skipped');
      expect(x.explanation).toMatch(/^the delete is staged: .*TooManyDeletes.*`cloudsync job restart --reset force-deletes`/);
    }

    const status = await runMain(['job', 'status', '--job', DOMAIN], { env: emu.env });
    if (!/unknown command|not a command/i.test(status.stderr)) expect(status.stdout).toContain('TooManyDeletes');

    const restart = await graph('POST', jobPath('/restart'), { criteria: { resetScope: 'ForceDeletes' } });
    expect(restart.status, restart.text).toBe(204);
    const forced = await cycle();
    expect(forced.status.code).toBe('Active');
    expect(forced.status.quarantine).toBeNull();
    for (const k of ['carl', 'dora', 'erin']) expect(await cloudUser(people[k]!.upn), k).toBeUndefined();
    expect(await cloudUser(people.anna!.upn)).toBeDefined();

    const after = await logs([]);
    expect(after.stdout).not.toMatch(/^QUARANTINE/m);
    expect(summaries(after.stdout).at(-1)).toMatch(/: 3 deleted, 1 failed$/);
    const deleted = lastCycle(await csv([])).filter((x) => x.action === 'delete');
    expect(deleted.map((x) => x.object).sort()).toEqual(['carl', 'dora', 'erin'].map((k) => `${people[k]!.cn} <${people[k]!.upn}> (deleted)`).sort());
  });
});
