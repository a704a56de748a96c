import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isCloudsyncError } from '../../src/errors.js';
import { parseFixRows, readFixRows } from '../../src/validate/fix/index.js';

const HEADER = 'DISTINGUISHEDNAME,COMMONNAME,OBJECTCLASS,ATTRIBUTE,ERROR,VALUE,UPDATE,PROPOSEDACTION,ACTION';

function rows(text: string) {
  return parseFixRows(Buffer.from(text, 'utf8'), 'f.csv');
}

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

describe('reading our RFC 4180 CSV', () => {
  it('reads quoted commas, doubled quotes, line breaks and spaces exactly, with the starting line', () => {
    const csv = stringify(
      [
        HEADER.split(','),
        ['CN=Smith\\, Jo,OU=A,DC=x', 'Smith, Jo', 'user', 'displayName', 'Character', 'Jo "JJ" Smith', ' Jo Smith ', 'Edit', 'EDIT'],
        ['CN=b,DC=x', 'b', 'user', 'mail', 'Format', 'two\r\nlines', '', 'Edit', 'remove'],
        ['CN=c,DC=x', 'c', 'contact', 'mailnickname', 'Blank', '', 'c', 'Edit', ''],
      ],
      { record_delimiter: 'windows' },
    );
    const out = rows(csv);
    expect(out).toEqual([
      {
        line: 2,
        dn: 'CN=Smith\\, Jo,OU=A,DC=x',
        cn: 'Smith, Jo',
        objectClass: 'user',
        attribute: 'displayName',
        error: 'Character',
        value: 'Jo "JJ" Smith',
        update: ' Jo Smith ',
        proposedAction: 'Edit',
        action: 'EDIT',
      },
      expect.objectContaining({ line: 3, value: 'two\r\nlines', update: '', action: 'REMOVE' }),
      // the previous row's value spans lines 3 and 4
      expect.objectContaining({ line: 5, attribute: 'mailnickname', value: '', update: 'c', action: '' }),
    ]);
  });

  it('counts lines past empty lines and a byte-order mark, and ignores rows of bare commas', () => {
    const csv = `\uFEFF${HEADER}\n\n"CN=a,DC=x",a,user,mail,Format,v,u,Edit,EDIT\n,,,,,,,,\n"CN=b,DC=x",b,user,mail,Format,v,u,Edit,COMPLETE\n`;
    expect(rows(csv).map((r) => [r.line, r.dn, r.action])).toEqual([
      [3, 'CN=a,DC=x', 'EDIT'],
      [5, 'CN=b,DC=x', 'COMPLETE'],
    ]);
  });
});

describe("reading IdFix's own export", () => {
  it('matches the header ignoring case and reads unescaped quotes', () => {
    const csv = [
      'distinguishedName,commonName,objectClass,attribute,error,value,update,ProposedAction,Action',
      // IdFix quotes only fields with a comma and never doubles quotes
      '"CN=Jo,OU=A,DC=x",Jo,user,proxyAddresses,"Character, TopLevelDomain",smtp:"jo"@x.local,smtp:jo@x.com,Edit,EDIT',
      '"CN=Jo,OU=A,DC=x",Jo,user,displayName,Character,say "hi",say hi,Edit,Complete',
    ].join('\r\n');
    const out = rows(csv);
    expect(out.map((r) => [r.line, r.error, r.value, r.update, r.action])).toEqual([
      [2, 'Character, TopLevelDomain', 'smtp:"jo"@x.local', 'smtp:jo@x.com', 'EDIT'],
      [3, 'Character', 'say "hi"', 'say hi', 'COMPLETE'],
    ]);
  });

  it('accepts UNDO and FAIL, and a file without the informational columns', () => {
    const csv = 'DistinguishedName,Attribute,Value,Update,Action\n"CN=a,DC=x",mail,v,u,UNDO\n"CN=b,DC=x",mail,v,u,fail\n';
    expect(rows(csv).map((r) => [r.dn, r.cn, r.action])).toEqual([
      ['CN=a,DC=x', '', 'UNDO'],
      ['CN=b,DC=x', '', 'FAIL'],
    ]);
  });
});

describe('errors', () => {
  it('names a missing required column', () => {
    const e = errorOf(() => rows('DISTINGUISHEDNAME,ATTRIBUTE,VALUE,ACTION\n"CN=a,DC=x",mail,v,EDIT\n'));
    expect(isCloudsyncError(e) && e.kind).toBe('input');
    expect(e.message).toBe('f.csv: missing column UPDATE');
  });

  it('names the line of an unknown ACTION', () => {
    const csv = `${HEADER}\n"CN=a,DC=x",a,user,mail,Format,v,u,Edit,EDIT\n"CN=b,DC=x",b,user,mail,Format,v,u,Edit,FIX\n`;
    const e = errorOf(() => rows(csv));
    expect(isCloudsyncError(e) && e.kind).toBe('input');
    expect(e.message).toMatch(/^f\.csv line 3: unknown ACTION 'FIX'/);
  });

  it('names the line of a row with the wrong number of fields', () => {
    const csv = `${HEADER}\nCN=a,DC=x,a,user,mail,Format,v,u,Edit,EDIT\n`;
    expect(errorOf(() => rows(csv)).message).toMatch(/^f\.csv line 2: 10 fields but the header has 9/);
  });
});

describe('readFixRows', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fix-csv-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a file and reports an unreadable one as an input error', async () => {
    const path = join(dir, 'findings.csv');
    await writeFile(path, `${HEADER}\n"CN=a,DC=x",a,user,mail,Format,v,u,Edit,EDIT\n`);
    expect((await readFixRows(path)).map((r) => r.dn)).toEqual(['CN=a,DC=x']);
    await expect(readFixRows(join(dir, 'missing.csv'))).rejects.toMatchObject({ kind: 'input', message: expect.stringContaining('ENOENT') });
  });
});

describe('messages about hostile cells', () => {
  it('echoes an ACTION with line breaks and control characters cut, escaped and on one line', () => {
    const header = 'DISTINGUISHEDNAME,ATTRIBUTE,VALUE,UPDATE,ACTION\n';
    let error: unknown;
    try {
      parseFixRows(Buffer.from(`${header}CN=a,mail,x,y,"EDIT\nNOW\u001b[2J${'z'.repeat(5000)}"\n`), 'f.csv');
    } catch (e) {
      error = e;
    }
    expect(isCloudsyncError(error)).toBe(true);
    const message = (error as Error).message;
    expect(message).toMatch(/^f\.csv line 2: unknown ACTION 'EDIT\\nNOW\\u001b\[2Jz+…\(\d+ more\)' \(use EDIT/);
    expect(message).not.toContain('\n');
    expect(message.length).toBeLessThan(200);
  });
});
