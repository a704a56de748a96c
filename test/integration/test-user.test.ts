/**
 * `cloudsync test-user <DN>` against the Samba DC and the emulator (CLI as a subprocess): the six
 * steps for a new user, the provisioningObjectSummary JSON, --apply with Graph's answer, a group
 * with member counts, and an out-of-scope object.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { addGroup, addUser, adEnv, withTestOu } from './ad-env.js';
import { runMain } from '../support/run-main.js';
import { stateDir, syncEnv, tenantView } from './sync-support.js';

const env = adEnv();

interface Summary {
  provisioningAction: string;
  provisioningStatusInfo: { status: string; errorInformation: unknown };
  provisioningSteps: { name: string; provisioningStepType: string; status: string; description: string; details: Record<string, string> }[];
  modifiedProperties: { displayName: string; oldValue: string | null; newValue: string | null }[];
  sourceIdentity: { identityType: string; details: Record<string, string> };
  targetIdentity: { id: string };
}

describe.skipIf(!env)('cloudsync test-user', () => {
  let ou: { dn: string; cleanup: () => Promise<void> };
  let emu: TestEmulator;
  let cli: Record<string, string>;
  const dn: Record<string, string> = {};

  beforeAll(async () => {
    emu = await startTestEmulator({ domains: ['corp.example.com'], throttle: { enabled: false } });
    ou = await withTestOu('testuser');
    dn.jane = await addUser(ou.dn, 'Jane Tester', { userPrincipalName: 'jane.tester@corp.example.com', displayName: 'Jane Tester', department: 'QA', mail: 'jane.tester@corp.example.com' }, 'Passw0rd!Sync1');
    dn.group = await addGroup(ou.dn, 'Testers', [dn.jane]);
    cli = syncEnv(emu, stateDir());
  });
  afterAll(async () => {
    await ou?.cleanup();
    await emu?.close();
  });

  it('shows the six steps for a new user and changes nothing (exit 4)', async () => {
    const r = await runMain(['test-user', dn.jane!, '--ou', ou.dn], { env: cli });
    expect(r.code, r.stderr).toBe(4);
    for (const step of ['1. Import', '2. Scope', '3. Validation', '4. Match', '5. Attribute flow', '6. Action']) expect(r.stdout).toContain(step);
    expect(r.stdout).toMatch(/in scope \(scope\.ou\)/);
    expect(r.stdout).toMatch(/department/);
    expect(r.stdout).toMatch(/create:/);
    expect(r.stdout).toContain('not applied: run again with --apply');
    expect((await tenantView(emu)).users['jane.tester@corp.example.com']).toBeUndefined();
  });

  it('--output json is a provisioningObjectSummary', async () => {
    const r = await runMain(['test-user', dn.jane!, '--ou', ou.dn, '-o', 'json'], { env: cli });
    expect(r.code, r.stderr).toBe(4);
    const s = JSON.parse(r.stdout) as Summary;
    expect(s.provisioningAction).toBe('create');
    expect(s.provisioningSteps.map((x) => x.provisioningStepType)).toEqual(['import', 'scoping', 'processing', 'matching', 'export']);
    expect(s.sourceIdentity).toMatchObject({ identityType: 'User', details: { DistinguishedName: dn.jane } });
    expect(s.modifiedProperties).toContainEqual({ displayName: 'department', oldValue: null, newValue: 'QA' });
  });

  it('--apply creates the user and shows Graph\'s answer; a second test is "none"', async () => {
    const r = await runMain(['test-user', dn.jane!, '--ou', ou.dn, '--apply', '-o', 'json'], { env: cli });
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as Summary;
    const exp = s.provisioningSteps.at(-1)!;
    expect(exp).toMatchObject({ provisioningStepType: 'export', status: 'success' });
    expect(Object.values(exp.details).join(' ')).toMatch(/success 201/);
    expect(s.targetIdentity.id).toMatch(/^[0-9a-f-]{36}$/);
    const u = (await tenantView(emu)).users['jane.tester@corp.example.com'];
    expect(u).toMatchObject({ department: 'QA', displayName: 'Jane Tester' });
    expect(typeof u?.immutableId).toBe('string');

    const again = await runMain(['test-user', dn.jane!, '--ou', ou.dn], { env: cli });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/hard/);
    expect(again.stdout).toMatch(/none: Entra already holds every mapped value/);
  });

  it('a group: its action and member counts', async () => {
    const r = await runMain(['test-user', dn.group!, '--ou', ou.dn], { env: cli });
    expect(r.code, r.stderr).toBe(4);
    expect(r.stdout).toMatch(/members: 1 in AD/);
    expect(r.stdout).toMatch(/create:/);
  });

  it('an object outside the scope: out of scope, no action, exit 0', async () => {
    const r = await runMain(['test-user', dn.jane!, '--ou', `OU=elsewhere,${ou.dn}`, '-o', 'json'], { env: cli });
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as Summary;
    expect(s.provisioningSteps.find((x) => x.provisioningStepType === 'scoping')?.status).toBe('skipped');
    expect(s.provisioningAction).toBe('other');
  });

  it('an unknown DN is one line, exit 3', async () => {
    const r = await runMain(['test-user', `CN=Nobody,${ou.dn}`, '--ou', ou.dn], { env: cli });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/no object CN=Nobody/);
  });
});
