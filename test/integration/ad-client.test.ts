/**
 * The AD client against a real DC (Samba AD DC from scripts/ad, or CLOUDSYNC_TEST_LDAP_URL).
 * Every test that writes does so under its own OU, removed afterwards.
 */
import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdDirectory } from '../../src/directory/ad/index.js';
import { attrBuffer, attrFirst, attrStrings, type SearchRequest } from '../../src/directory/types.js';
import { addGroup, addUser, adminClient, closeAdminClient, withTestOu } from './ad-env.js';
import { cnOf, collect, env, failure, local, options, ownDc, USERS, USERS_AND_GROUPS } from './ad-client-support.js';
describe.skipIf(env === undefined)('AdDirectory against the test DC', () => {
  let dir: AdDirectory;
  let ou: { dn: string; cleanup: () => Promise<void> };

  beforeAll(async () => {
    dir = await AdDirectory.connect(options());
    ou = await withTestOu('client');
  });
  afterAll(async () => {
    await dir?.close();
    await ou?.cleanup();
    await closeAdminClient();
  });

  describe('connect', () => {
    it('binds over LDAPS and reads the rootDSE', () => {
      const dse = dir.rootDse();
      expect(dse.defaultNamingContext.toLowerCase()).toBe(env!.baseDn.toLowerCase());
      expect(dse.configurationNamingContext.toLowerCase()).toBe(`cn=configuration,${env!.baseDn}`.toLowerCase());
      expect(dse.supportedControl).toContain('1.2.840.113556.1.4.319');
      expect(dse.highestCommittedUSN).toMatch(/^\d+$/);
      expect(dse.dnsHostName).not.toBe('');
      expect(dir.baseDn).toBe(dse.defaultNamingContext);
      expect(dir.url).toBe(new URL(env!.url).protocol + '//' + new URL(env!.url).hostname + ':' + (new URL(env!.url).port || '636'));
      expect(dir.description).toBe(dir.url);
      // Nothing a debug log might print of the object shows the password.
      expect(inspect(dir, { depth: 20, showHidden: true })).not.toContain(env!.password);
      expect(JSON.stringify(dir)).not.toContain(env!.password);
    });

    it('binds with a DN and with DOMAIN\\user as well as the UPN', async () => {
      const c = await adminClient();
      const who = await c.search(dir.baseDn, { scope: 'sub', filter: `(|(userPrincipalName=${env!.bindDn})(sAMAccountName=${env!.bindDn.split('@')[0]}))`, attributes: ['sAMAccountName'] });
      const admin = who.searchEntries[0];
      expect(admin, 'the bind UPN names a user').toBeDefined();
      const refs = await c.search(`CN=Partitions,${dir.rootDse().configurationNamingContext}`, {
        scope: 'one',
        filter: '(nETBIOSName=*)',
        attributes: ['nETBIOSName', 'nCName'],
      });
      const netbios = String(refs.searchEntries.find((r) => String(r.nCName).toLowerCase() === dir.baseDn.toLowerCase())?.nETBIOSName);
      for (const bindDn of [admin!.dn, `${netbios}\\${String(admin!.sAMAccountName)}`]) {
        const d = await AdDirectory.connect(options({ bindDn }));
        expect(d.rootDse().defaultNamingContext).toBe(dir.rootDse().defaultNamingContext);
        await d.close();
      }
    });

    it('fails over to the next URL when a DC refuses the connection', async () => {
      const warnings: string[] = [];
      const d = await AdDirectory.connect(options({ urls: ['ldaps://127.0.0.1:1', env!.url] }), { onWarning: (m) => warnings.push(m) });
      expect(d.url).toBe(dir.url);
      await d.close();
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('127.0.0.1 port 1');
      expect(warnings[0]).toContain('ECONNREFUSED');
      expect(warnings[0]).toContain(`trying ${dir.url}`);
    });

    it('names every URL when none answers', async () => {
      const err = await failure(AdDirectory.connect(options({ urls: ['ldaps://127.0.0.1:1', 'ldap://127.0.0.1:2'], startTls: true })));
      expect(err.kind).toBe('connect');
      expect(err.message).toContain('ldaps://127.0.0.1:1');
      expect(err.message).toContain('ldap://127.0.0.1:2');
      expect(err.message).not.toContain('\n');
    });

    it('explains a wrong password with the AD data code, tries no other DC, and never shows the password', async () => {
      const warnings: string[] = [];
      const secret = `Wrong-${randomBytes(6).toString('hex')}`;
      const err = await failure(
        AdDirectory.connect(options({ urls: [env!.url, env!.url], password: secret }), { onWarning: (m) => warnings.push(m) }),
      );
      expect(err.kind).toBe('auth');
      expect(err.message).toContain('52e');
      expect(err.message).toContain('wrong password');
      expect(err.message).toContain(`"${env!.bindDn}"`);
      expect(warnings).toEqual([]);
      const everything = [err.message, err.detail ?? '', String((err.cause as Error | undefined)?.message), err.stack ?? ''].join('\n');
      expect(everything).not.toContain(secret);
    });

    it('explains an unknown user (AD data 525 or 52e)', async () => {
      const err = await failure(AdDirectory.connect(options({ bindDn: `nobody-${randomBytes(3).toString('hex')}@${dir.rootDse().dnsHostName}` })));
      expect(err.kind).toBe('auth');
      expect(err.message).toMatch(/AD data (525|52e)/);
    });

    it.skipIf(!env?.url.startsWith('ldaps:') || env?.caFile === undefined)(
      'names the certificate and the CA option when the CA is unknown',
      async () => {
        const { caFile: _ca, ...noCa } = options();
        const err = await failure(AdDirectory.connect(noCa));
        expect(err.kind).toBe('tls');
        expect(err.message).toMatch(/certificate subject "[^"]+", issuer "[^"]+"/);
        expect(err.message).toContain('--ca-file');
        expect(err.message).toContain('CLOUDSYNC_LDAP_CA_FILE');
        if (ownDc) {
          expect(err.message).toContain('CN=dc1.');
          expect(err.message).toContain('Cloudsync Test AD CA');
        }
      },
    );

    it.skipIf(!local)('names the certificate when it does not cover the host name', async (ctx) => {
      // The DC listens on 127.0.0.1; its certificate lists 127.0.0.1 and ::1 but not the
      // IPv4-mapped IPv6 form ::ffff:127.0.0.1, which reaches the same socket.
      const err = await failure(AdDirectory.connect(options({ urls: ['ldaps://[::ffff:127.0.0.1]:636'] })));
      if (err.kind === 'connect') ctx.skip(`IPv4-mapped IPv6 addresses are not usable here: ${err.message}`);
      expect(err.kind).toBe('tls');
      expect(err.message).toContain('ERR_TLS_CERT_ALTNAME_INVALID');
      expect(err.message).toMatch(/certificate subject "[^"]+", issuer "[^"]+"/);
      expect(err.message).toContain('--ca-file');
      expect(err.message).toContain('does not name');
    });

    it('refuses a simple bind over plain ldap:// unless plaintext is allowed', async () => {
      const err = await failure(AdDirectory.connect(options({ urls: ['ldap://127.0.0.1:389'] })));
      expect(err.kind).toBe('usage');
      expect(err.message).toContain('ldap://127.0.0.1:389');
      expect(err.message).toContain('--start-tls');
      if (ownDc) {
        const d = await AdDirectory.connect(options({ urls: ['ldap://127.0.0.1:389'], allowPlaintext: true }));
        expect(d.rootDse().defaultNamingContext).toBe(dir.rootDse().defaultNamingContext);
        await d.close();
      }
    });

    it.skipIf(!ownDc)('upgrades ldap:// with StartTLS, verifying the certificate', async () => {
      const d = await AdDirectory.connect(options({ urls: ['ldap://127.0.0.1:389'], startTls: true }));
      const objects = await collect(d.search({ scope: { baseDn: ou.dn }, typeFilter: '(objectClass=organizationalUnit)', attributes: ['ou'] }));
      expect(objects.map((o) => o.dn)).toEqual([ou.dn]);
      await d.close();
      const { caFile: _ca, ...noCa } = options({ urls: ['ldap://127.0.0.1:389'], startTls: true });
      const err = await failure(AdDirectory.connect(noCa));
      expect(err.kind).toBe('tls');
      expect(err.message).toContain('CN=dc1.');
      expect(err.message).toContain('--ca-file');
    });

    it('connects without verification only when told, with a warning', async () => {
      const warnings: string[] = [];
      const { caFile: _ca, ...noCa } = options();
      const d = await AdDirectory.connect({ ...noCa, tlsVerify: false }, { onWarning: (m) => warnings.push(m) });
      await d.close();
      expect(warnings.join('\n')).toContain('verification is OFF');
    });

    it('refuses a bind name without a password (it would be an anonymous bind)', async () => {
      const err = await failure(AdDirectory.connect(options({ password: '' })));
      expect(err.kind).toBe('usage');
    });

    it.skipIf(!ownDc)('lists the forest UPN suffixes', async () => {
      const suffixes = await dir.upnSuffixes();
      expect(suffixes[0]).toBe('corp.example.test');
      expect(suffixes).toContain('corp.example.com');
    });
  });

  describe('search', () => {
    it('names a missing OU or base DN', async () => {
      const missing = `OU=missing-${randomBytes(3).toString('hex')},${dir.baseDn}`;
      const err = await failure(collect(dir.search({ scope: { ous: [missing] }, typeFilter: USERS, attributes: ['cn'] })));
      expect(err.kind).toBe('not-found');
      expect(err.message).toContain(`OU "${missing}" does not exist`);
      expect(err.message).toContain('--ou');
      const err2 = await failure(collect(dir.search({ scope: { baseDn: missing }, typeFilter: USERS, attributes: ['cn'] })));
      expect(err2.kind).toBe('not-found');
      expect(err2.message).toContain(`base DN "${missing}" does not exist`);
      expect(err2.message).toContain('--base-dn');
    });

    it('rejects a malformed extra filter before searching', async () => {
      const err = await failure(collect(dir.search({ scope: { filter: '(cn=a' }, typeFilter: USERS, attributes: ['cn'] })));
      expect(err.kind).toBe('usage');
      expect(err.message).toContain('(cn=a');
    });

    it('streams more objects than a page, page by page, each once', async () => {
      const paged = await withTestOu('paging');
      try {
        for (let i = 0; i < 120; i++) await addUser(paged.dn, `pu${String(i).padStart(3, '0')}`);
        const d = await AdDirectory.connect(options({ pageSize: 50 }));
        const progress: number[] = [];
        const seen = new Set<string>();
        let progressAt60: number[] = [];
        for await (const o of d.search({ scope: { ous: [paged.dn] }, typeFilter: USERS, attributes: ['cn'], onProgress: (n) => progress.push(n) })) {
          seen.add(o.dn.toLowerCase());
          if (seen.size === 60) progressAt60 = [...progress];
        }
        await d.close();
        expect(seen.size).toBe(120);
        // Pages arrive as the consumer asks: at object 60 only the first page was done.
        expect(progressAt60).toEqual([50]);
        expect(progress).toEqual([50, 100, 120]);
      } finally {
        await paged.cleanup();
      }
    });

    it('stops when the signal aborts', async () => {
      const ctl = new AbortController();
      const read: string[] = [];
      const err = await (async () => {
        try {
          for await (const o of dir.search({ scope: {}, typeFilter: '(objectClass=*)', attributes: ['cn'], signal: ctl.signal })) {
            read.push(o.dn);
            ctl.abort();
          }
        } catch (e) {
          return e as Error;
        }
        return undefined;
      })();
      expect(err?.name).toBe('AbortError');
      expect(read).toHaveLength(1);
    });

    it('yields an object under two listed OUs once', async () => {
      const sub = `OU=sub,${ou.dn}`;
      await (await adminClient()).add(sub, { objectClass: ['top', 'organizationalUnit'] });
      await addUser(sub, 'nested-user');
      await addUser(ou.dn, 'top-user');
      const objects = await collect(dir.search({ scope: { ous: [sub, ou.dn, ou.dn.toLowerCase()] }, typeFilter: USERS, attributes: ['cn'] }));
      expect(objects.map(cnOf).sort()).toEqual(['nested-user', 'top-user']);
      const onlySub = await collect(dir.search({ scope: { ous: [sub] }, typeFilter: USERS, attributes: ['cn'] }));
      expect(onlySub.map(cnOf)).toEqual(['nested-user']);
    });

    it('returns binary attributes as Buffers and keys in lower case', async () => {
      const guid = randomBytes(16);
      // Bytes that are valid UTF-8 must still come back as a Buffer, not text.
      const ascii = Buffer.from('0123456789abcdef');
      const dn = await addUser(ou.dn, 'binary-user', { 'mS-DS-ConsistencyGuid': guid, msExchMailboxGuid: ascii, extensionAttribute7: 'x7' });
      const o = await dir.get(dn, ['objectGUID', 'objectSid', 'mS-DS-ConsistencyGuid', 'msExchMailboxGuid', 'extensionAttribute7', 'userPrincipalName']);
      expect(o).toBeDefined();
      const objectGuid = attrBuffer(o!, 'objectGUID');
      expect(Buffer.isBuffer(o!.attributes.get('objectguid')?.[0])).toBe(true);
      expect(objectGuid).toHaveLength(16);
      expect(Buffer.isBuffer(o!.attributes.get('objectsid')?.[0])).toBe(true);
      expect(o!.attributes.get('ms-ds-consistencyguid')?.[0]).toEqual(guid);
      expect(o!.attributes.get('msexchmailboxguid')?.[0]).toEqual(ascii);
      expect(attrFirst(o!, 'extensionattribute7')).toBe('x7');
      expect(o!.objectClass.at(-1)).toBe('user');
      expect(o!.attributes.has('userprincipalname')).toBe(false);
      for (const k of o!.attributes.keys()) expect(k).toBe(k.toLowerCase());
      expect(await dir.get(`CN=absent,${ou.dn}`, ['cn'])).toBeUndefined();
    });
  });

  describe('groups and ranged values', () => {
    let members: string[];
    let big: string;
    let other: string;
    let nested: string;
    let outside: string;
    let elsewhere: { dn: string; cleanup: () => Promise<void> } | undefined;

    beforeAll(async () => {
      members = [];
      for (let i = 0; i < 7; i++) members.push(await addUser(ou.dn, `gm${i}`));
      nested = await addGroup(ou.dn, 'nested-group');
      elsewhere = await withTestOu('elsewhere');
      outside = await addUser(elsewhere.dn, 'outside-user');
      big = await addGroup(ou.dn, 'big-group', [...members, nested, outside]);
      other = await addGroup(ou.dn, 'other-group', [members[0]!, members[6]!]);
    });
    afterAll(async () => {
      await elsewhere?.cleanup();
    });

    it('reads all members of a group in small ranges (member;range=lo-hi)', async () => {
      const d = await AdDirectory.connect(options({ rangeSize: 3 }));
      const objects = await collect(d.search({ scope: { groups: [big] }, typeFilter: USERS, attributes: ['cn'] }));
      await d.close();
      expect(objects.map(cnOf).sort()).toEqual(['gm0', 'gm1', 'gm2', 'gm3', 'gm4', 'gm5', 'gm6', 'outside-user']);
    });

    it('completes an attribute the server returned in part', async () => {
      const d = await AdDirectory.connect(options({ rangeSize: 2 }));
      const g = await d.get(big, ['member;range=0-1']);
      await d.close();
      expect(attrStrings(g!, 'member').map((m) => m.toLowerCase()).sort()).toEqual([...members, nested, outside].map((m) => m.toLowerCase()).sort());
      expect([...g!.attributes.keys()].some((k) => k.includes(';'))).toBe(false);
    });

    it('yields members of several groups once, ANDed with the type filter, the OUs and the extra filter', async () => {
      const request = (scope: SearchRequest['scope'], typeFilter = USERS): SearchRequest => ({ scope, typeFilter, attributes: ['cn'] });
      const both = await collect(dir.search(request({ groups: [big, other] })));
      expect(both.map(cnOf).sort()).toEqual(['gm0', 'gm1', 'gm2', 'gm3', 'gm4', 'gm5', 'gm6', 'outside-user']);
      const withGroups = await collect(dir.search(request({ groups: [other, big] }, USERS_AND_GROUPS)));
      expect(withGroups.map(cnOf)).toContain('nested-group');
      const inOu = await collect(dir.search(request({ groups: [big], ous: [ou.dn] })));
      expect(inOu.map(cnOf)).not.toContain('outside-user');
      expect(inOu).toHaveLength(7);
      const filtered = await collect(dir.search(request({ groups: [big], filter: '(cn=gm3)' })));
      expect(filtered.map(cnOf)).toEqual(['gm3']);
    });

    it('names a missing group', async () => {
      const missing = `CN=no-such-group,${ou.dn}`;
      const err = await failure(collect(dir.search({ scope: { groups: [missing] }, typeFilter: USERS, attributes: ['cn'] })));
      expect(err.kind).toBe('not-found');
      expect(err.message).toContain(`group "${missing}" does not exist`);
      expect(err.message).toContain('--group');
      const notGroup = await failure(collect(dir.search({ scope: { groups: [members[0]!] }, typeFilter: USERS, attributes: ['cn'] })));
      expect(notGroup.kind).toBe('not-found');
      expect(notGroup.message).toContain('is not a group');
    });
  });
});
