/** Duplicate detection (idfix-rules.md §6), the §6.3 action table and improvement (b). */
import { describe, expect, it } from 'vitest';
import type { AttributeValue } from '../../src/directory/types.js';
import { makeObject } from '../../src/directory/types.js';
import type { Finding } from '../../src/validate/findings.js';
import { createIdfixValidator, idfixLegacyTlds } from '../../src/validate/idfix/index.js';
import type { Owner } from '../../src/validate/idfix/duplicates.js';
import { DuplicateStore, duplicateKey, fnv1a } from '../../src/validate/idfix/duplicates.js';
import { duplicateAction } from '../../src/validate/idfix/rules.js';

type Attrs = Record<string, AttributeValue | AttributeValue[]>;
const USER = ['top', 'person', 'organizationalPerson', 'user'];
const CONTACT = ['top', 'person', 'organizationalPerson', 'contact'];
const GROUP = ['top', 'group'];

const dn = (cn: string) => `CN=${cn},OU=T,DC=lab,DC=com`;
function obj(cn: string, attrs: Attrs, objectClass = USER) {
  return makeObject(dn(cn), { objectClass, cn, displayName: cn, ...attrs });
}

/** Runs objects in order through one validator; returns each object's rows. */
function run(...objects: ReturnType<typeof obj>[]) {
  const v = createIdfixValidator({ tlds: idfixLegacyTlds() });
  return { rows: objects.map((o) => v.check(o)), stats: v.stats };
}

const row = (f: Finding) => ({
  dn: f.dn,
  objectClass: f.objectClass,
  attribute: f.attribute,
  errors: f.idfixErrors?.join(', '),
  value: f.value,
  update: f.suggestedValue,
  action: f.proposedAction,
  related: f.related,
});

describe('every holder of a duplicated value gets its own row (improvement b)', () => {
  it('gives the first holder one row with its own type, value, chain value and action', () => {
    const { rows, stats } = run(
      obj('A', { mail: 'a@x.com', mailNickname: 'a' }, CONTACT),
      obj('B', { mail: 'A@X.COM' }),
      obj('C', { mail: 'a@X.com', mailNickname: 'c' }),
    );
    expect(rows[0]).toEqual([]);
    expect(rows[1]?.map(row)).toEqual([
      { dn: dn('A'), objectClass: 'contact', attribute: 'mail', errors: 'Duplicate', value: 'a@x.com', update: 'a@x.com', action: 'Complete', related: [dn('B')] },
      { dn: dn('B'), objectClass: 'user', attribute: 'mail', errors: 'Duplicate', value: 'A@X.COM', update: 'A@X.COM', action: 'Edit', related: [dn('A')] },
    ]);
    // A third holder gets its own row; the first holder's row is not repeated.
    expect(rows[2]?.map(row)).toEqual([
      { dn: dn('C'), objectClass: 'user', attribute: 'mail', errors: 'Duplicate', value: 'a@X.com', update: 'a@X.com', action: 'Complete', related: [dn('A')] },
    ]);
    expect(rows[1]?.map((f) => [f.ruleId, f.message])).toEqual([
      ['idfix.duplicate', `mail 'a@x.com' is also used by ${dn('B')} (values must be unique, ignoring case)`],
      ['idfix.duplicate', `mail 'A@X.COM' is also used by ${dn('A')} (values must be unique, ignoring case)`],
    ]);
    expect(stats).toEqual({ processed: 3, skipped: 0, errors: 3, duplicates: 3 });
  });

  it('gives the first holder a row even when the later row is not Edit (IdFix adds none then)', () => {
    const { rows } = run(obj('A', { proxyAddresses: 'SMTP:p@x.com' }), obj('B', { proxyAddresses: 'smtp:P@x.com' }));
    expect(rows[1]?.map((f) => [f.dn, f.proposedAction])).toEqual([
      [dn('A'), 'Remove'],
      [dn('B'), 'Remove'],
    ]);
  });

  it('finds the first holder by its chain value, where IdFix looks up the later original and may miss it', () => {
    // B's original "john smith@x.com" is no key of the store (keys are chain values): IdFix shows no row for A.
    const { rows } = run(obj('A', { userPrincipalName: 'johnsmith@x.com' }), obj('B', { userPrincipalName: 'john smith@x.com' }));
    expect(rows[1]?.map(row)).toEqual([
      { dn: dn('A'), objectClass: 'user', attribute: 'userPrincipalName', errors: 'Duplicate', value: 'johnsmith@x.com', update: 'johnsmith@x.com', action: 'Edit', related: [dn('B')] },
      { dn: dn('B'), objectClass: 'user', attribute: 'userPrincipalName', errors: 'Character, Duplicate', value: 'john smith@x.com', update: 'johnsmith@x.com', action: 'Edit', related: [dn('A')] },
    ]);
    expect(rows[1]?.[1]?.message).toBe(
      "userPrincipalName contains characters Entra ID rejects: ' ' (space); " +
        `userPrincipalName 'johnsmith@x.com' is also used by ${dn('A')} (values must be unique, ignoring case), once the fixes above are applied`,
    );
  });
});

describe('the compared value is the chain value at the R-DUP position (§5, §6.1)', () => {
  it('userPrincipalName: after every fix (R-DUP is last)', () => {
    const { rows } = run(obj('A', { userPrincipalName: 'john smith@x.com', mailNickname: 'a' }), obj('B', { userPrincipalName: 'JohnSmith@x.com' }));
    expect(rows[0]?.map((f) => f.idfixErrors)).toEqual([['Character']]);
    expect(rows[1]?.map(row)).toEqual([
      // A's chain value differs from its value [0], so its action is Edit although it has mailNickname.
      { dn: dn('A'), objectClass: 'user', attribute: 'userPrincipalName', errors: 'Duplicate', value: 'john smith@x.com', update: 'johnsmith@x.com', action: 'Edit', related: [dn('B')] },
      { dn: dn('B'), objectClass: 'user', attribute: 'userPrincipalName', errors: 'Duplicate', value: 'JohnSmith@x.com', update: 'JohnSmith@x.com', action: 'Edit', related: [dn('A')] },
    ]);
  });

  it('proxyAddresses: after length and colon fixes only, before character and RFC fixes', () => {
    expect(run(obj('A', { proxyAddresses: 'smtp:a b@x.com' }), obj('B', { proxyAddresses: 'smtp:ab@x.com' })).rows[1]).toEqual([]);
    const { rows } = run(obj('A', { proxyAddresses: 'smtp:a:b@x.com' }), obj('B', { proxyAddresses: 'SMTP:AB@x.com' }));
    expect(rows[1]?.map((f) => [f.dn, f.idfixErrors?.join(', '), f.value, f.suggestedValue])).toEqual([
      [dn('A'), 'Duplicate', 'smtp:a:b@x.com', 'smtp:ab@x.com'],
      [dn('B'), 'Duplicate', 'SMTP:AB@x.com', 'SMTP:AB@x.com'],
    ]);
  });

  it('proxyAddresses: a later failing rule makes the action Edit (Duplicate, TopLevelDomain)', () => {
    const { rows } = run(
      obj('A', { proxyAddresses: 'SMTP:p@x.local', mailNickname: 'a' }),
      obj('B', { proxyAddresses: 'smtp:P@x.local', mailNickname: 'b' }),
    );
    expect(rows[1]?.map((f) => [f.dn, f.idfixErrors?.join(', '), f.proposedAction])).toEqual([
      [dn('A'), 'Duplicate', 'Complete'],
      [dn('B'), 'Duplicate, TopLevelDomain', 'Edit'],
    ]);
  });

  it('does not strip prefixes: smtp:a@x.com and sip:a@x.com differ', () => {
    expect(run(obj('A', { proxyAddresses: 'smtp:a@x.com' }), obj('B', { proxyAddresses: 'sip:a@x.com' })).rows[1]).toEqual([]);
  });

  it('mail: after truncation to 256', () => {
    const base = 'm'.repeat(256);
    const { rows } = run(obj('A', { mail: `${base}1` }), obj('B', { mail: `${base}2` }));
    expect(rows[0]?.map((f) => f.idfixErrors)).toEqual([['Length']]);
    expect(rows[1]?.map((f) => [f.dn, f.idfixErrors?.join(', ')])).toEqual([
      [dn('A'), 'Duplicate'],
      [dn('B'), 'Length, Duplicate'],
    ]);
  });

  it('mailnickname: after leading periods are removed; homeMdb makes it Complete', () => {
    const { rows } = run(obj('A', { mailNickname: '..nick' }), obj('B', { mailNickname: 'NICK', homeMdb: 'CN=DB1' }));
    expect(rows[1]?.map((f) => [f.dn, f.attribute, f.value, f.suggestedValue, f.proposedAction])).toEqual([
      [dn('A'), 'mailnickname', '..nick', 'nick', 'Edit'],
      [dn('B'), 'mailnickname', 'NICK', 'NICK', 'Complete'],
    ]);
  });

  it('targetAddress: raw value, always Edit', () => {
    const { rows } = run(obj('A', { targetAddress: 'SMTP:t@x.com', mailNickname: 'a' }), obj('B', { targetAddress: 'smtp:T@x.com', mailNickname: 'b' }));
    expect(rows[1]?.map((f) => [f.dn, f.attribute, f.proposedAction])).toEqual([
      [dn('A'), 'targetAddress', 'Edit'],
      [dn('B'), 'targetAddress', 'Edit'],
    ]);
  });
});

describe('what is compared with what', () => {
  it('never cross-checks attributes', () => {
    const { rows } = run(
      obj('A', { mail: 'a@x.com' }),
      obj('B', { proxyAddresses: 'smtp:a@x.com', userPrincipalName: 'a@x.com' }),
      obj('C', { targetAddress: 'a@x.com', mailNickname: 'a@x.com' }),
      obj('D', { proxyAddresses: 'a@x.com', targetAddress: 'smtp:a@x.com' }),
    );
    expect(rows.flat()).toEqual([]);
  });

  it('checks sAMAccountName only on objects without userPrincipalName, which also do not record it', () => {
    const { rows } = run(
      obj('A', { sAMAccountName: 'jdoe', userPrincipalName: 'a@x.com' }),
      obj('B', { sAMAccountName: 'jdoe', userPrincipalName: 'b@x.com' }),
      obj('G1', { sAMAccountName: 'jdoe', groupType: '-2147483646', mail: 'g1@x.com' }, GROUP),
      obj('G2', { sAMAccountName: 'JDOE', groupType: '-2147483646', mail: 'g2@x.com' }, GROUP),
    );
    expect(rows.slice(0, 3).flat()).toEqual([]);
    expect(rows[3]?.map((f) => [f.dn, f.attribute, f.objectClass])).toEqual([
      [dn('G1'), 'sAMAccountName', 'group'],
      [dn('G2'), 'sAMAccountName', 'group'],
    ]);
  });

  it('leaves UPN out of duplicate detection with alternateLoginId', () => {
    const v = createIdfixValidator({ alternateLoginId: true });
    expect(v.check(obj('A', { userPrincipalName: 'a@x.com' }))).toEqual([]);
    expect(v.check(obj('B', { userPrincipalName: 'a@x.com' }))).toEqual([]);
  });

  it('keeps separate runs separate', () => {
    const a = createIdfixValidator();
    const b = createIdfixValidator();
    expect(a.check(obj('A', { mail: 'a@x.com' }))).toEqual([]);
    expect(b.check(obj('B', { mail: 'a@x.com' }))).toEqual([]);
  });
});

describe('§6.3 proposed action of R-DUP', () => {
  const o = (attrs: Attrs) => obj('X', attrs);
  it.each([
    ['proxyAddresses', { proxyAddresses: 'smtp:a@x.com', mailNickname: 'n' }, 'smtp:a@x.com', 'Complete'],
    ['proxyAddresses', { proxyAddresses: 'SMTP:a@x.com', mailNickname: 'n' }, 'SMTP:a@x.com', 'Complete'],
    ['proxyAddresses', { proxyAddresses: 'X500:/o=smtp:a', mailNickname: 'n' }, 'X500:/o=smtp:a', 'Edit'],
    ['proxyAddresses', { proxyAddresses: 'X500:/o=smtp:a' }, 'X500:/o=smtp:a', 'Remove'],
    ['proxyAddresses', { proxyAddresses: 'smtp:a@x.com' }, 'smtp:a@x.com', 'Remove'],
    ['proxyAddresses', { proxyAddresses: 'sip:a@x.com' }, 'sip:a@x.com', 'Edit'],
    ['proxyAddresses', { proxyAddresses: ['SMTP:b@x.com', 'smtp:a@x.com'] }, 'smtp:a@x.com', 'Edit'],
    ['proxyAddresses', { proxyAddresses: 'smtp:a@x.com' }, 'smtp:A@x.com', 'Edit'],
    ['userPrincipalName', { userPrincipalName: 'a@x.com', mailNickname: 'n' }, 'a@x.com', 'Complete'],
    ['userPrincipalName', { userPrincipalName: 'a@x.com' }, 'a@x.com', 'Edit'],
    ['mail', { mail: 'a@x.com', mailNickname: 'n' }, 'a@x.com', 'Complete'],
    ['mail', { mail: 'a@x.com', homeMdb: 'CN=DB' }, 'a@x.com', 'Edit'],
    ['sAMAccountName', { sAMAccountName: 'a', mailNickname: 'n' }, 'a', 'Complete'],
    ['sAMAccountName', { sAMAccountName: 'a' }, 'a', 'Edit'],
    ['mailnickname', { mailNickname: 'n', homeMdb: 'CN=DB' }, 'n', 'Complete'],
    ['mailnickname', { mailNickname: 'n' }, 'n', 'Edit'],
    ['targetAddress', { targetAddress: 'SMTP:a@x.com', mailNickname: 'n', homeMdb: 'CN=DB' }, 'SMTP:a@x.com', 'Edit'],
  ])('%s %j, chain value %j -> %s', (attr, attrs, value, action) => {
    expect(duplicateAction(o(attrs), attr, value)).toBe(action);
  });
});

describe('the duplicate store: hashed keys, exact comparison', () => {
  const owner = (cn: string): Owner => ({ dn: dn(cn), cn, objectClass: 'user' });
  const find = (store: DuplicateStore, value: string) => {
    const i = store.mapFor('mail').get(duplicateKey(value));
    return i === undefined ? undefined : store.holder(i);
  };
  const add = (store: DuplicateStore, who: Owner, value: string, original = value) => {
    const table = store.mapFor('mail');
    const key = duplicateKey(value);
    expect(table.get(key)).toBeUndefined();
    store.record(table, key, who, original, value, 'Complete');
  };

  it('tells apart different values whose hashes collide, and finds each ignoring case', () => {
    const store = new DuplicateStore(() => 42);
    add(store, owner('A'), 'a@x.com');
    add(store, owner('B'), 'B@x.com', 'B @x.com');
    expect(find(store, 'A@X.COM')).toEqual({ dn: dn('A'), cn: 'A', objectClass: 'user', original: 'a@x.com', value: 'a@x.com', action: 'Complete' });
    expect(find(store, 'b@X.com')).toEqual({ dn: dn('B'), cn: 'B', objectClass: 'user', original: 'B @x.com', value: 'B@x.com', action: 'Complete' });
    // The original is not part of the compared value; nor is a prefix or an extension a match.
    for (const miss of ['B @x.com', 'B@x.comB @x.com', 'c@x.com', 'a@x.co', 'a@x.com.']) expect(find(store, miss)).toBeUndefined();
  });

  it('compares with toLowerCase() beyond ASCII, which may change lengths', () => {
    const store = new DuplicateStore(() => 0);
    for (const v of ['\u0130@x.com', '\u212a@x.com', 'ΟΔΟΣ', 'straße']) add(store, owner(v), v);
    // U+0130 lower-cases to "i" + U+0307; the Kelvin sign to ASCII "k"; a final sigma to "ς".
    expect(find(store, 'i\u0307@X.COM')?.cn).toBe('\u0130@x.com');
    expect(find(store, 'i@x.com')).toBeUndefined();
    expect(find(store, 'K@x.com')?.cn).toBe('\u212a@x.com');
    expect(find(store, 'οδος')?.cn).toBe('ΟΔΟΣ');
    expect(find(store, 'οδοσ')).toBeUndefined();
    expect(find(store, 'STRA\u1e9eE')?.cn).toBe('straße');
    expect(find(store, 'STRASSE')).toBeUndefined();
  });

  it('keeps every record and holder exact across thousands of values', () => {
    const store = new DuplicateStore();
    const n = 5000;
    for (let i = 0; i < n; i++) add(store, owner(`U${i >> 1}`), `u${i}@x.com`, i % 7 === 0 ? `u${i}@x.com ` : `u${i}@x.com`);
    for (let i = 0; i < n; i++) {
      expect(find(store, `U${i}@X.COM`)).toEqual({
        dn: dn(`U${i >> 1}`),
        cn: `U${i >> 1}`,
        objectClass: 'user',
        original: i % 7 === 0 ? `u${i}@x.com ` : `u${i}@x.com`,
        value: `u${i}@x.com`,
        action: 'Complete',
      });
    }
    expect(find(store, `u${n}@x.com`)).toBeUndefined();
    const i = store.mapFor('mail').get('u17@x.com') as number;
    expect([store.markSecond(i), store.markSecond(i)]).toEqual([true, false]);
  });

  it('does not report values whose FNV-1a hashes collide as duplicates', () => {
    expect(fnv1a('user449599@x.com')).toBe(fnv1a('user612382@x.com'));
    const { rows } = run(
      obj('A', { mail: 'user449599@x.com' }),
      obj('B', { mail: 'user612382@x.com' }),
      obj('C', { mail: 'USER612382@x.com' }),
    );
    expect(rows[1]).toEqual([]);
    expect(rows[2]?.map((f) => [f.dn, f.value, f.related])).toEqual([
      [dn('B'), 'user612382@x.com', [dn('C')]],
      [dn('C'), 'USER612382@x.com', [dn('B')]],
    ]);
  });
});
