import { describe, expect, it } from 'vitest';
import { claimsOf } from '../../src/emulator/directory-claims.js';
import { Directory } from '../../src/emulator/directory.js';

const user = (upn: string, extra: Record<string, unknown> = {}) => ({ userPrincipalName: upn, displayName: upn.split('@')[0], ...extra });

describe('emulator directory store', () => {
  it('treats userPrincipalName, mail and smtp proxy addresses as one address space', () => {
    expect(claimsOf('user', user('A@x.com', { mail: 'a@x.com', proxyAddresses: ['SMTP:a@x.com', 'smtp:b@x.com', 'X500:/o=x'], onPremisesImmutableId: 'K' }))).toEqual([
      { key: 'a:a@x.com', property: 'userPrincipalName' },
      { key: 'a:b@x.com', property: 'proxyAddresses' },
      { key: 'p:x500:/o=x', property: 'proxyAddresses' },
      { key: 'i:k', property: 'onPremisesImmutableId' },
    ]);
    // groups have no userPrincipalName claim
    expect(claimsOf('group', { userPrincipalName: 'g@x.com', mail: 'g@x.com' })).toEqual([{ key: 'a:g@x.com', property: 'mail' }]);
    const d = new Directory();
    const a = d.insert('user', user('a@x.com', { proxyAddresses: ['smtp:alias@x.com'] }));
    expect(d.findConflict('user', undefined, user('ALIAS@x.com'))).toEqual({ key: 'a:alias@x.com', property: 'userPrincipalName' });
    expect(d.findConflict('group', undefined, { mail: 'a@x.com' })).toEqual({ key: 'a:a@x.com', property: 'mail' });
    expect(d.findConflict('user', a.id, user('a@x.com', { mail: 'a@x.com' }))).toBeUndefined();
    expect(() => d.insert('user', user('b@x.com', { mail: 'alias@x.com' }))).toThrow(/mail value already held/);
  });

  it('looks up by indexed properties without scanning, case-insensitively', () => {
    const d = new Directory();
    const a = d.insert('user', user('a@x.com', { mail: 'm@x.com', proxyAddresses: ['SMTP:m@x.com', 'sip:a@x.com'], onPremisesImmutableId: 'AbC=' }));
    d.insert('group', { displayName: 'Team', mail: 'team@x.com' });
    expect(d.lookup('user', 'userPrincipalName', 'A@X.COM')).toEqual([a]);
    expect(d.lookup('user', 'userPrincipalName', 'm@x.com')).toEqual([]); // held as mail, not as UPN
    expect(d.lookup('user', 'mail', 'M@x.com')).toEqual([a]);
    expect(d.lookup('user', 'proxyAddresses', 'smtp:m@x.com')).toEqual([a]);
    expect(d.lookup('user', 'proxyAddresses', 'SIP:a@x.com')).toEqual([a]);
    expect(d.lookup('user', 'onPremisesImmutableId', 'abc=')).toEqual([a]);
    expect(d.lookup('user', 'mail', 'team@x.com')).toEqual([]); // wrong type
    expect(d.lookup('group', 'displayName', 'team')).toHaveLength(1);
    expect(d.lookup('user', 'department', 'x')).toBeUndefined();
    expect(d.findUser('a@x.com')).toBe(a);
    expect(d.findUser(a.id.toUpperCase())).toBe(a);
  });

  it('iterates in creation order from a sequence number, skipping removed objects', () => {
    const d = new Directory();
    const made = ['a', 'b', 'c', 'd'].map((l) => d.insert('user', user(`${l}@x.com`)));
    d.remove(made[1]!, false);
    expect([...d.iterate('user')].map((o) => o.props.userPrincipalName)).toEqual(['a@x.com', 'c@x.com', 'd@x.com']);
    expect([...d.iterate('user', made[0]!.seq)].map((o) => o.props.userPrincipalName)).toEqual(['c@x.com', 'd@x.com']);
    expect(d.count('user')).toBe(3);
  });

  it('soft delete frees the addresses and memberships; restore brings both back', () => {
    const d = new Directory();
    const u = d.insert('user', user('a@x.com'));
    const g = d.insert('group', { displayName: 'G' }, { members: [u.id], owners: [u.id] });
    d.assignRole(u.id, '62e90394-69f5-4237-9190-012177145e10', () => 'role-object');
    d.remove(u, true);
    expect(g.members!.size).toBe(0);
    expect(g.owners!.size).toBe(0);
    expect(d.roleTemplatesOf(u.id)).toEqual([]);
    expect(d.deleted.get(u.id)!.object.props.deletedDateTime).toBeTruthy();
    expect(d.findConflict('user', undefined, user('a@x.com'))).toBeUndefined();
    expect(d.restore(u.id)).toBe(u);
    expect([...g.members!]).toEqual([u.id]);
    expect([...g.owners!]).toEqual([u.id]);
    expect(d.memberOf(u.id)).toEqual([g.id]);
    expect(d.roleTemplatesOf(u.id)).toEqual(['62e90394-69f5-4237-9190-012177145e10']);
    expect(u.props.deletedDateTime).toBeNull();
    expect(d.purge(u.id)).toBe(false);
  });

  it('round-trips through JSON with indexes, memberships, passwords and deleted items', () => {
    const d = new Directory();
    const u = d.insert('user', user('a@x.com', { mail: 'a@x.com' }));
    const gone = d.insert('user', user('gone@x.com'));
    d.insert('group', { displayName: 'G' }, { members: [u.id] });
    d.setPassword(u.id, 'Secret-123');
    d.remove(gone, true);
    const copy = Directory.fromJSON(JSON.parse(JSON.stringify(d.toJSON())));
    expect(copy.lookup('user', 'mail', 'a@x.com')![0]!.id).toBe(u.id);
    expect(copy.memberOf(u.id)).toHaveLength(1);
    expect(copy.checkPassword(u.id, 'Secret-123')).toBe(true);
    expect(copy.checkPassword(u.id, 'secret-123')).toBe(false);
    expect(copy.deleted.has(gone.id)).toBe(true);
    // the sequence continues, so new objects page after old ones
    expect(copy.insert('user', user('new@x.com')).seq).toBeGreaterThan(gone.seq);
  });
});

describe('emulator directory store: restore', () => {
  it('lists a restored user once, in its new place, with the count agreeing', () => {
    const d = new Directory();
    const users = Array.from({ length: 6 }, (_, i) => d.insert('user', user(`u${i}@x.com`)));
    d.remove(users[1]!, true);
    d.insert('user', user('late@x.com'));
    d.restore(users[1]!.id);
    const listed = [...d.iterate('user')].map((o) => o.props.userPrincipalName);
    expect(listed).toEqual(['u0@x.com', 'u2@x.com', 'u3@x.com', 'u4@x.com', 'u5@x.com', 'late@x.com', 'u1@x.com']);
    expect(d.count('user')).toBe(listed.length);
    // Paging after a sequence number (skip tokens) sees it once too.
    expect([...d.iterate('user', users[3]!.seq)].map((o) => o.props.userPrincipalName)).toEqual(['u4@x.com', 'u5@x.com', 'late@x.com', 'u1@x.com']);
  });
});
