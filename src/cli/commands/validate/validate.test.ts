import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from '../../../../test/support/run-main.js';

const EXAMPLE = 'examples/contoso.ldif';
const tmp = mkdtempSync(join(tmpdir(), 'cs-validate-'));

interface JsonFinding {
  ruleId: string;
  severity: string;
  dn: string;
  attribute: string;
  value: string | null;
  suggestedValue: string | null;
  related: string[];
}

describe('cloudsync validate --from LDIF (in process)', () => {
  it('reports the bundled example problems, exit 4, JSON on stdout only', async () => {
    const r = await runMain(['validate', '--from', EXAMPLE, '--verified-domains', 'contoso.com', '--output', 'json']);
    expect(r.code).toBe(4);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { summary: Record<string, unknown>; findings: JsonFinding[] };
    expect(out.summary).toMatchObject({ rules: 'entra', objectsRead: 24, objectsSkipped: 4, verifiedDomainsChecked: true });
    const has = (rule: string, dn: string, attribute: string) =>
      out.findings.some((f) => f.ruleId === rule && f.dn.startsWith(dn) && f.attribute === attribute);
    expect(has('entra.upn-non-routable', 'CN=Grady Archie', 'userPrincipalName')).toBe(true);
    expect(has('entra.upn-unverified-domain', 'CN=Nestor Wilke', 'userPrincipalName')).toBe(true);
    expect(has('idfix.character', 'CN=Isaiah Langer', 'userPrincipalName')).toBe(true);
    expect(has('entra.upn-missing', 'CN=Patti Fernandez', 'userPrincipalName')).toBe(true);
    // Cross-attribute: Johanna's smtp proxy is Lee's mail; both objects are reported, each naming the other.
    // (Lee's mail vs Johanna's proxy is an Entra conflict; the proxy-vs-proxy pair is IdFix's duplicate row.)
    const about = (dn: string) => out.findings.filter((f) => f.dn.startsWith(dn) && f.related.length > 0).flatMap((f) => f.related);
    expect(about('CN=Johanna Lorenz')).toContain('CN=Lee Gu,OU=Finance,DC=contoso,DC=com');
    expect(about('CN=Lee Gu')).toContain('CN=Johanna Lorenz,OU=Finance,DC=contoso,DC=com');
    expect(out.findings.some((f) => f.ruleId === 'entra.address-conflict' && f.dn.startsWith('CN=Lee Gu') && f.attribute === 'mail')).toBe(true);
    // Skipped as IdFix skips them: critical system objects and HealthMailbox*.
    expect(out.findings.some((f) => /krbtgt|HealthMailbox|CN=Administrator/.test(f.dn))).toBe(false);
    // .app is a real TLD today (IdFix's 2015 list lacked it).
    expect(out.findings.some((f) => f.dn.startsWith('CN=José Núñez') && f.ruleId.startsWith('idfix.'))).toBe(false);
  });

  it('an LDIF with no entries is a warning on stderr, not a silent "no problems"', async () => {
    const empty = join(tmp, 'empty.ldif');
    writeFileSync(empty, 'version: 1\n\n');
    const r = await runMain(['validate', '--from', empty, '-o', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`warning: no objects read from ${empty}: nothing was validated\n`);
    expect(JSON.parse(r.stdout).summary.objectsRead).toBe(0);
  });

  it('writes IdFix CSV exactly with --rules idfix --output csv', async () => {
    const r = await runMain(['validate', '--from', EXAMPLE, '--rules', 'idfix', '--output', 'csv']);
    expect(r.code).toBe(4);
    const lines = r.stdout.split('\r\n');
    // A UTF-8 byte-order mark first, so Excel opens names like José Núñez correctly.
    expect(lines[0]).toBe('\uFEFFDISTINGUISHEDNAME,COMMONNAME,OBJECTCLASS,ATTRIBUTE,ERROR,VALUE,UPDATE,PROPOSEDACTION,ACTION');
    expect(lines).toContain(
      '"CN=Isaiah Langer,OU=Finance,DC=contoso,DC=com",Isaiah Langer,user,userPrincipalName,Character,Isaiah Langer@contoso.com,IsaiahLanger@contoso.com,Edit,',
    );
    expect(lines).toContain(
      '"CN=Miriam Graham,OU=Engineering,DC=contoso,DC=com",Miriam Graham,user,sAMAccountName,"Length, Character",miriam*graham.engineering,miriamgraham.engine,Edit,',
    );
    // Improvement (b): both holders of a duplicated mail get their own row.
    expect(lines.filter((l) => l.includes(',mail,Duplicate,sales@contoso.com,')).length).toBe(2);
    // IdFix rules only: no entra rows.
    expect(r.stdout).not.toContain('entra.');
  });

  it('exits 0 with --fail-on never and scopes to an OU', async () => {
    const r = await runMain(['validate', '--from', EXAMPLE, '--ou', 'OU=Finance,DC=contoso,DC=com', '--fail-on', 'never', '-o', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { findings: JsonFinding[] };
    expect(out.findings.length).toBeGreaterThan(0);
    expect(out.findings.every((f) => f.dn.endsWith('OU=Finance,DC=contoso,DC=com'))).toBe(true);
  });

  it('applies an extra LDAP filter, escaping nothing the user did not write', async () => {
    const r = await runMain(['validate', '--from', EXAMPLE, '--filter', '(sAMAccountName=isaiahl)', '-o', 'json', '--fail-on', 'never']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { summary: { objectsRead: number }; findings: JsonFinding[] };
    expect(out.summary.objectsRead).toBe(1);
  });

  it('gives one-line errors with the documented exit codes for bad input', async () => {
    const missing = await runMain(['validate', '--from', join(tmp, 'nope.ldif')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/cannot read LDIF file .*nope\.ldif/);

    const badRules = await runMain(['validate', '--from', EXAMPLE, '--rules', 'dedicated']);
    expect(badRules.code).toBe(2);
    expect(badRules.stderr).toMatch(/unknown rule set "dedicated"/);

    const badFilter = await runMain(['validate', '--from', EXAMPLE, '--filter', '(cn=a']);
    expect(badFilter.code).toBe(2);
    expect(badFilter.stderr).toMatch(/invalid LDAP filter/);

    const badDn = await runMain(['validate', '--from', EXAMPLE, '--ou', 'Sales']);
    expect(badDn.code).toBe(2);
    expect(badDn.stderr).toMatch(/invalid DN "Sales"/);

    const noOu = await runMain(['validate', '--from', EXAMPLE, '--ou', 'OU=Nowhere,DC=contoso,DC=com']);
    expect(noOu.code).toBe(3);
    expect(noOu.stderr).toMatch(/OU=Nowhere,DC=contoso,DC=com/);

    writeFileSync(join(tmp, 'url.ldif'), 'version: 1\n\ndn: CN=x,DC=a\nobjectClass: user\ncn: x\njpegPhoto:< file:///etc/passwd\n');
    const url = await runMain(['validate', '--from', join(tmp, 'url.ldif')]);
    expect(url.code).toBe(2);
    expect(url.stderr).toMatch(/url\.ldif:6: URL values/);

    const noSource = await runMain(['validate']);
    expect(noSource.code).toBe(2);
    expect(noSource.stderr).toMatch(/no directory to read: give --from FILE\.ldif/);
  });

  it('prints help and version quickly, exit 0', async () => {
    const help = await runMain(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/validate/);
    expect(help.stdout).toMatch(/--output/);
    const v = await runMain(['--version']);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const unknown = await runMain(['validate', '--nope']);
    expect(unknown.code).toBe(2);
  });
});

describe('cloudsync validate: the table, on a terminal and in a pipe', () => {
  const args = ['validate', '--from', EXAMPLE, '--filter', '(sAMAccountName=isaiahl)', '--rules', 'idfix'];
  /** The summary ends with how long the run took: the one figure that changes. */
  const elapsed = (out: string) => out.replace(/; \d+ ms\)$/m, '; … ms)');

  it('on a terminal of 72 columns, every line fits', async () => {
    const r = await runMain(args, { stdoutIsTty: true, columns: 72 });
    expect(r.code).toBe(4);
    expect(elapsed(r.stdout)).toMatchInlineSnapshot(`
      "Findings by rule and attribute
      ┌─────────────────┬──────────┬───────────────────┬──────────┬─────────┐
      │ Rule            │ Severity │ Attribute         │ Findings │ Objects │
      ├─────────────────┼──────────┼───────────────────┼──────────┼─────────┤
      │ idfix.character │ error    │ userPrincipalName │ 1        │ 1       │
      └─────────────────┴──────────┴───────────────────┴──────────┴─────────┘

      Details
      CN=Isaiah Langer,OU=Finance,DC=contoso,DC=com
        error userPrincipalName: Isaiah Langer@contoso.com
        userPrincipalName contains characters Entra ID rejects: ' ' (space)
        suggested: IsaiahLanger@contoso.com


      1 error(s) in 1 of 1 object(s) validated (1 read, 0 skipped as IdFix skips them; rules: idfix; … ms)
      "
    `);
  });

  it('in a pipe, the same table at its natural width', async () => {
    const r = await runMain(args);
    expect(r.code).toBe(4);
    expect(elapsed(r.stdout)).toMatchInlineSnapshot(`
      "Findings by rule and attribute
      ┌─────────────────┬──────────┬───────────────────┬──────────┬─────────┐
      │ Rule            │ Severity │ Attribute         │ Findings │ Objects │
      ├─────────────────┼──────────┼───────────────────┼──────────┼─────────┤
      │ idfix.character │ error    │ userPrincipalName │ 1        │ 1       │
      └─────────────────┴──────────┴───────────────────┴──────────┴─────────┘

      Details
      ┌───────────────────────────────────────────────┬───────────────────┬───────────────────────────┬──────────┬─────────────────────────────────────────────────────────────────────┬──────────────────────────┐
      │ Object                                        │ Attribute         │ Value                     │ Severity │ Problem                                                             │ Suggested value          │
      ├───────────────────────────────────────────────┼───────────────────┼───────────────────────────┼──────────┼─────────────────────────────────────────────────────────────────────┼──────────────────────────┤
      │ CN=Isaiah Langer,OU=Finance,DC=contoso,DC=com │ userPrincipalName │ Isaiah Langer@contoso.com │ error    │ userPrincipalName contains characters Entra ID rejects: ' ' (space) │ IsaiahLanger@contoso.com │
      └───────────────────────────────────────────────┴───────────────────┴───────────────────────────┴──────────┴─────────────────────────────────────────────────────────────────────┴──────────────────────────┘

      1 error(s) in 1 of 1 object(s) validated (1 read, 0 skipped as IdFix skips them; rules: idfix; … ms)
      "
    `);
  });
});

describe('cloudsync validate of a cut export (in process)', () => {
  it('says on stderr that the read was partial, naming the file and line, and keeps stdout JSON', async () => {
    const { readFileSync } = await import('node:fs');
    const whole = readFileSync(EXAMPLE, 'utf8');
    const cut = join(tmp, 'cut.ldif');
    // Cut part-way through a line 85% into the export: the last entry is incomplete.
    writeFileSync(cut, whole.slice(0, Math.floor(whole.length * 0.85)).replace(/\n[^\n]*$/, '\nmail: half'));
    const r = await runMain(['validate', '--from', cut, '--output', 'json']);
    expect(r.stderr).toMatch(/^warning: partial read: .*cut\.ldif:\d+: /m);
    const out = JSON.parse(r.stdout) as { summary: { partialRead?: string } };
    expect(out.summary.partialRead).toMatch(/cut\.ldif:\d+/);
  });
});

describe('cloudsync validate --output markdown', () => {
  it('writes a heading, one row per finding and the summary line (-o md)', async () => {
    const ldif = join(tmp, 'md.ldif');
    writeFileSync(
      ldif,
      'version: 1\n\ndn: CN=Ann,OU=Staff,DC=contoso,DC=com\nobjectClass: user\ncn: Ann\nsAMAccountName: ann\nuserPrincipalName: ann|x@contoso.com\nmail: ann@contoso.com\ndisplayName: Ann\n\n',
    );
    const r = await runMain(['validate', '--from', ldif, '--verified-domains', 'contoso.com', '-o', 'md']);
    expect(r.code).toBe(4);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      [
        '## cloudsync validate',
        '',
        '| Object | Attribute | Value | Severity | Problem | Suggested value |',
        '| --- | --- | --- | --- | --- | --- |',
        "| CN=Ann,OU=Staff,DC=contoso,DC=com | userPrincipalName | ann\\|x@contoso.com | error | userPrincipalName contains characters Entra ID rejects: '\\|' | annx@contoso.com |",
        "| CN=Ann,OU=Staff,DC=contoso,DC=com | userPrincipalName | ann\\|x@contoso.com | warning | userPrincipalName 'ann\\|x@contoso.com' differs from mail 'ann@contoso.com'; people sign in with the UPN but see the mail address everywhere else, which confuses them. Make the UPN equal to mail where you can. | ann@contoso.com |",
        '',
        '**1 error(s), 1 warning(s)** in 1 of 1 object(s) validated (1 read, 0 skipped; rules: entra)',
        '',
      ].join('\n'),
    );
  });

  it('in CI, adds the one-line summary on stderr (stdout stays the markdown alone)', async () => {
    const r = await runMain(['validate', '--from', join(tmp, 'md.ldif'), '--verified-domains', 'contoso.com', '-o', 'md'], { env: { CI: 'true' } });
    expect(r.stdout.startsWith('## cloudsync validate\n')).toBe(true);
    expect(r.stderr).toBe('validate: 1 error(s), 1 warning(s) in 1 of 1 object(s) validated (1 read, 0 skipped; rules: entra)\n');
  });

  it('is refused by a command without it, in one line (exit 2)', async () => {
    const r = await runMain(['doctor', '-o', 'markdown']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('cloudsync: error: doctor has no markdown output: use table, json, csv or ndjson (markdown: validate, sync, test-user, logs show, job status)\n');
  });
});
