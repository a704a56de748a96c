import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseLdif } from '../../src/directory/ldif/parser.js';
import { applyFixRows, defaultUndoPath, type FixOptions, type FixRow, type RowResult } from '../../src/validate/fix/index.js';
import { MemoryDirectory } from '../support/memory-directory.js';

const DN = 'CN=Jo Smith,OU=Staff,DC=contoso,DC=local';

function row(fields: Partial<FixRow>): FixRow {
  return {
    line: 2,
    dn: DN,
    cn: 'Jo Smith',
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

async function run(rows: FixRow[], dir: MemoryDirectory, options: FixOptions): Promise<RowResult[]> {
  const out: RowResult[] = [];
  for await (const r of applyFixRows(rows, dir, options)) out.push(r);
  return out;
}

function sorted(values: readonly unknown[]): string[] {
  return values.map(String).sort();
}

let tmp: string;
let undoPath: string;
let dir: MemoryDirectory;
const apply = (): FixOptions => ({ apply: true, undoPath, source: 'findings.csv' });

beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'fix-apply-'));
  undoPath = join(tmp, 'undo.ldif');
  dir = new MemoryDirectory({
    [DN]: {
      objectClass: ['top', 'person', 'organizationalPerson', 'user'],
      cn: 'Jo Smith',
      displayName: 'Jo, Smith!',
      mail: 'jo@contoso.local',
      proxyAddresses: ['SMTP:jo@contoso.com', 'smtp:jo@contoso.local', 'smtp:j o@contoso.com'],
      otherTelephone: ['1', '2'],
    },
  });
});

afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('rows that need no change', () => {
  it.each([
    ['', 'no action chosen'],
    ['COMPLETE', 'marked complete'],
    ['UNDO', 'cloudsync undo'],
    ['FAIL', 'marked FAIL'],
  ])('ACTION %j is skipped: %s', async (action, reason) => {
    const [r] = await run([row({ action, value: 'Jo, Smith!', update: 'Jo Smith' })], dir, apply());
    expect(r).toMatchObject({ status: 'skipped', changes: [] });
    expect(r?.reason).toContain(reason);
    expect(dir.modifyCalls).toEqual([]);
    expect(existsSync(undoPath)).toBe(false);
  });
});

describe('single-valued attributes', () => {
  it('EDIT replaces the value', async () => {
    const [r] = await run([row({ value: 'Jo, Smith!', update: 'Jo Smith' })], dir, apply());
    expect(r).toMatchObject({ status: 'applied', changes: [{ operation: 'replace', attribute: 'displayName', values: ['Jo Smith'] }] });
    expect(dir.values(DN, 'displayname')).toEqual(['Jo Smith']);
  });

  it('EDIT with an empty UPDATE deletes the value read', async () => {
    const [r] = await run([row({ attribute: 'mail', value: 'jo@contoso.local' })], dir, apply());
    expect(r).toMatchObject({ status: 'applied', changes: [{ operation: 'delete', attribute: 'mail', values: ['jo@contoso.local'] }] });
    expect(dir.values(DN, 'mail')).toEqual([]);
  });

  it('REMOVE deletes the attribute whatever UPDATE says', async () => {
    const [r] = await run([row({ action: 'REMOVE', attribute: 'mail', value: 'jo@contoso.local', update: 'x@y' })], dir, apply());
    expect(r?.status).toBe('applied');
    expect(dir.values(DN, 'mail')).toEqual([]);
  });

  it('a Blank row (empty VALUE, attribute absent) gets the UPDATE value', async () => {
    const [r] = await run([row({ attribute: 'mailNickname', error: 'Blank', value: '', update: 'jsmith' })], dir, apply());
    expect(r?.status).toBe('applied');
    expect(dir.values(DN, 'mailnickname')).toEqual(['jsmith']);
  });

  it('refuses to delete an attribute that is absent', async () => {
    const results = await run(
      [row({ attribute: 'mailNickname', value: '', update: '' }), row({ action: 'REMOVE', attribute: 'mailNickname' })],
      dir,
      apply(),
    );
    expect(results.map((r) => [r.status, r.reason])).toEqual([
      ['refused', 'nothing to delete: mailNickname is already empty'],
      ['refused', 'nothing to delete: mailNickname is already empty'],
    ]);
    expect(dir.modifyCalls).toEqual([]);
  });

  it('skips an EDIT whose UPDATE is what AD already has', async () => {
    const [r] = await run([row({ value: 'Jo, Smith!', update: 'Jo, Smith!' })], dir, apply());
    expect(r).toMatchObject({ status: 'skipped', reason: 'no change' });
  });

  it('keeps spaces in values: a value that differs only by spaces does not match', async () => {
    const [r] = await run([row({ value: ' Jo, Smith!', update: 'Jo Smith' })], dir, apply());
    expect(r).toMatchObject({ status: 'refused', reason: "AD now has 'Jo, Smith!' (expected ' Jo, Smith!'); re-run validate" });
  });

  it('refuses a multi-valued attribute that is not proxyAddresses', async () => {
    const [r] = await run([row({ attribute: 'otherTelephone', value: '1', update: '3' })], dir, apply());
    expect(r?.status).toBe('refused');
    expect(dir.values(DN, 'otherTelephone')).toEqual(['1', '2']);
  });
});

describe('proxyAddresses', () => {
  it('EDIT is ONE modify request that deletes the old value and adds the new one', async () => {
    const [r] = await run([row({ attribute: 'proxyAddresses', value: 'smtp:j o@contoso.com', update: 'smtp:jo2@contoso.com' })], dir, apply());
    const changes = [
      { operation: 'delete', attribute: 'proxyAddresses', values: ['smtp:j o@contoso.com'] },
      { operation: 'add', attribute: 'proxyAddresses', values: ['smtp:jo2@contoso.com'] },
    ];
    expect(r).toMatchObject({ status: 'applied', changes });
    expect(dir.modifyCalls).toEqual([{ dn: DN, changes }]);
    expect(sorted(dir.values(DN, 'proxyAddresses'))).toEqual(['SMTP:jo@contoso.com', 'smtp:jo2@contoso.com', 'smtp:jo@contoso.local']);
  });

  it('matches VALUE ignoring case when there is no exact match, and deletes the value as AD stores it', async () => {
    const [r] = await run([row({ attribute: 'proxyAddresses', value: 'SMTP:J O@contoso.com', update: 'smtp:jo2@contoso.com' })], dir, apply());
    expect(r?.changes[0]).toEqual({ operation: 'delete', attribute: 'proxyAddresses', values: ['smtp:j o@contoso.com'] });
    expect(r?.reason).toBe("matched 'smtp:j o@contoso.com' ignoring case");
  });

  it('only deletes the old value when UPDATE is already on the object (ignoring case)', async () => {
    const [r] = await run([row({ attribute: 'proxyAddresses', value: 'smtp:j o@contoso.com', update: 'SMTP:JO@contoso.local' })], dir, apply());
    expect(r).toMatchObject({ status: 'applied', changes: [{ operation: 'delete', values: ['smtp:j o@contoso.com'] }] });
    expect(r?.reason).toContain("already present as 'smtp:jo@contoso.local'");
    expect(sorted(dir.values(DN, 'proxyAddresses'))).toEqual(['SMTP:jo@contoso.com', 'smtp:jo@contoso.local']);
  });

  it('can change only the case of a value (secondary to primary prefix)', async () => {
    await run([row({ attribute: 'proxyAddresses', value: 'smtp:jo@contoso.local', update: 'SMTP:jo@contoso.local' })], dir, apply());
    expect(sorted(dir.values(DN, 'proxyAddresses'))).toEqual(['SMTP:jo@contoso.com', 'SMTP:jo@contoso.local', 'smtp:j o@contoso.com']);
  });

  it('EDIT with an empty UPDATE, and REMOVE, delete just that value', async () => {
    const results = await run(
      [
        row({ attribute: 'proxyAddresses', value: 'smtp:j o@contoso.com' }),
        row({ action: 'REMOVE', attribute: 'proxyaddresses', value: 'smtp:jo@contoso.local', update: 'smtp:x@y.com' }),
      ],
      dir,
      apply(),
    );
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied']);
    expect(dir.modifyCalls.map((c) => c.changes.map((m) => m.operation))).toEqual([['delete'], ['delete']]);
    expect(dir.values(DN, 'proxyAddresses')).toEqual(['SMTP:jo@contoso.com']);
  });

  it('skips an EDIT whose UPDATE equals VALUE', async () => {
    const [r] = await run([row({ attribute: 'proxyAddresses', value: 'smtp:jo@contoso.local', update: 'smtp:jo@contoso.local' })], dir, apply());
    expect(r).toMatchObject({ status: 'skipped', reason: 'no change' });
  });
});

describe('rows that no longer match AD', () => {
  it('refuses a row whose object is gone', async () => {
    const [r] = await run([row({ dn: 'CN=Gone,DC=contoso,DC=local', value: 'x', update: 'y' })], dir, apply());
    expect(r).toMatchObject({ status: 'refused', reason: 'object no longer exists' });
  });

  it('refuses a row whose value changed, naming both values', async () => {
    const [r] = await run([row({ value: 'Jo Smith?', update: 'Jo Smith' })], dir, apply());
    expect(r).toMatchObject({ status: 'refused', reason: "AD now has 'Jo, Smith!' (expected 'Jo Smith?'); re-run validate" });
  });

  it('refuses a Blank row when the attribute has been filled since', async () => {
    const [r] = await run([row({ attribute: 'mail', error: 'Blank', value: '', update: 'x@y.com' })], dir, apply());
    expect(r).toMatchObject({ status: 'refused', reason: "AD now has 'jo@contoso.local' (expected no value); re-run validate" });
  });

  it('refuses a proxyAddresses row whose value is gone', async () => {
    const [r] = await run([row({ attribute: 'proxyAddresses', value: 'smtp:old@contoso.com', update: 'smtp:new@contoso.com' })], dir, apply());
    expect(r?.status).toBe('refused');
    expect(r?.reason).toMatch(/^AD now has 'SMTP:jo@contoso.com', .* \(expected 'smtp:old@contoso.com'\); re-run validate$/);
    expect(dir.modifyCalls).toEqual([]);
    expect(existsSync(undoPath)).toBe(false);
  });

  it('refuses binary attributes and malformed attribute names without reading AD', async () => {
    const results = await run([row({ attribute: 'objectGUID', value: 'x' }), row({ attribute: 'mail;binary', value: 'x' })], dir, apply());
    expect(results.map((r) => r.status)).toEqual(['refused', 'refused']);
  });
});

describe('plan mode (no apply)', () => {
  it('reports planned changes and writes nothing, not even an undo file', async () => {
    const results = await run(
      [
        row({ value: 'Jo, Smith!', update: 'Jo Smith' }),
        row({ attribute: 'proxyAddresses', value: 'smtp:j o@contoso.com', update: 'smtp:jo2@contoso.com' }),
        row({ value: 'stale', update: 'x' }),
      ],
      dir,
      { apply: false, undoPath },
    );
    expect(results.map((r) => [r.status, r.changes.length])).toEqual([
      ['planned', 1],
      ['planned', 2],
      ['refused', 0],
    ]);
    expect(dir.modifyCalls).toEqual([]);
    expect(dir.values(DN, 'displayName')).toEqual(['Jo, Smith!']);
    expect(existsSync(undoPath)).toBe(false);
  });

  it('plans a later row on the same attribute against what the earlier planned row leaves, as --apply would', async () => {
    const rows = [
      row({ attribute: 'proxyAddresses', value: 'smtp:j o@contoso.com', update: 'smtp:jo2@contoso.com' }),
      row({ line: 3, attribute: 'proxyAddresses', value: 'smtp:jo2@contoso.com', update: 'smtp:jo3@contoso.com' }),
      row({ line: 4, value: 'Jo, Smith!', update: 'Jo Smith' }),
      row({ line: 5, value: 'Jo, Smith!', update: 'Jo S.' }),
    ];
    const planned = await run(rows, dir, { apply: false });
    const applied = await run(rows, dir, apply());
    expect(planned.map((r) => r.status)).toEqual(['planned', 'planned', 'planned', 'refused']);
    expect(applied.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'refused']);
    expect(planned.map((r) => r.changes)).toEqual(applied.map((r) => r.changes));
  });
});

describe('the undo file', () => {
  it('holds the inverse record, on disk, before the modify is sent', async () => {
    const seen: string[] = [];
    dir.beforeModify = () => {
      seen.push(existsSync(undoPath) ? readFileSync(undoPath, 'utf8') : '(no undo file)');
    };
    await run([row({ value: 'Jo, Smith!', update: 'Jo Smith' })], dir, apply());
    expect(dir.modifyCalls).toHaveLength(1);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toContain('replace: displayName\ndisplayName: Jo, Smith!\n-\n');
    expect(seen[0]).toContain('# cloudsync-expect: {"attribute":"displayName","values":["Jo Smith"]}');
    expect(seen[0]).toContain('# row: findings.csv line 2');
  });

  it('marks a change the server refused as not applied, and carries on with the next row', async () => {
    dir.beforeModify = (_dn, changes) => {
      if (changes[0]?.attribute === 'displayName') throw new Error('insufficientAccessRights (50): no write access');
    };
    const results = await run(
      [row({ value: 'Jo, Smith!', update: 'Jo Smith' }), row({ line: 3, attribute: 'mail', value: 'jo@contoso.local', update: 'jo@contoso.com' })],
      dir,
      apply(),
    );
    expect(results.map((r) => [r.status, r.reason])).toEqual([
      ['failed', 'insufficientAccessRights (50): no write access'],
      ['applied', undefined],
    ]);
    const text = await readFile(undoPath, 'utf8');
    expect(text).toMatch(/displayName: Jo, Smith!\n-\n\n# not applied: insufficientAccessRights \(50\): no write access\n/);
    expect(text).toContain('mail: jo@contoso.local');
  });

  it('is plain LDIF: version, comments and modify records only', async () => {
    await run(
      [
        row({ value: 'Jo, Smith!', update: 'Jo Smith — ü' }),
        row({ attribute: 'proxyAddresses', value: 'smtp:j o@contoso.com', update: 'smtp:jo2@contoso.com' }),
        row({ action: 'REMOVE', attribute: 'mail', value: 'jo@contoso.local' }),
        row({ attribute: 'mailNickname', value: '', update: 'jsmith' }),
      ],
      dir,
      apply(),
    );
    const text = await readFile(undoPath, 'utf8');
    expect(text.startsWith('version: 1\n')).toBe(true);
    const records = [];
    for await (const r of parseLdif([text] as unknown as AsyncIterable<string>, { source: undoPath })) records.push(r);
    expect(records.map((r) => r.kind)).toEqual(['modify', 'modify', 'modify', 'modify']);
    for (const line of text.split('\n')) {
      expect(line).toMatch(/^(|#[\x20-\x7e]*|version: 1|dn:.*|changetype: modify|(add|delete|replace): \w+|-|\w+::? .*| .*)$/);
    }
    // non-ASCII values travel as base64, comments stay ASCII
    expect(text).toContain('# cloudsync-expect: {"attribute":"displayName","values":["Jo Smith \\u2014 \\u00fc"]}');
  });

  it('is never overwritten', async () => {
    await writeFile(undoPath, 'precious');
    await expect(run([row({ value: 'Jo, Smith!', update: 'Jo Smith' })], dir, apply())).rejects.toMatchObject({ kind: 'usage' });
    expect(dir.modifyCalls).toEqual([]);
    expect(await readFile(undoPath, 'utf8')).toBe('precious');
  });

  it('has a default name stamped with the UTC time', () => {
    expect(defaultUndoPath(new Date('2026-11-25T10:15:00.123Z'))).toBe('cloudsync-undo-20261125T101500Z.ldif');
  });
});

describe('abort', () => {
  it('stops between rows and keeps what was recorded', async () => {
    const controller = new AbortController();
    const rows = [row({ value: 'Jo, Smith!', update: 'Jo Smith' }), row({ attribute: 'mail', value: 'jo@contoso.local', update: 'x@y.com' })];
    const seen: RowResult[] = [];
    await expect(
      (async () => {
        for await (const r of applyFixRows(rows, dir, { ...apply(), signal: controller.signal })) {
          seen.push(r);
          controller.abort();
        }
      })(),
    ).rejects.toThrow();
    expect(seen.map((r) => r.status)).toEqual(['applied']);
    expect(dir.modifyCalls).toHaveLength(1);
    expect(await readFile(undoPath, 'utf8')).toContain('replace: displayName');
  });
});
