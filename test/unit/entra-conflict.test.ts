import { describe, expect, it } from 'vitest';
import { makeObject, type AttributeValue, type DirectoryObject } from '../../src/directory/types.js';
import { hashKey } from '../../src/validate/entra/address-index.js';
import { createEntraValidator } from '../../src/validate/entra/index.js';

const USER = ['top', 'person', 'organizationalPerson', 'user'];
const dnOf = (cn: string) => `CN=${cn},OU=Staff,DC=contoso,DC=com`;

function user(cn: string, attrs: Record<string, AttributeValue | AttributeValue[]>): DirectoryObject {
  return makeObject(dnOf(cn), { objectClass: USER, cn, ...attrs });
}
function contact(cn: string, attrs: Record<string, AttributeValue | AttributeValue[]>): DirectoryObject {
  return makeObject(dnOf(cn), { objectClass: ['top', 'person', 'organizationalPerson', 'contact'], cn, ...attrs });
}

/** Runs the objects through one validator and returns only the conflict findings (from finish()). */
function conflicts(...objects: DirectoryObject[]) {
  const v = createEntraValidator();
  for (const o of objects) expect(v.check(o).some((f) => f.ruleId === 'entra.address-conflict')).toBe(false);
  return v.finish().filter((f) => f.ruleId === 'entra.address-conflict');
}

describe('entra.address-conflict', () => {
  it('reports a mail equal to another object’s UPN on BOTH objects, each pointing at the other', () => {
    const fs = conflicts(
      user('Jane Roe', { userPrincipalName: 'jane@contoso.com' }),
      user('Jane Doe', { userPrincipalName: 'jdoe@contoso.com', mail: 'Jane@Contoso.com' }),
    );
    expect(fs).toHaveLength(2);
    expect(fs[0]).toMatchObject({
      severity: 'error',
      dn: dnOf('Jane Roe'),
      cn: 'Jane Roe',
      objectClass: 'user',
      attribute: 'userPrincipalName',
      value: 'jane@contoso.com',
      related: [dnOf('Jane Doe')],
    });
    expect(fs[1]).toMatchObject({
      dn: dnOf('Jane Doe'),
      attribute: 'mail',
      value: 'Jane@Contoso.com',
      related: [dnOf('Jane Roe')],
    });
    expect(fs[1]?.message).toBe(
      `mail 'Jane@Contoso.com' is also the userPrincipalName of ${dnOf('Jane Roe')}; Entra ID requires it to be unique across userPrincipalName, mail and proxyAddresses.`,
    );
  });

  it('matches an smtp: proxy on one object against another object’s UPN, keeping the proxy value as held', () => {
    const fs = conflicts(
      user('A', { userPrincipalName: 'shared@contoso.com' }),
      contact('B', { proxyAddresses: ['SIP:shared@contoso.com', ' smtp:SHARED@contoso.com'] }),
    );
    expect(fs.map((f) => [f.dn, f.attribute, f.value])).toEqual([
      [dnOf('A'), 'userPrincipalName', 'shared@contoso.com'],
      [dnOf('B'), 'proxyAddresses', ' smtp:SHARED@contoso.com'],
    ]);
    expect(fs[0]?.message).toContain(`is also a proxy address of ${dnOf('B')}`);
  });

  it('reports all three holders, each with the other two as related', () => {
    const fs = conflicts(
      user('A', { userPrincipalName: 'x@contoso.com' }),
      user('B', { userPrincipalName: 'b@contoso.com', mail: 'x@contoso.com' }),
      contact('C', { proxyAddresses: 'SMTP:x@contoso.com' }),
    );
    expect(fs.map((f) => f.dn)).toEqual([dnOf('A'), dnOf('B'), dnOf('C')]);
    expect(fs[0]?.related).toEqual([dnOf('B'), dnOf('C')]);
    expect(fs[1]?.related).toEqual([dnOf('A'), dnOf('C')]);
    expect(fs[2]?.related).toEqual([dnOf('A'), dnOf('B')]);
    expect(fs[0]?.message).toContain(`the mail of ${dnOf('B')} and a proxy address of ${dnOf('C')}`);
  });

  it('gives an object one finding per attribute it holds the address through', () => {
    const fs = conflicts(
      user('A', { userPrincipalName: 'x@contoso.com', mail: 'x@contoso.com', proxyAddresses: 'SMTP:x@contoso.com' }),
      contact('B', { mail: 'X@contoso.com' }),
    );
    expect(fs.map((f) => [f.dn, f.attribute])).toEqual([
      [dnOf('A'), 'userPrincipalName'],
      [dnOf('A'), 'mail'],
      [dnOf('A'), 'proxyAddresses'],
      [dnOf('B'), 'mail'],
    ]);
    expect(fs[3]?.message).toContain(`the userPrincipalName, the mail and a proxy address of ${dnOf('A')}`);
  });

  it('does not report an object repeating its own address (UPN = mail = primary SMTP)', () => {
    expect(
      conflicts(
        user('A', {
          userPrincipalName: 'a@contoso.com',
          mail: 'A@contoso.com',
          proxyAddresses: ['SMTP:a@contoso.com', 'smtp:A@CONTOSO.COM'],
        }),
        user('B', { userPrincipalName: 'b@contoso.com', mail: 'b@contoso.com', proxyAddresses: 'SMTP:b@contoso.com' }),
      ),
    ).toEqual([]);
  });

  it('leaves groups where every holder uses the same attribute to IdFix', () => {
    expect(
      conflicts(
        user('A', { userPrincipalName: 'a@contoso.com', mail: 'same@contoso.com' }),
        user('B', { userPrincipalName: 'b@contoso.com', mail: 'SAME@contoso.com' }),
        user('C', { userPrincipalName: 'dup@contoso.com' }),
        user('D', { userPrincipalName: 'dup@contoso.com' }),
        contact('E', { proxyAddresses: 'smtp:p@contoso.com' }),
        contact('F', { proxyAddresses: 'SMTP:p@contoso.com' }),
      ),
    ).toEqual([]);
  });

  it('ignores non-smtp proxy addresses', () => {
    expect(
      conflicts(
        user('A', { userPrincipalName: 'a@contoso.com' }),
        user('B', { userPrincipalName: 'b@contoso.com', proxyAddresses: ['sip:a@contoso.com', 'X500:a@contoso.com', 'eum:a@contoso.com'] }),
      ),
    ).toEqual([]);
  });

  it('ignores a userPrincipalName on a contact (Entra ID has no UPN for contacts)', () => {
    expect(
      conflicts(contact('C', { userPrincipalName: 'a@contoso.com' }), user('A', { userPrincipalName: 'b@contoso.com', mail: 'a@contoso.com' })),
    ).toEqual([]);
  });

  it('trims before comparing', () => {
    expect(
      conflicts(user('A', { userPrincipalName: 'a@contoso.com ' }), contact('B', { mail: ' a@contoso.com' })).map((f) => f.dn),
    ).toEqual([dnOf('A'), dnOf('B')]);
  });

  it('keeps different addresses apart when their index hashes collide', () => {
    // Two addresses with the same 30-bit hash (found by search); the index must not confuse them.
    const [x, y] = ['u31992@contoso.com', 'u605430@contoso.com'];
    expect(hashKey(x)).toBe(hashKey(y));
    const fs = conflicts(
      user('A', { userPrincipalName: x }),
      contact('B', { mail: y }),
      contact('C', { proxyAddresses: `smtp:${x}` }),
    );
    expect(fs.map((f) => [f.dn, f.value, f.related])).toEqual([
      [dnOf('A'), x, [dnOf('C')]],
      [dnOf('C'), `smtp:${x}`, [dnOf('A')]],
    ]);
  });

  it('reports nothing more on a second finish()', () => {
    const v = createEntraValidator();
    v.check(user('A', { userPrincipalName: 'a@contoso.com' }));
    v.check(contact('B', { mail: 'a@contoso.com' }));
    expect(v.finish()).toHaveLength(2);
    expect(v.finish()).toEqual([]);
  });
});
