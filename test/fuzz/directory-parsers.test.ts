/** Fuzz: DNs, LDAP filters (parse and evaluate on an object) and LDIF (bytes and near-LDIF text). */
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { normalizeDn, parseDn, parentDn } from '../../src/directory/dn.js';
import { compileFilter } from '../../src/directory/filter-match.js';
import { andFilters, validateFilter } from '../../src/directory/filter.js';
import { parseLdif } from '../../src/directory/ldif/parser.js';
import { makeObject } from '../../src/directory/types.js';
import { hostileText, nested, params, parsesOrFailsCleanly, parsesOrFailsCleanlyAsync } from './support.js';

const DN_PARTS = ['CN=', 'OU=', 'DC=', 'cn', '=', ',', '+', '\\', '\\2C', '\\zz', '\\c3\\28', '#', '#0a0b', ' ', '"', ';', '<', '>', 'Jane Doe', 'é', '1.2.3=', 'x'];
const FILTER_PARTS = ['(', ')', '&', '|', '!', '=', '~=', '>=', '<=', '*', 'cn', 'objectClass', 'objectCategory=person', ':1.2.840.113556.1.4.803:=', ':dn:', '\\2a', '\\', '\\zz', ' ', 'Jane', 'é', 'userAccountControl', '2'];

const user = makeObject('CN=Jane Doe,OU=Staff,DC=contoso,DC=com', {
  objectClass: ['top', 'person', 'organizationalPerson', 'user'],
  objectCategory: 'CN=Person,CN=Schema,CN=Configuration,DC=contoso,DC=com',
  cn: 'Jane Doe',
  userAccountControl: '512',
  memberOf: 'CN=Sales,OU=Groups,DC=contoso,DC=com',
});

describe('fuzz: DN', () => {
  it('parses or fails with a one-line usage error (400 runs)', () => {
    fc.assert(
      fc.property(fc.oneof(hostileText(DN_PARTS), nested('CN=a+', 'x=y', '')), (dn) => {
        parsesOrFailsCleanly(() => parseDn(dn));
        parsesOrFailsCleanly(() => normalizeDn(dn));
        parsesOrFailsCleanly(() => parentDn(dn));
      }),
      params(400),
    );
  });
});

describe('fuzz: LDAP filter', () => {
  it('validates, compiles and evaluates or fails with a one-line usage error (400 runs)', () => {
    fc.assert(
      fc.property(fc.oneof(hostileText(FILTER_PARTS), nested('(&', '(cn=a)', ')'), nested('(!', '(cn=a)', ')'), nested('(|(cn=a)', '', ')')), (filter) => {
        parsesOrFailsCleanly(() => validateFilter(filter));
        parsesOrFailsCleanly(() => andFilters(filter, '(objectClass=user)'));
        const match = parsesOrFailsCleanly(() => compileFilter(filter));
        if (match !== undefined) parsesOrFailsCleanly(() => match(user));
      }),
      params(400),
    );
  });
});

const LDIF_LINES = ['dn: CN=a,DC=x', 'dn:: Q049YSxEQz14', 'objectClass: user', 'cn: a', 'cn:: ', 'cn:: !!!', 'member: CN=b,DC=x', 'changetype: modify', 'changetype: delete', 'changetype: modrdn', 'replace: cn', 'add: mail', '-', 'newrdn: CN=c', 'deleteoldrdn: 1', 'version: 1', 'version: 2', '# comment', ' folded', '', 'url:< file:///etc/passwd', 'bad line', ';x: y', 'control: 1.2.3 true'];

async function readAll(bytes: Buffer): Promise<void> {
  for await (const _ of parseLdif(Readable.from([bytes]), { source: 'fuzz.ldif', onPartial: () => undefined })) void _;
}

describe('fuzz: LDIF', () => {
  it('parses near-LDIF text or fails with a one-line input error (300 runs)', async () => {
    const text = fc.array(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...LDIF_LINES) }, { weight: 1, arbitrary: hostileText(LDIF_LINES, { maxLength: 4 }) }), { maxLength: 40 });
    await fc.assert(
      fc.asyncProperty(text, fc.constantFrom('\n', '\r\n'), fc.boolean(), async (lines, eol, cut) => {
        const s = lines.join(eol);
        await parsesOrFailsCleanlyAsync(() => readAll(Buffer.from(cut ? s.slice(0, Math.floor(s.length * 0.7)) : s + eol)));
      }),
      params(300),
    );
  });

  it('reads arbitrary bytes or fails with a one-line input error (200 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), async (bytes) => {
        await parsesOrFailsCleanlyAsync(() => readAll(Buffer.from(bytes)));
      }),
      params(200),
    );
  });
});
