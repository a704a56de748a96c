/**
 * IdFix exports one row per (object, attribute, value): a value with an invalid character whose
 * fixed form duplicates another user's is one row `Character, Duplicate` with one UPDATE, which
 * `fix` then edits once (docs/validate.md, reference idfix-rules.md §3.1, §6.2).
 */
import { describe, expect, it } from 'vitest';
import { renderValidateResult } from '../../src/cli/commands/validate/render.js';
import { validateDirectory } from '../../src/validate/run.js';
import { mergeIdfixRows } from '../../src/validate/idfix/merge.js';
import type { Finding } from '../../src/validate/findings.js';
import { MemoryDirectory } from '../support/memory-directory.js';

const OU = 'OU=Staff,DC=fabrikam,DC=com';
const user = (cn: string, upn: string) => ({ objectClass: ['top', 'person', 'organizationalPerson', 'user'], cn, sAMAccountName: cn.replace(/\W/g, '').slice(0, 20), displayName: cn, userPrincipalName: upn });

async function rows(objects: Record<string, ReturnType<typeof user>>) {
  const r = await validateDirectory(new MemoryDirectory(objects), { rules: 'idfix', scope: {} });
  return r;
}

describe('one IdFix row per (object, attribute, value)', () => {
  it('joins Character and Duplicate for a value whose fix duplicates a later user', async () => {
    const r = await rows({ [`CN=Chris Lee,${OU}`]: user('Chris Lee', 'chris lee@fabrikam.com'), [`CN=Chris Lee2,${OU}`]: user('Chris Lee2', 'chrislee@fabrikam.com') });
    const upn = r.findings.filter((f) => f.attribute === 'userPrincipalName' && f.dn === `CN=Chris Lee,${OU}`);
    expect(upn).toHaveLength(1);
    expect(upn[0]).toMatchObject({ value: 'chris lee@fabrikam.com', suggestedValue: 'chrislee@fabrikam.com', idfixErrors: ['Character', 'Duplicate'], related: [`CN=Chris Lee2,${OU}`] });
    const csv = renderValidateResult(r, { format: 'csv' } as Parameters<typeof renderValidateResult>[1]);
    const lines = csv.trimEnd().split(/\r?\n/).filter((l) => l.includes('chris lee@fabrikam.com'));
    expect(lines).toEqual([`"CN=Chris Lee,${OU}",Chris Lee,user,userPrincipalName,"Character, Duplicate",chris lee@fabrikam.com,chrislee@fabrikam.com,Edit,`]);
  });

  it('keeps one row per later duplicate object in related, and other values apart', () => {
    const base = { severity: 'error' as const, dn: 'CN=A', cn: 'A', objectClass: 'user', attribute: 'mail', message: 'm' };
    const own: Finding = { ...base, ruleId: 'idfix.character', value: 'a b@x.com', suggestedValue: 'ab@x.com', proposedAction: 'Edit', idfixErrors: ['Character'] };
    const dup = (later: string): Finding => ({ ...base, ruleId: 'idfix.duplicate', value: 'a b@x.com', suggestedValue: 'ab@x.com', proposedAction: 'Edit', idfixErrors: ['Duplicate'], related: [later], message: `dup ${later}` });
    const other: Finding = { ...own, value: 'c@x.com' };
    const merged = mergeIdfixRows([own, other, dup('CN=B'), dup('CN=C')]);
    expect(merged).toHaveLength(2);
    expect(merged[0]).toMatchObject({ idfixErrors: ['Character', 'Duplicate'], related: ['CN=B', 'CN=C'], message: 'm; dup CN=B; dup CN=C', suggestedValue: 'ab@x.com' });
    expect(merged[1]).toBe(other);
  });
});
