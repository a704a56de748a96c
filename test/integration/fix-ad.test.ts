import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, adEnv, adminClient, cliLdapEnv, withTestOu } from './ad-env.js';
import { runMain } from '../support/run-main.js';

const env = adEnv();
const tmp = mkdtempSync(join(tmpdir(), 'cs-fix-'));

async function read(dn: string, attribute: string): Promise<string[]> {
  const c = await adminClient();
  const { searchEntries } = await c.search(dn, { scope: 'base', attributes: [attribute] });
  const v = searchEntries[0]?.[attribute];
  return v === undefined ? [] : (Array.isArray(v) ? v : [v]).map(String).sort();
}

describe.skipIf(!env)('cloudsync fix and undo against the Samba DC', () => {
  let ou: { dn: string; cleanup: () => Promise<void> };
  let upnUser: string;
  let proxyUser: string;
  let givenUser: string;
  let csvPath: string;

  beforeAll(async () => {
    ou = await withTestOu('fix');
    upnUser = await addUser(ou.dn, 'Fix Upn', { displayName: 'Fix Upn', userPrincipalName: 'fix upn@corp.example.com' });
    proxyUser = await addUser(ou.dn, 'Fix Proxy', {
      displayName: 'Fix Proxy', userPrincipalName: 'fix.proxy@corp.example.com', mailNickname: 'fixproxy',
      proxyAddresses: ['SMTP:fix.proxy@corp.example.com', 'smtp:fix proxy@corp.example.com'],
    });
    givenUser = await addUser(ou.dn, 'Fix Given', { displayName: 'Fix Given', userPrincipalName: 'fix.given@corp.example.com', givenName: 'g'.repeat(64) });
    // The findings CSV, as a person would edit it: ACTION set on three rows.
    const v = await runMain(['validate', '--ou', ou.dn, '--rules', 'idfix', '-o', 'csv'], { env: cliLdapEnv() });
    expect(v.code).toBe(4);
    const rows = parse(v.stdout, { columns: true, bom: true }) as Record<string, string>[]; // the findings CSV starts with a BOM for Excel
    for (const r of rows) {
      if (r.DISTINGUISHEDNAME === upnUser && r.ATTRIBUTE === 'userPrincipalName') r.ACTION = 'EDIT';
      if (r.DISTINGUISHEDNAME === proxyUser && r.ATTRIBUTE === 'proxyAddresses') r.ACTION = 'EDIT';
      if (r.DISTINGUISHEDNAME === givenUser && r.ATTRIBUTE === 'givenName') r.ACTION = 'REMOVE';
    }
    expect(rows.filter((r) => r.ACTION !== '')).toHaveLength(3);
    csvPath = join(tmp, 'findings.csv');
    writeFileSync(csvPath, stringify(rows, { header: true, record_delimiter: 'windows' }));
  });
  afterAll(async () => {
    await ou?.cleanup();
  });

  it('plans without --apply: exit 4, shows the changes, changes nothing, writes no undo file', async () => {
    const undo = join(tmp, 'plan-undo.ldif');
    const r = await runMain(['fix', csvPath, '--undo-file', undo, '-o', 'json'], { env: cliLdapEnv() });
    expect(r.code).toBe(4);
    const out = JSON.parse(r.stdout) as { applied: boolean; rows: { dn: string; status: string }[] };
    expect(out.applied).toBe(false);
    expect(out.rows.filter((x) => x.status === 'planned')).toHaveLength(3);
    expect(await read(upnUser, 'userPrincipalName')).toEqual(['fix upn@corp.example.com']);
    expect(existsSync(undo)).toBe(false);
  });

  it('applies with --apply, then undo restores AD exactly', async () => {
    const undo = join(tmp, 'undo.ldif');
    const r = await runMain(['fix', csvPath, '--apply', '--undo-file', undo, '-o', 'json'], { env: cliLdapEnv() });
    expect(r.code, r.stderr).toBe(0);
    expect(await read(upnUser, 'userPrincipalName')).toEqual(['fixupn@corp.example.com']);
    expect(await read(proxyUser, 'proxyAddresses')).toEqual(['SMTP:fix.proxy@corp.example.com', 'smtp:fixproxy@corp.example.com']);
    expect(await read(givenUser, 'givenName')).toEqual([]);
    const ldif = readFileSync(undo, 'utf8');
    expect(ldif).toMatch(/^version: 1/m);
    expect(ldif).toContain('changetype: modify');

    // Running the same CSV again is refused row by row: AD no longer holds the old values.
    const again = await runMain(['fix', csvPath, '--apply', '--undo-file', join(tmp, 'again.ldif'), '-o', 'json'], { env: cliLdapEnv() });
    expect(again.code).toBe(3);
    const againOut = JSON.parse(again.stdout) as { rows: { status: string }[] };
    expect(againOut.rows.map((x) => x.status)).toEqual(['refused', 'refused', 'refused']);

    const u = await runMain(['undo', undo, '--apply', '--undo-file', join(tmp, 'redo.ldif')], { env: cliLdapEnv() });
    expect(u.code, u.stderr).toBe(0);
    expect(await read(upnUser, 'userPrincipalName')).toEqual(['fix upn@corp.example.com']);
    expect(await read(proxyUser, 'proxyAddresses')).toEqual(['SMTP:fix.proxy@corp.example.com', 'smtp:fix proxy@corp.example.com']);
    expect(await read(givenUser, 'givenName')).toEqual(['g'.repeat(64)]);
  });

  it('refuses a row whose value changed in AD since validate, and applies the others', async () => {
    const c = await adminClient();
    const { Attribute, Change } = await import('ldapts');
    await c.modify(upnUser, new Change({ operation: 'replace', modification: new Attribute({ type: 'userPrincipalName', values: ['changed@corp.example.com'] }) }));
    const r = await runMain(['fix', csvPath, '--apply', '--undo-file', join(tmp, 'partial.ldif'), '-o', 'json'], { env: cliLdapEnv() });
    expect(r.code).toBe(3);
    const out = JSON.parse(r.stdout) as { rows: { dn: string; status: string; reason: string | null }[] };
    const upnRow = out.rows.find((x) => x.dn === upnUser);
    expect(upnRow?.status).toBe('refused');
    expect(upnRow?.reason).toMatch(/changed@corp\.example\.com/);
    expect(await read(upnUser, 'userPrincipalName')).toEqual(['changed@corp.example.com']);
    expect(out.rows.filter((x) => x.status === 'applied')).toHaveLength(2);
  });

  it('with a wrong password nothing is changed and the exit code is 3', async () => {
    const before = await read(proxyUser, 'proxyAddresses');
    const r = await runMain(['fix', csvPath, '--apply', '--undo-file', join(tmp, 'nope.ldif')], {
      env: { ...cliLdapEnv(), CLOUDSYNC_LDAP_PASSWORD: 'not-the-password' },
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/52e/);
    expect(await read(proxyUser, 'proxyAddresses')).toEqual(before);
    expect(existsSync(join(tmp, 'nope.ldif'))).toBe(false);
  });
});
