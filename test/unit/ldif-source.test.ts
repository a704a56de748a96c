import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LdifSource } from '../../src/directory/ldif/source.js';
import type { DirectoryObject, DirectorySource, Scope, SearchRequest } from '../../src/directory/types.js';
import { CloudsyncError } from '../../src/errors.js';

const BASE = 'DC=corp,DC=example,DC=com';
const PERSON = `CN=Person,CN=Schema,CN=Configuration,${BASE}`;
const PILOT = `CN=Pilot,OU=Groups,${BASE}`;
const TYPES = '(|(objectCategory=person)(objectCategory=group))';

const user = (cn: string, ou: string, extra: string[] = []) =>
  [
    `dn: CN=${cn},OU=${ou},${BASE}`,
    'objectClass: top',
    'objectClass: person',
    'objectClass: organizationalPerson',
    'objectClass: user',
    `objectCategory: ${PERSON}`,
    `cn: ${cn}`,
    `mail: ${cn.toLowerCase()}@example.com`,
    'userAccountControl: 512',
    ...extra,
    '',
  ].join('\n');

const FIXTURE = [
  'version: 1',
  '',
  `dn: ${BASE}`,
  'objectClass: top',
  'objectClass: domainDNS',
  '',
  `dn: OU=Sales,${BASE}`,
  'objectClass: organizationalUnit',
  '',
  user('Alice', 'Sales', [`memberOf: ${PILOT}`, `distinguishedName: CN=Alice,OU=Sales,${BASE}`]),
  user('Bob', 'Sales', ['userAccountControl: 514']),
  user('Carol', 'IT'),
  user('Dave', 'IT'),
  // the same object again, written differently: yielded once
  `dn: cn=alice, ou=SALES, ${BASE.toLowerCase()}\nobjectClass: user\ncn: Alice\n`,
  `dn: CN=Ext,OU=Sales,${BASE}\nobjectClass: top\nobjectClass: person\nobjectClass: organizationalPerson\nobjectClass: contact\ncn: Ext\n`,
  `dn: CN=WS1,OU=IT,${BASE}\nobjectClass: top\nobjectClass: person\nobjectClass: organizationalPerson\nobjectClass: user\nobjectClass: computer\ncn: WS1\nuserAccountControl: 4096\n`,
  `dn: CN=Eve,OU=Sales,${BASE}\nchangetype: add\nobjectClass: user\ncn: Eve\n`,
  `dn: CN=Dave,OU=IT,${BASE}\nchangetype: modify\nreplace: mail\nmail: changed@example.com\n-\n`,
  // the group comes after its members
  `dn: ${PILOT}\nobjectClass: top\nobjectClass: group\nobjectCategory: CN=Group,CN=Schema,CN=Configuration,${BASE}\ncn: Pilot\nmember: CN=Carol,OU=IT,${BASE}\nmember: cn=ALICE,ou=Sales,${BASE}\n`,
].join('\n');

let dir: string;
let path: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cloudsync-ldif-'));
  path = join(dir, 'corp.ldif');
  await writeFile(path, FIXTURE);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function search(scope: Scope, extra: Partial<SearchRequest> = {}, file = path): Promise<DirectoryObject[]> {
  const out: DirectoryObject[] = [];
  for await (const o of new LdifSource(file).search({ scope, typeFilter: TYPES, attributes: [], ...extra })) out.push(o);
  return out;
}

const cns = (objects: DirectoryObject[]) => objects.map((o) => o.attributes.get('cn')?.[0]);

async function failure(p: Promise<unknown>): Promise<CloudsyncError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(CloudsyncError);
    return e as CloudsyncError;
  }
  throw new Error('expected an error');
}

describe('LdifSource.search', () => {
  it('streams the objects the type filter selects, each once, with add records as content', async () => {
    const all = await search({});
    expect(cns(all)).toEqual(['Alice', 'Bob', 'Carol', 'Dave', 'Ext', 'Eve', 'Pilot']);
    const alice = all[0]!;
    expect(alice.dn).toBe(`CN=Alice,OU=Sales,${BASE}`);
    expect(alice.objectClass).toEqual(['top', 'person', 'organizationalPerson', 'user']);
    expect(alice.attributes.get('mail')).toEqual(['alice@example.com']);
  });

  it('limits to OUs and the base DN', async () => {
    expect(cns(await search({ ous: [`OU=Sales,${BASE}`] }))).toEqual(['Alice', 'Bob', 'Ext', 'Eve']);
    expect(cns(await search({ ous: [`ou=it,${BASE}`, `OU=Groups,${BASE}`] }))).toEqual(['Carol', 'Dave', 'Pilot']);
    expect(cns(await search({ baseDn: `OU=IT,${BASE}` }))).toEqual(['Carol', 'Dave']);
  });

  it('limits to direct members of groups, by member (listed later in the file) or memberOf', async () => {
    expect(cns(await search({ groups: [PILOT] }))).toEqual(['Alice', 'Carol']);
    expect(cns(await search({ groups: [PILOT], ous: [`OU=IT,${BASE}`] }))).toEqual(['Carol']);
  });

  it('applies the extra filter with the type filter', async () => {
    const enabled = await search({ filter: '(!(userAccountControl:1.2.840.113556.1.4.803:=2))', ous: [`OU=Sales,${BASE}`] });
    expect(cns(enabled)).toEqual(['Alice', 'Ext', 'Eve']);
    expect(cns(await search({ filter: '(mail=*@example.com)' }))).toEqual(['Alice', 'Bob', 'Carol', 'Dave']);
    expect(cns(await search({}, { typeFilter: '(objectCategory=computer)' }))).toEqual(['WS1']);
    expect(cns(await search({}, { typeFilter: '(objectCategory=group)' }))).toEqual(['Pilot']);
  });

  it('keeps only the requested attributes plus objectClass', async () => {
    const [alice] = await search({}, { attributes: ['MAIL'] });
    expect([...alice!.attributes.keys()].sort()).toEqual(['distinguishedname', 'mail', 'objectclass']);
    const [all] = await search({}, { attributes: ['*'] });
    expect(all!.attributes.has('useraccountcontrol')).toBe(true);
  });

  it('reports a wrong OU after the stream, like AD', async () => {
    const e = await failure(search({ ous: [`OU=Nope,${BASE}`] }));
    expect(e.kind).toBe('not-found');
    expect(e.message).toBe(`no object in ${path} lies under OU "OU=Nope,${BASE}"; check the --ou DN`);
  });

  it('reports a group found neither as an entry nor in any memberOf', async () => {
    const e = await failure(search({ groups: [`CN=Nope,${BASE}`] }));
    expect(e.kind).toBe('not-found');
    expect(e.message).toContain(`group "CN=Nope,${BASE}"`);
  });

  it('rejects bad scope DNs and filters as usage errors', async () => {
    expect((await failure(search({ ous: ['OU=Sales,,DC=x'] }))).kind).toBe('usage');
    expect((await failure(search({ filter: '(&(cn=a)' }))).kind).toBe('usage');
  });

  it('says when the file does not exist', async () => {
    const missing = join(dir, 'missing.ldif');
    const e = await failure(search({}, {}, missing));
    expect(e.kind).toBe('input');
    expect(e.message).toBe(`cannot read LDIF file "${missing}": no such file`);
  });

  it('reports progress every 5000 entries and at the end', async () => {
    const big = join(dir, 'big.ldif');
    let text = '';
    for (let i = 0; i < 12_001; i++) text += `dn: CN=u${i},${BASE}\nobjectClass: user\ncn: u${i}\n\n`;
    await writeFile(big, text);
    const calls: number[] = [];
    const found = await search({}, { onProgress: (n) => calls.push(n), typeFilter: '(cn=u12000)' }, big);
    expect(cns(found)).toEqual(['u12000']);
    expect(calls).toEqual([5000, 10000, 12001]);
  });

  it('honours an AbortSignal', async () => {
    const controller = new AbortController();
    const source = new LdifSource(path);
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const o of source.search({ scope: {}, typeFilter: TYPES, attributes: [], signal: controller.signal })) {
          seen.push(o.dn);
          controller.abort();
        }
      })(),
    ).rejects.toThrow(/abort/i);
    expect(seen).toHaveLength(1);
  });

  it('names the file and line of a malformed entry', async () => {
    const bad = join(dir, 'bad.ldif');
    await writeFile(bad, 'dn: CN=a,DC=x\ncn: a\n\ndn: CN=b,,DC=x\ncn: b\n');
    const e = await failure(search({}, {}, bad));
    expect(e.kind).toBe('input');
    expect(e.message).toMatch(new RegExp(`^${bad.replace(/[.\\]/g, '\\$&')}:4: invalid DN`));
  });
});

describe('LdifSource.get', () => {
  it('finds an object by DN in any spelling', async () => {
    const o = await new LdifSource(path).get(`cn=carol, ou=it, ${BASE}`, ['mail']);
    expect(o?.dn).toBe(`CN=Carol,OU=IT,${BASE}`);
    expect([...o!.attributes.keys()].sort()).toEqual(['mail', 'objectclass']);
  });

  it('returns undefined for an unknown DN', async () => {
    expect(await new LdifSource(path).get(`CN=Nobody,${BASE}`, [])).toBeUndefined();
  });

  it('has the path as description and no UPN suffixes', () => {
    const s: DirectorySource = new LdifSource('exports/corp.ldif');
    expect(s.description).toBe('exports/corp.ldif');
    expect(s.upnSuffixes).toBeUndefined();
  });
});
