import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseLdif, type LdifRecord } from '../../src/directory/ldif/parser.js';
import { formatChangeRecord, formatContentRecord, ldifLine } from '../../src/directory/ldif/writer.js';
import { makeObject, type Modification } from '../../src/directory/types.js';

async function parse(text: string): Promise<LdifRecord[]> {
  const out: LdifRecord[] = [];
  for await (const r of parseLdif(Readable.from([Buffer.from(text)]))) out.push(r);
  return out;
}

describe('ldifLine', () => {
  it('writes safe strings as they are', () => {
    expect(ldifLine('cn', 'Jane Doe')).toBe('cn: Jane Doe');
    expect(ldifLine('description', '')).toBe('description:');
    expect(ldifLine('mail', 'a:b<c')).toBe('mail: a:b<c');
  });

  it.each([
    ['José', 'non-ASCII'],
    [' lead', 'leading space'],
    [':colon', 'leading colon'],
    ['<angle', 'leading <'],
    ['trail ', 'trailing space'],
    ['two\nlines', 'LF'],
    ['cr\r', 'CR'],
    ['nul\0', 'NUL'],
  ])('uses base64 for %j (%s)', (value) => {
    expect(ldifLine('x', value)).toBe(`x:: ${Buffer.from(value).toString('base64')}`);
  });

  it('always uses base64 for Buffers', () => {
    expect(ldifLine('objectGUID', Buffer.from('abc'))).toBe('objectGUID:: YWJj');
  });

  it('folds at 76 columns without ending a line on a space', () => {
    const value = 'word '.repeat(60).trim();
    const text = ldifLine('description', value);
    const lines = text.split('\n');
    expect(lines.length).toBeGreaterThan(3);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(76);
    for (const l of lines.slice(1)) expect(l.startsWith(' ')).toBe(true);
    for (const l of lines) expect(l.endsWith(' ')).toBe(false);
    expect(lines.map((l, k) => (k === 0 ? l : l.slice(1))).join('')).toBe(`description: ${value}`);
  });
});

describe('formatChangeRecord', () => {
  it('writes blocks ended by "-" and the record ended by a blank line', () => {
    const text = formatChangeRecord(
      'CN=Jane,OU=Sales,DC=corp',
      [
        { operation: 'replace', attribute: 'userPrincipalName', values: ['jane@example.com'] },
        { operation: 'delete', attribute: 'description', values: [] },
        { operation: 'add', attribute: 'proxyAddresses', values: ['smtp:a@example.com', 'smtp:b@example.com'] },
      ],
      'fix 1\nsecond line',
    );
    expect(text).toBe(
      [
        '# fix 1',
        '# second line',
        'dn: CN=Jane,OU=Sales,DC=corp',
        'changetype: modify',
        'replace: userPrincipalName',
        'userPrincipalName: jane@example.com',
        '-',
        'delete: description',
        '-',
        'add: proxyAddresses',
        'proxyAddresses: smtp:a@example.com',
        'proxyAddresses: smtp:b@example.com',
        '-',
        '',
        '',
      ].join('\n'),
    );
  });

  it('round-trips through the parser, including base64 and long folded values', async () => {
    const modifications: Modification[] = [
      { operation: 'replace', attribute: 'displayName', values: ['Zoë Ångström — 名前 '] },
      { operation: 'replace', attribute: 'description', values: ['x'.repeat(300) + ' ' + 'y'.repeat(100)] },
      { operation: 'add', attribute: 'info', values: ['line one\nline two', ' leading space'] },
      { operation: 'replace', attribute: 'mS-DS-ConsistencyGuid', values: [Buffer.from('8f1c926ea45b2d4c8a1e5b337c2a9f10', 'hex')] },
      { operation: 'delete', attribute: 'telephoneNumber', values: [] },
    ];
    const dn = 'CN=Zoë\\, Å,OU=Sales,DC=corp';
    const text = formatChangeRecord(dn, modifications) + formatChangeRecord('CN=b,DC=corp', modifications.slice(0, 1));
    const records = await parse(text);
    expect(records).toEqual([
      { kind: 'modify', dn, line: 1, modifications },
      { kind: 'modify', dn: 'CN=b,DC=corp', line: expect.any(Number), modifications: modifications.slice(0, 1) },
    ]);
  });
});

describe('formatContentRecord', () => {
  it('round-trips an object through the parser', async () => {
    const o = makeObject('CN=Jane,OU=Sales,DC=corp', {
      objectClass: ['top', 'person', 'user'],
      cn: 'Jane',
      proxyAddresses: ['SMTP:jane@example.com', 'smtp:j@example.com'],
      objectGUID: Buffer.from('8f1c926ea45b2d4c8a1e5b337c2a9f10', 'hex'),
      street: 'Müllerstraße 5',
    });
    const text = formatContentRecord(o);
    expect(text.startsWith('dn: CN=Jane,OU=Sales,DC=corp\nobjectClass: top\n')).toBe(true);
    expect(text.endsWith('\n\n')).toBe(true);
    const [r] = await parse(text);
    expect(r).toEqual({
      kind: 'content',
      dn: o.dn,
      line: 1,
      attributes: [
        ['objectclass', 'top'],
        ['objectclass', 'person'],
        ['objectclass', 'user'],
        ['cn', 'Jane'],
        ['proxyaddresses', 'SMTP:jane@example.com'],
        ['proxyaddresses', 'smtp:j@example.com'],
        ['objectguid', o.attributes.get('objectguid')![0]],
        ['street', 'Müllerstraße 5'],
      ],
    });
  });
});
