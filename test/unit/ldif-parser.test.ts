import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseLdif, type LdifRecord } from '../../src/directory/ldif/parser.js';
import { CloudsyncError } from '../../src/errors.js';

async function parse(input: string | Buffer, chunkSize = 0): Promise<LdifRecord[]> {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const chunks: Buffer[] = [];
  if (chunkSize === 0) chunks.push(bytes);
  else for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
  const out: LdifRecord[] = [];
  for await (const r of parseLdif(Readable.from(chunks), { source: 'test.ldif' })) out.push(r);
  return out;
}

async function parseError(input: string): Promise<CloudsyncError> {
  try {
    await parse(input);
  } catch (e) {
    expect(e).toBeInstanceOf(CloudsyncError);
    expect((e as CloudsyncError).kind).toBe('input');
    return e as CloudsyncError;
  }
  throw new Error('expected a parse error');
}

/** Folds like Windows ldifde: at a fixed byte width, blind to characters. */
function foldBytes(line: Buffer, width: number): Buffer {
  const parts: Buffer[] = [line.subarray(0, width)];
  for (let i = width; i < line.length; i += width - 1) parts.push(Buffer.from(' '), line.subarray(i, i + width - 1));
  return Buffer.concat(parts.flatMap((p, k) => (k > 0 && k % 2 === 1 ? [Buffer.from('\n'), p] : [p])));
}

describe('parseLdif: content records', () => {
  it('reads entries, multi-valued attributes, version and comments', async () => {
    const records = await parse(
      [
        'version: 1',
        '# exported by test',
        'dn: CN=Jane,OU=Sales,DC=corp',
        'objectClass: top',
        'objectClass: user',
        '# a comment inside a record',
        '#  folded comment',
        '  continues here',
        'proxyAddresses: SMTP:jane@example.com',
        'proxyAddresses: smtp:j@example.com',
        'description:',
        '',
        '',
        'dn: CN=Bob,OU=Sales,DC=corp',
        'cn:    Bob',
        '',
      ].join('\n'),
    );
    expect(records).toEqual([
      {
        kind: 'content',
        dn: 'CN=Jane,OU=Sales,DC=corp',
        line: 3,
        attributes: [
          ['objectclass', 'top'],
          ['objectclass', 'user'],
          ['proxyaddresses', 'SMTP:jane@example.com'],
          ['proxyaddresses', 'smtp:j@example.com'],
          ['description', ''],
        ],
      },
      { kind: 'content', dn: 'CN=Bob,OU=Sales,DC=corp', line: 14, attributes: [['cn', 'Bob']] },
    ]);
  });

  it('accepts the version line directly followed by the first record', async () => {
    const [r] = await parse('version: 1\ndn: CN=a\ncn: a\n');
    expect(r).toMatchObject({ kind: 'content', dn: 'CN=a', line: 2 });
  });

  it('handles CRLF, a BOM and a missing final newline', async () => {
    const text = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('dn: CN=a\r\ncn: a\r\n\r\ndn: CN=b\r\ncn: b')]);
    const records = await parse(text);
    expect(records).toEqual([
      { kind: 'content', dn: 'CN=a', line: 1, attributes: [['cn', 'a']] },
      { kind: 'content', dn: 'CN=b', line: 4, attributes: [['cn', 'b']] },
    ]);
  });

  it('joins folded lines, removing exactly one space', async () => {
    const [r] = await parse('dn: CN=a\ndescription: one\n  two\n three\n');
    expect(r).toMatchObject({ attributes: [['description', 'one twothree']] });
  });

  it('decodes base64 text as UTF-8 and base64 DNs', async () => {
    const name = 'Müller Straße 5 — ünïcödé 名前';
    const dn = 'CN=Jörg,DC=x';
    const [r] = await parse(`dn:: ${Buffer.from(dn).toString('base64')}\nstreet:: ${Buffer.from(name).toString('base64')}\n`);
    expect(r).toEqual({ kind: 'content', dn, line: 1, attributes: [['street', name]] });
  });

  it('keeps binary attributes and non-UTF-8 bytes as Buffers', async () => {
    const guid = Buffer.from('8f1c926ea45b2d4c8a1e5b337c2a9f10', 'hex');
    const ascii = Buffer.from('abcdefghijklmnop');
    const junk = Buffer.from([0xff, 0xfe, 0x00, 0x41]);
    const [r] = await parse(
      `dn: CN=a\nobjectGUID:: ${guid.toString('base64')}\nmS-DS-ConsistencyGuid:: ${ascii.toString('base64')}\nfoo:: ${junk.toString('base64')}\n`,
    );
    const attrs = (r as Extract<LdifRecord, { kind: 'content' }>).attributes;
    expect(attrs[0]![0]).toBe('objectguid');
    expect(Buffer.isBuffer(attrs[0]![1]) && attrs[0]![1].equals(guid)).toBe(true);
    expect(Buffer.isBuffer(attrs[1]![1]) && attrs[1]![1].equals(ascii)).toBe(true);
    expect(Buffer.isBuffer(attrs[2]![1]) && attrs[2]![1].equals(junk)).toBe(true);
  });

  it('drops attribute options and lower-cases names', async () => {
    const [r] = await parse('dn: CN=g\nmember;range=0-1: CN=a\nmember;range=2-*: CN=b\nuserCertificate;binary:: AAE=\n');
    const attrs = (r as Extract<LdifRecord, { kind: 'content' }>).attributes;
    expect(attrs.map(([n]) => n)).toEqual(['member', 'member', 'usercertificate']);
    expect(attrs[2]![1]).toEqual(Buffer.from([0, 1]));
  });

  it('decodes ldifde-style folds that split base64 of multi-byte characters', async () => {
    const value = 'Zoë Ångström-Øvergård Þórsdóttir, 北京市朝阳区 — café crème brûlée';
    const line = Buffer.from(`description:: ${Buffer.from(value).toString('base64')}`);
    const folded = foldBytes(line, 20);
    const text = Buffer.concat([Buffer.from('dn: CN=a\n'), folded, Buffer.from('\n')]);
    for (const chunk of [0, 1, 3, 7]) {
      const [r] = await parse(text, chunk);
      expect(r).toMatchObject({ attributes: [['description', value]] });
    }
  });

  it('decodes raw UTF-8 folded in the middle of a character, across any chunking', async () => {
    const value = 'ééééééééééééééééé名前名前名前';
    const folded = foldBytes(Buffer.from(`displayName: ${value}`), 16);
    const text = Buffer.concat([Buffer.from('dn: CN=ü\n'), folded, Buffer.from('\n')]);
    for (const chunk of [0, 1, 2, 5]) {
      const [r] = await parse(text, chunk);
      expect(r).toEqual({ kind: 'content', dn: 'CN=ü', line: 1, attributes: [['displayname', value]] });
    }
  });

  it('accepts string chunks', async () => {
    const out: LdifRecord[] = [];
    async function* strings() {
      yield 'dn: CN=a\nc';
      yield 'n: é\n\n';
    }
    for await (const r of parseLdif(strings())) out.push(r);
    expect(out).toEqual([{ kind: 'content', dn: 'CN=a', line: 1, attributes: [['cn', 'é']] }]);
  });
});

describe('parseLdif: change records', () => {
  it('reads add, delete, modify and modrdn', async () => {
    const records = await parse(
      [
        'version: 1',
        '',
        'dn: CN=new,DC=x',
        'changetype: add',
        'objectClass: user',
        'cn: new',
        '',
        'dn: CN=old,DC=x',
        'changetype: delete',
        '',
        'dn: CN=mod,DC=x',
        'control: 1.2.840.113556.1.4.805 true',
        'changetype: modify',
        'add: mail',
        'mail: a@example.com',
        'mail: b@example.com',
        '-',
        'delete: description',
        '-',
        'replace: displayName',
        'displayName:: Sm9zw6k=',
        '-',
        'replace: telephoneNumber',
        '-',
        'delete: proxyAddresses',
        'proxyAddresses: smtp:x@example.com',
        '',
        'dn: CN=mv,DC=x',
        'changetype: moddn',
        'newrdn: CN=moved',
        'deleteoldrdn: 1',
        'newsuperior: OU=Other,DC=x',
        '',
        'dn: CN=mv2,DC=x',
        'changetype: modrdn',
        'newrdn: CN=renamed',
        'deleteoldrdn: 0',
      ].join('\n'),
    );
    expect(records).toEqual([
      { kind: 'add', dn: 'CN=new,DC=x', line: 3, attributes: [['objectclass', 'user'], ['cn', 'new']] },
      { kind: 'delete', dn: 'CN=old,DC=x', line: 8 },
      {
        kind: 'modify',
        dn: 'CN=mod,DC=x',
        line: 11,
        modifications: [
          { operation: 'add', attribute: 'mail', values: ['a@example.com', 'b@example.com'] },
          { operation: 'delete', attribute: 'description', values: [] },
          { operation: 'replace', attribute: 'displayName', values: ['José'] },
          { operation: 'replace', attribute: 'telephoneNumber', values: [] },
          { operation: 'delete', attribute: 'proxyAddresses', values: ['smtp:x@example.com'] },
        ],
      },
      { kind: 'modrdn', dn: 'CN=mv,DC=x', line: 28, newRdn: 'CN=moved', deleteOldRdn: true, newSuperior: 'OU=Other,DC=x' },
      { kind: 'modrdn', dn: 'CN=mv2,DC=x', line: 34, newRdn: 'CN=renamed', deleteOldRdn: false },
    ]);
  });
});

describe('parseLdif: errors name the source and line', () => {
  it.each([
    ['dn: CN=a\njpegPhoto:< file:///tmp/a.jpg\n', 'test.ldif:2: URL values ("attr:< …") are not supported; inline the value'],
    ['dn: CN=a\ncn: a\nthis line has no colon\n', 'test.ldif:3: expected "name: value", got "this line has no colon"'],
    ['cn: a\n', 'test.ldif:1: expected "dn:" to start a record'],
    ['dn: CN=a\nbad name: x\n', 'test.ldif:2: bad attribute name "bad name"'],
    ['dn: CN=a\ncn: a\ndn: CN=b\n', 'test.ldif:3: a second "dn:" line'],
    ['dn: CN=a\ncn:: !!notbase64\n', 'test.ldif:2: "cn::" is not valid base64'],
    ['version: 2\n\ndn: CN=a\n', 'test.ldif:1: unsupported LDIF version "2"'],
    ['dn: CN=a\n\n continuation\n', 'test.ldif:3: a continuation line'],
    ['dn: CN=a\nchangetype: rename\n', 'test.ldif:2: unknown changetype "rename"'],
    ['dn: CN=a\nchangetype: delete\ncn: a\n', 'test.ldif:3: a "changetype: delete" record takes no further lines'],
    ['dn: CN=a\nchangetype: modify\nreplace: mail\ncn: x\n-\n', 'test.ldif:4: expected "mail:" values or "-"'],
    ['dn: CN=a\nchangetype: modify\nincrement: uidNumber\n', 'test.ldif:3: "increment:" is not supported'],
    ['dn: CN=a\nchangetype: modify\nmail: x\n', 'test.ldif:3: expected "add:", "delete:" or "replace:"'],
    ['dn: CN=a\nchangetype: modrdn\nnewrdn: CN=b\n', 'test.ldif:1: a modrdn record needs a "deleteoldrdn:" line'],
    ['dn: CN=a\nchangetype: modrdn\nnewrdn: CN=b\ndeleteoldrdn: yes\n', 'test.ldif:4: "deleteoldrdn:" must be 0 or 1'],
    ['dn: CN=a\ncn: a\nchangetype: add\n', 'test.ldif:3: "changetype:" must come right after'],
    ['dn: CN=a\ncn: a\n-\n', 'test.ldif:3: unexpected "-"'],
  ])('%j', async (input, message) => {
    expect((await parseError(input)).message).toContain(message);
  });

  it('counts lines across folds, comments and CRLF', async () => {
    const e = await parseError('# c\r\ndn: CN=a\r\ndescription: x\r\n y\r\n\r\n\r\ndn: CN=b\r\n oops\r\nbroken\r\n');
    expect(e.message).toMatch(/^test\.ldif:9: /);
  });
});
