import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DirectoryObject } from '../../src/directory/types.js';
import { applyFixRows, applyUndoFile, type FixOptions, type FixRow, type RowResult } from '../../src/validate/fix/index.js';
import { MemoryDirectory } from '../support/memory-directory.js';

const JO = 'CN=Jo Smith,OU=Staff,DC=contoso,DC=local';
const GROUP = 'CN=Sales,OU=Groups,DC=contoso,DC=local';

function row(fields: Partial<FixRow>): FixRow {
  return {
    line: 2,
    dn: JO,
    cn: '',
    objectClass: 'user',
    attribute: 'displayName',
    error: 'Character',
    value: '',
    update: '',
    proposedAction: 'Edit',
    action: 'EDIT',
    ...fields,
  };
}

async function all(gen: AsyncGenerator<RowResult>): Promise<RowResult[]> {
  const out: RowResult[] = [];
  for await (const r of gen) out.push(r);
  return out;
}

/** An order-insensitive picture of every object, to compare states exactly. */
async function snapshot(dir: MemoryDirectory): Promise<Record<string, Record<string, string[]>>> {
  const out: Record<string, Record<string, string[]>> = {};
  for (const dn of [JO, GROUP]) {
    const o = (await dir.get(dn, [])) as DirectoryObject;
    out[dn] = Object.fromEntries([...o.attributes].map(([k, v]) => [k, v.map(String).sort()]));
  }
  return out;
}

let tmp: string;
let dir: MemoryDirectory;
const opts = (name: string, apply = true): FixOptions => ({ apply, undoPath: join(tmp, name), source: 'findings.csv' });

const FIXES: FixRow[] = [
  row({ value: 'Jo, Smith!', update: 'Jo Smith' }),
  row({ line: 3, attribute: 'proxyAddresses', value: 'smtp:j o@contoso.com', update: 'smtp:jo2@contoso.com' }),
  // a second edit of the same multi-valued attribute: undo must unwind newest first
  row({ line: 4, attribute: 'proxyAddresses', value: 'smtp:jo2@contoso.com', update: 'smtp:jo3@contoso.com' }),
  row({ line: 5, action: 'REMOVE', attribute: 'proxyAddresses', value: 'smtp:JO@contoso.local' }),
  row({ line: 6, action: 'REMOVE', attribute: 'mail', value: 'jo@contoso.local' }),
  row({ line: 7, dn: GROUP, objectClass: 'group', attribute: 'mailNickname', error: 'Blank', value: '', update: 'sales' }),
  row({ line: 8, dn: GROUP, objectClass: 'group', attribute: 'displayName', value: 'Sales ', update: 'Sales' }),
];

beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'fix-undo-'));
  dir = new MemoryDirectory({
    [JO]: {
      objectClass: ['top', 'person', 'organizationalPerson', 'user'],
      displayName: 'Jo, Smith!',
      mail: 'jo@contoso.local',
      proxyAddresses: ['SMTP:jo@contoso.com', 'smtp:jo@contoso.local', 'smtp:j o@contoso.com'],
    },
    [GROUP]: { objectClass: ['top', 'group'], displayName: 'Sales ' },
  });
});

afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('undo round trip', () => {
  it('restores the exact previous state, and the redo file re-applies the fixes', async () => {
    const original = await snapshot(dir);
    const fixed = await all(applyFixRows(FIXES, dir, opts('undo.ldif')));
    expect(fixed.map((r) => r.status)).toEqual(Array(FIXES.length).fill('applied'));
    const afterFix = await snapshot(dir);
    expect(afterFix[JO]?.proxyaddresses).toEqual(['SMTP:jo@contoso.com', 'smtp:jo3@contoso.com']);
    expect(afterFix[GROUP]?.mailnickname).toEqual(['sales']);

    const undone = await all(applyUndoFile(join(tmp, 'undo.ldif'), dir, opts('redo.ldif')));
    expect(undone.map((r) => r.status)).toEqual(Array(FIXES.length).fill('applied'));
    // newest first
    expect(undone.map((r) => [r.row.dn, r.row.attribute])).toEqual(FIXES.map((f) => [f.dn, f.attribute]).reverse());
    expect(await snapshot(dir)).toEqual(original);
    // each undo record is one modify too
    expect(dir.modifyCalls).toHaveLength(2 * FIXES.length);

    const redone = await all(applyUndoFile(join(tmp, 'redo.ldif'), dir, opts('redo-of-redo.ldif')));
    expect(redone.map((r) => r.status)).toEqual(Array(FIXES.length).fill('applied'));
    expect(await snapshot(dir)).toEqual(afterFix);
  });

  it('plans without changing anything or writing a redo file', async () => {
    await all(applyFixRows(FIXES, dir, opts('undo.ldif')));
    const afterFix = await snapshot(dir);
    const calls = dir.modifyCalls.length;
    const planned = await all(applyUndoFile(join(tmp, 'undo.ldif'), dir, opts('redo.ldif', false)));
    expect(planned.map((r) => r.status)).toEqual(Array(FIXES.length).fill('planned'));
    expect(planned[0]?.changes).toEqual([{ operation: 'replace', attribute: 'displayName', values: ['Sales '] }]);
    expect(dir.modifyCalls).toHaveLength(calls);
    expect(await snapshot(dir)).toEqual(afterFix);
    expect(existsSync(join(tmp, 'redo.ldif'))).toBe(false);
  });
});

describe('undo refuses what it cannot revert safely', () => {
  it('refuses a record whose attribute changed after the fix, and still reverts the others', async () => {
    await all(applyFixRows([FIXES[0] as FixRow, FIXES[6] as FixRow], dir, opts('undo.ldif')));
    await dir.modify(JO, [{ operation: 'replace', attribute: 'displayName', values: ['Jo Smith (HR)'] }]);
    const results = await all(applyUndoFile(join(tmp, 'undo.ldif'), dir, opts('redo.ldif')));
    expect(results.map((r) => [r.row.dn, r.status])).toEqual([
      [GROUP, 'applied'],
      [JO, 'refused'],
    ]);
    expect(results[1]?.reason).toBe(
      "AD now has 'Jo Smith (HR)' (expected 'Jo Smith'); it changed after the fix, so undoing could lose that change",
    );
    expect(dir.values(JO, 'displayName')).toEqual(['Jo Smith (HR)']);
    expect(dir.values(GROUP, 'displayName')).toEqual(['Sales ']);
  });

  it('refuses a proxyAddresses record when another value was added since', async () => {
    await all(applyFixRows([FIXES[1] as FixRow], dir, opts('undo.ldif')));
    await dir.modify(JO, [{ operation: 'add', attribute: 'proxyAddresses', values: ['smtp:new@contoso.com'] }]);
    const [r] = await all(applyUndoFile(join(tmp, 'undo.ldif'), dir, opts('redo.ldif')));
    expect(r?.status).toBe('refused');
    expect(dir.values(JO, 'proxyAddresses')).toContain('smtp:jo2@contoso.com');
  });

  it('skips a record whose change was never made', async () => {
    dir.beforeModify = () => {
      throw new Error('unwillingToPerform (53)');
    };
    await all(applyFixRows([FIXES[0] as FixRow], dir, opts('undo.ldif')));
    dir.beforeModify = undefined;
    const [r] = await all(applyUndoFile(join(tmp, 'undo.ldif'), dir, opts('redo.ldif')));
    expect(r).toMatchObject({ status: 'skipped', reason: 'the change was never made (unwillingToPerform (53))' });
    expect(dir.values(JO, 'displayName')).toEqual(['Jo, Smith!']);
  });

  it('refuses records cloudsync did not write and records that are not modifies', async () => {
    const path = join(tmp, 'hand.ldif');
    await writeFile(
      path,
      [
        'version: 1',
        '',
        `dn: ${JO}`,
        'changetype: modify',
        'replace: displayName',
        'displayName: X',
        '-',
        '',
        '# cloudsync-expect: {"attribute":"mail","values":[]}',
        `dn: ${JO}`,
        'changetype: delete',
        '',
      ].join('\n'),
    );
    const results = await all(applyUndoFile(path, dir, opts('redo.ldif')));
    expect(results.map((r) => [r.row.line, r.status])).toEqual([
      [10, 'refused'],
      [3, 'refused'],
    ]);
    expect(results[0]?.reason).toContain('"delete" record');
    expect(results[1]?.reason).toContain('no cloudsync-expect comment');
    expect(dir.modifyCalls).toEqual([]);
  });

  it('refuses a record whose object is gone', async () => {
    await all(applyFixRows([FIXES[6] as FixRow], dir, opts('undo.ldif')));
    dir.remove(GROUP);
    const [r] = await all(applyUndoFile(join(tmp, 'undo.ldif'), dir, opts('redo.ldif')));
    expect(r).toMatchObject({ status: 'refused', reason: 'object no longer exists' });
  });

  it('reports an unreadable undo file as an input error', async () => {
    await expect(all(applyUndoFile(join(tmp, 'nope.ldif'), dir, opts('redo.ldif')))).rejects.toMatchObject({ kind: 'input' });
  });
});

const hasLdapmodify = spawnSync('ldapmodify', ['-VV'], { stdio: 'ignore' }).error === undefined;

describe('other tools', () => {
  it.skipIf(!hasLdapmodify)('ldapmodify reads the undo file (dry run, no server)', async () => {
    await all(applyFixRows(FIXES, dir, opts('undo.ldif')));
    const out = execFileSync('ldapmodify', ['-n', '-x', '-H', 'ldap://127.0.0.1:1', '-f', join(tmp, 'undo.ldif')], { encoding: 'utf8' });
    expect(out.match(/^!modifying entry /gm)).toHaveLength(FIXES.length);
    expect(await readFile(join(tmp, 'undo.ldif'), 'utf8')).not.toContain('cn: ');
  });
});
