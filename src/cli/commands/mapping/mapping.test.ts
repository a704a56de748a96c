/**
 * `cloudsync mapping test` on examples/contoso.ldif, the CLI in process (no DC, no tenant):
 * each target, its expression and its value; config overrides; a bad expression.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from '../../../../test/support/run-main.js';

const LDIF = 'examples/contoso.ldif';
const ADELE = 'CN=Adele Vance,OU=Sales,DC=contoso,DC=com';

interface Out {
  dn: string;
  kind: string;
  anchor?: string;
  attributes: { target: string; expression: string; value: unknown; applyOn: string; error?: string }[];
}

function config(sync: unknown): string {
  const p = join(mkdtempSync(join(tmpdir(), 'cs-map-')), 'cloudsync.config.json');
  writeFileSync(p, JSON.stringify({ sync }));
  return p;
}

describe('cloudsync mapping test', () => {
  it('shows each target with its expression and value (default mapping)', async () => {
    const r = await runMain(['mapping', 'test', '--from', LDIF, '--dn', ADELE, '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Out;
    expect(out).toMatchObject({ dn: ADELE, kind: 'user', anchor: 'bpIcb1ukTC2KHlszfCoAAQ==' });
    const v = Object.fromEntries(out.attributes.map((a) => [a.target, a]));
    expect(v.accountEnabled).toMatchObject({ value: true, expression: expect.stringContaining('BitAnd([userAccountControl], 2)') });
    expect(v.userPrincipalName?.value).toBe('adelev@contoso.com');
    expect(v.usageLocation?.value).toBe('US');
    expect(v.onPremisesImmutableId).toMatchObject({ value: 'bpIcb1ukTC2KHlszfCoAAQ==', applyOn: 'create' });
    expect(v.companyName?.value).toBeNull();
  });

  it('the table names target, expression and value', async () => {
    const r = await runMain(['mapping', 'test', '--from', LDIF, '--dn', ADELE]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/│ jobTitle\s+│ Trim\(\[title\]\)\s+│ Account Manager\s+│/);
  });

  it('config overrides replace, add and remove targets', async () => {
    const cfg = config({ mapping: { user: { displayName: 'Join(", ", [sn], [givenName])', employeeType: 'IgnoreFlowIfNullOrEmpty([employeeType])', faxNumber: null, city: 'ToUpper([department])' } } });
    const r = await runMain(['mapping', 'test', '--from', LDIF, '--dn', ADELE, '--config', cfg, '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const v = Object.fromEntries((JSON.parse(r.stdout) as Out).attributes.map((a) => [a.target, a.value]));
    expect(v.displayName).toBe('Vance, Adele');
    expect(v.employeeType).toBe('ignored');
    expect(v.city).toBe('SALES');
    expect('faxNumber' in v).toBe(false);
  });

  it('a bad expression stops with the target and the column (exit 2)', async () => {
    const cfg = config({ mapping: { user: { displayName: 'Join(" ", [givenName], [sn]' } } });
    const r = await runMain(['mapping', 'test', '--from', LDIF, '--dn', ADELE, '--config', cfg]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/mapping for displayName: .*column \d+/);
  });

  it('a group maps with the group mapping', async () => {
    const r = await runMain(['mapping', 'test', '--from', LDIF, '--dn', 'CN=Sales Team,OU=Groups,DC=contoso,DC=com', '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Out;
    expect(out.kind).toBe('group');
    expect(out.attributes.find((a) => a.target === 'securityEnabled')?.value).toBe(true);
  });

  it('an unknown DN is exit 3', async () => {
    const r = await runMain(['mapping', 'test', '--from', LDIF, '--dn', 'CN=Nobody,DC=contoso,DC=com']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/no object CN=Nobody/);
  });
});
