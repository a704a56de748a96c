/** Fuzz: findings CSV, mapping expressions (parse and evaluate), config files. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { makeObject } from '../../src/directory/types.js';
import { evaluate, objectContext, parseExpression } from '../../src/sync/mapping/index.js';
import { parseFixRows } from '../../src/validate/fix/index.js';
import { hostileText, nested, params, parsesOrFailsCleanly, parsesOrFailsCleanlyAsync } from './support.js';

const dir = mkdtempSync(join(tmpdir(), 'cloudsync-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CSV_PARTS = ['DISTINGUISHEDNAME', 'ATTRIBUTE', 'VALUE', 'UPDATE', 'ACTION', 'ERROR', 'EDIT', 'remove', 'COMPLETE', 'Bogus', ',', '"', '""', '\n', '\r\n', 'CN=a,DC=x', 'mail', ' '];
const HEADER = 'DISTINGUISHEDNAME,COMMONNAME,OBJECTCLASS,ATTRIBUTE,ERROR,VALUE,UPDATE,PROPOSEDACTION,ACTION\n';

describe('fuzz: findings CSV', () => {
  it('reads rows or fails with a one-line input error (400 runs)', () => {
    fc.assert(
      fc.property(fc.boolean(), hostileText(CSV_PARTS), (withHeader, body) => {
        parsesOrFailsCleanly(() => parseFixRows(Buffer.from((withHeader ? HEADER : '') + body), 'fuzz.csv'));
      }),
      params(400),
    );
  });
});

const EXPRESSION_PARTS = ['Replace(', 'Join(', '"', '", "', ',', ')', '(', '[department]', '[cn]', '[', ']', '&', '-', '=', '<>', 'Trim(', 'IIF(', 'Switch(', 'NormalizeDiacritics(', 'SelectUniqueValue(', 'FormatDateTime(', 'DateAdd(', 'Mid(', '1', '-5', '&HFF', 'true', 'vbTextCompare', '(a+)+$', '(?<g>x)', '\\1', '“', ' ', '\n', 'Foo('];
const object = makeObject('CN=Joe,OU=Staff,DC=contoso,DC=com', { cn: 'Joe', department: 'a'.repeat(40) + '!', mail: ['a@x.com', 'b@x.com'], whenCreated: '20240101000000.0Z' });

describe('fuzz: mapping expressions', () => {
  it('parse and evaluate, or fail with a one-line config/runtime error (400 runs)', async () => {
    const expression = fc.oneof(
      hostileText(EXPRESSION_PARTS),
      nested('Trim(', '[cn]', ')'),
      nested('(', '"x"', ')'),
      fc.tuple(fc.constantFrom('(a+)+$', '(a|aa)+$', '(x+x+)+y', '(\\w+\\s?)*$', '(a+)+\\1', '^(a|a)*$'), fc.boolean()).map(([p, group]) => `Replace([department], , "${p}", ${group ? '"g"' : ''}, "x", , )`),
    );
    await fc.assert(
      fc.asyncProperty(expression, async (source) => {
        const parsed = parsesOrFailsCleanly(() => parseExpression(source));
        if (parsed !== undefined) await parsesOrFailsCleanlyAsync(() => evaluate(parsed, objectContext(object, { now: () => new Date(0), isUnique: async () => true })));
      }),
      params(400),
    );
  });
});

const CONFIG_KEYS = ['ldap', 'url', 'entra', 'sync', 'validate', 'mapping', 'user', 'password', 'clientSecret', 'deleteThreshold', 'rules', 'ous', 'filter'];

describe('fuzz: config files', () => {
  it('load or fail with a one-line config error (150 runs)', async () => {
    const key = fc.oneof(fc.constantFrom(...CONFIG_KEYS), fc.string({ maxLength: 12 }));
    const value = fc.letrec((tie) => ({
      v: fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.jsonValue({ maxDepth: 2 }), fc.dictionary(key, tie('v'), { maxKeys: 4 }), fc.array(tie('v'), { maxLength: 3 })),
    })).v;
    const text = fc.oneof(
      value.map((v) => JSON.stringify(v) ?? 'null'),
      fc.dictionary(fc.constantFrom(...CONFIG_KEYS), value, { maxKeys: 5 }).map((v) => JSON.stringify(v)),
      nested('{"sync":', '1', '}'),
      nested('[', '', ']'),
      hostileText(['{', '}', '[', ']', '"', ':', ',', 'null', '"ldap"', '"url"']),
    );
    let n = 0;
    await fc.assert(
      fc.asyncProperty(text, async (t) => {
        const file = join(dir, `config-${n++}.json`);
        writeFileSync(file, t);
        await parsesOrFailsCleanlyAsync(() => loadConfig(file, dir), { path: file });
      }),
      params(150),
    );
  });
});
