import { describe, expect, it } from 'vitest';
import { colorEnabled } from '../../src/cli/output/color.js';
import { IDFIX_CSV_HEADER, renderValidateResult } from '../../src/cli/commands/validate/render.js';
import { makePaint } from '../../src/cli/output/paint.js';
import type { Io } from '../../src/cli/io.js';
import type { ValidateResult } from '../../src/validate/run.js';

const summary = {
  rules: 'idfix' as const, source: 'x.ldif', objectsRead: 2, objectsSkipped: 0, objectsValidated: 2, objectsWithFindings: 1,
  errors: 1, warnings: 0, upnSuffixesChecked: false, verifiedDomainsChecked: false, tenantChecked: false, durationMs: 1,
};
const result: ValidateResult = {
  summary,
  findings: [
    {
      ruleId: 'idfix.character', severity: 'error', dn: 'CN=Smith\\, John,OU=Sales,DC=contoso,DC=com', cn: 'Smith, John', objectClass: 'user',
      attribute: 'userPrincipalName', value: 'John "J" Smith@contoso.local', message: 'm', suggestedValue: 'JohnJSmith@contoso.local',
      proposedAction: 'Edit', idfixErrors: ['Character', 'TopLevelDomain'],
    },
  ],
};

describe('IdFix CSV export', () => {
  it('has IdFix header exactly, PascalCase errors joined by ", ", RFC 4180 quoting, empty ACTION', async () => {
    const csv = renderValidateResult(result, { format: 'csv', paint: await makePaint(false) });
    expect(csv.startsWith('\uFEFF')).toBe(true); // a UTF-8 byte-order mark for Excel
    const [header, row] = csv.slice(1).split('\r\n');
    expect(header).toBe('DISTINGUISHEDNAME,COMMONNAME,OBJECTCLASS,ATTRIBUTE,ERROR,VALUE,UPDATE,PROPOSEDACTION,ACTION');
    expect(IDFIX_CSV_HEADER.join(',')).toBe(header);
    expect(row).toBe(
      '"CN=Smith\\, John,OU=Sales,DC=contoso,DC=com","Smith, John",user,userPrincipalName,"Character, TopLevelDomain",' +
        '"John ""J"" Smith@contoso.local",JohnJSmith@contoso.local,Edit,',
    );
  });

  it('entra CSV keeps the IdFix columns first (so fix can read it) and adds rule, severity, message', async () => {
    const csv = renderValidateResult({ ...result, summary: { ...summary, rules: 'entra' } }, { format: 'csv', paint: await makePaint(false) });
    expect(csv.split('\r\n')[0]).toBe(`\uFEFF${IDFIX_CSV_HEADER.join(',')},RULE,SEVERITY,MESSAGE,RELATED`);
  });

  it('JSON carries every field with nulls, not omissions', async () => {
    const out = JSON.parse(renderValidateResult(result, { format: 'json', paint: await makePaint(false) }));
    expect(out.findings[0]).toEqual({
      ruleId: 'idfix.character', severity: 'error', dn: result.findings[0]!.dn, cn: 'Smith, John', objectClass: 'user',
      attribute: 'userPrincipalName', value: 'John "J" Smith@contoso.local', message: 'm', suggestedValue: 'JohnJSmith@contoso.local',
      proposedAction: 'Edit', idfixErrors: ['Character', 'TopLevelDomain'], related: [],
    });
    expect(out.summary.errors).toBe(1);
  });
});

describe('colour', () => {
  const io = (env: Record<string, string>, tty: boolean): Io => ({
    out: () => undefined, err: () => undefined, stdoutIsTty: tty, stderrIsTty: tty, stdinIsTty: tty, env, cwd: '/',
  });
  it('follows the terminal, NO_COLOR, FORCE_COLOR and --no-color', () => {
    expect(colorEnabled(io({}, true), undefined, 'out')).toBe(true);
    expect(colorEnabled(io({}, false), undefined, 'out')).toBe(false);
    expect(colorEnabled(io({ NO_COLOR: '1' }, true), undefined, 'out')).toBe(false);
    expect(colorEnabled(io({ FORCE_COLOR: '1' }, false), undefined, 'out')).toBe(true);
    expect(colorEnabled(io({ FORCE_COLOR: '1' }, true), false, 'out')).toBe(false);
  });
});
