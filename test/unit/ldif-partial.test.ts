/** A truncated LDIF export is a partial read: the cut entry is left out and nothing is removed on it. */
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { parseLdif } from '../../src/directory/ldif/parser.js';
import { formatContentRecord } from '../../src/directory/ldif/writer.js';
import { LdifSource } from '../../src/directory/ldif/source.js';
import { plan, readCloud, readSource, mappedTargets } from '../../src/sync/index.js';
import { adGroup, adUser, ArraySource, FakeGraph, GROUPS, Harness, STAFF } from './sync-fakes.js';

const harnesses: Harness[] = [];
afterEach(() => {
  for (const h of harnesses.splice(0)) h.cleanup();
});

async function records(text: string): Promise<{ dns: string[]; partial: string[] }> {
  const partial: string[] = [];
  const dns: string[] = [];
  for await (const r of parseLdif(Readable.from([Buffer.from(text)]), { source: 'cut.ldif', onPartial: (why) => partial.push(why) })) dns.push(r.dn);
  return { dns, partial };
}

describe('parseLdif on a file cut short', () => {
  const whole = 'dn: cn=a,dc=x\nobjectClass: user\ncn: a\n\ndn: cn=b,dc=x\nobjectClass: user\nuserPrincipalName: b@x.com\n\n';

  it('yields every entry of a complete file, with or without the closing blank line', async () => {
    expect(await records(whole)).toEqual({ dns: ['cn=a,dc=x', 'cn=b,dc=x'], partial: [] });
    expect(await records(whole.trimEnd() + '\n')).toEqual({ dns: ['cn=a,dc=x', 'cn=b,dc=x'], partial: [] });
  });

  it('leaves out an entry cut mid-line and says which file, line and entry', async () => {
    const r = await records(whole.slice(0, whole.indexOf('@x.com')));
    expect(r.dns).toEqual(['cn=a,dc=x']);
    expect(r.partial).toEqual(['cut.ldif:7: the file ends in the middle of line 7 (no line ending): the entry at line 5 was left out; the file looks cut short']);
  });

  it('leaves out an entry cut before its objectClass', async () => {
    const r = await records('dn: cn=a,dc=x\nobjectClass: user\n\ndn: cn=b,dc=x\n');
    expect(r.dns).toEqual(['cn=a,dc=x']);
    expect(r.partial[0]).toMatch(/^cut\.ldif:4: the file ends inside an entry .*the entry at line 4 was left out/);
  });

  it('yields the cut entry when no onPartial is given (change files, as before)', async () => {
    const dns: string[] = [];
    for await (const r of parseLdif(Readable.from([Buffer.from(whole.slice(0, -3))]))) dns.push(r.dn);
    expect(dns).toEqual(['cn=a,dc=x', 'cn=b,dc=x']);
  });
});

describe('readSource on a truncated LDIF', () => {
  function setup() {
    const objects = [adUser(1, 'Adele Vance'), adUser(2, 'Alex Wilber'), adUser(3, 'Megan Bowen'), adGroup(10, 'Retail Team', [`CN=Adele Vance,${STAFF}`, `CN=Megan Bowen,${STAFF}`])];
    const h = new Harness(new ArraySource(objects), new FakeGraph());
    harnesses.push(h);
    // Groups first, so the cut falls in the last user.
    const text = [objects[3]!, ...objects.slice(0, 3)].map(formatContentRecord).join('\n');
    return { h, text };
  }

  it('reports the read incomplete, naming the file and line, and plans no removals', async () => {
    const { h, text } = setup();
    await h.sync();
    const file = join(h.stateDir, 'cut.ldif');
    writeFileSync(file, text.slice(0, text.lastIndexOf('userprincipalname') + 25));
    const source = await readSource(new LdifSource(file), h.scope, h.mapping);
    expect(source.complete).toBe(false);
    expect(source.incompleteReason).toMatch(new RegExp(`^the read of .*cut\\.ldif was partial: .*cut\\.ldif:\\d+: the file ends in the middle of line \\d+`));
    expect(source.users.map((u) => u.dn)).toEqual([`CN=Adele Vance,${STAFF}`, `CN=Alex Wilber,${STAFF}`]);
    const cloud = await readCloud(h.graph, { targets: mappedTargets(h.mapping) });
    const p = plan(source, cloud, h.workspace().loadState(), { tenant: 'contoso', scopeKey: h.workspace().key });
    expect(p.operations.filter((o) => ['delete', 'disable', 'remove-member'].includes(o.action))).toEqual([]);
    expect(p.withheldRemovals).toBeGreaterThan(0);
    expect(p.source.complete).toBe(false);
  });

  it('reads the same file whole as complete', async () => {
    const { h, text } = setup();
    const file = join(h.stateDir, 'whole.ldif');
    writeFileSync(file, text);
    const source = await readSource(new LdifSource(file), h.scope, h.mapping);
    expect(source.complete).toBe(true);
    expect(source.users).toHaveLength(3);
    expect(GROUPS).toBeTruthy();
  });
});

describe('validate on a truncated LDIF', () => {
  it('says the read was partial in the summary', async () => {
    const { validateDirectory } = await import('../../src/validate/run.js');
    const h = new Harness(new ArraySource([]), new FakeGraph());
    harnesses.push(h);
    const file = join(h.stateDir, 'cut.ldif');
    writeFileSync(file, [adUser(1, 'Adele Vance'), adUser(2, 'Alex Wilber')].map(formatContentRecord).join('').slice(0, -40));
    const r = await validateDirectory(new LdifSource(file), { rules: 'idfix', scope: {} });
    expect(r.summary.objectsRead).toBe(1);
    expect(r.summary.partialRead).toMatch(/cut\.ldif:\d+: the file ends in the middle of line \d+ \(no line ending\)/);
    writeFileSync(file, [adUser(1, 'Adele Vance')].map(formatContentRecord).join(''));
    expect((await validateDirectory(new LdifSource(file), { rules: 'idfix', scope: {} })).summary.partialRead).toBeUndefined();
  });
});
