import v8 from 'node:v8';
import vm from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { ownString, StringPool } from '../../src/sync/read/own-strings.js';
import { adGroup, adUser, ArraySource, FakeGraph, Harness, STAFF } from './sync-fakes.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** Heap still held after keeping one 40-character value from each of 48 chunks of 512 KiB (heap strings, as the LDIF reader's). */
function heapKept(keep: (s: string) => string): number {
  gc();
  const before = process.memoryUsage().heapUsed;
  const kept: string[] = [];
  for (let i = 0; i < 48; i++) {
    const chunk = Buffer.alloc(512 * 1024, `user${i}@contoso.com;`).toString('latin1');
    kept.push(keep(chunk.slice(1000, 1040)));
  }
  gc();
  const held = process.memoryUsage().heapUsed - before;
  expect(kept.every((s) => s.length === 40)).toBe(true);
  return held;
}

describe('ownString', () => {
  it('keeps the text of a slice without keeping the string it was cut from', () => {
    expect(heapKept((s) => s)).toBeGreaterThan(16 * 1024 * 1024); // the slices alone pin every chunk
    expect(heapKept(ownString)).toBeLessThan(2 * 1024 * 1024);
  });

  it('keeps every kind of text exactly', () => {
    const samples = [
      'CN=Alex Gu 1,OU=Engineering,OU=Staff,DC=contoso,DC=com',
      'Øystein Åberg — Núñez, José', // latin1 and beyond
      'emoji 😀 and a lone surrogate \ud800 at the end',
      'x'.repeat(40_000), // longer than the scratch buffer
      'short',
      '',
    ];
    for (const s of samples) expect(ownString(`${s}`)).toBe(s);
    const big = 'prefix:'.repeat(20_000) + samples.join('|');
    expect(ownString(big.slice(140_000))).toBe(samples.join('|'));
  });
});

describe('StringPool', () => {
  it('gives back the same text for strings and string collections, and leaves other values alone', () => {
    const pool = new StringPool();
    expect(pool.value('Engineering department')).toBe('Engineering department');
    expect(pool.value(['SMTP:alex@contoso.com', 'smtp:alex@contoso.mail.onmicrosoft.com'])).toEqual(['SMTP:alex@contoso.com', 'smtp:alex@contoso.mail.onmicrosoft.com']);
    expect(pool.value(true)).toBe(true);
    expect(pool.value(null)).toBe(null);
    // Past its limit the pool starts over and still answers with the right text.
    for (let i = 0; i < 70_000; i++) expect(pool.share(`unique value number ${i}`)).toBe(`unique value number ${i}`);
  });
});

describe('a create operation', () => {
  const harnesses: Harness[] = [];
  afterEach(() => {
    for (const h of harnesses.splice(0)) h.cleanup();
  });

  it('reads, spreads and serialises its changes like a stored field, in the same place', async () => {
    const h = new Harness(new ArraySource([adUser(1, 'Adele Vance', { department: 'Retail', title: 'Buyer' }), adGroup(10, 'Retail Team', [`CN=Adele Vance,${STAFF}`])]), new FakeGraph());
    harnesses.push(h);
    const p = await h.plan();
    const create = p.operations.find((o) => o.action === 'create' && o.kind === 'user')!;
    expect(create.action).toBe('create');
    const props = create.action === 'create' ? create.properties : {};
    const expected = Object.keys(props)
      .sort()
      .map((k) => ({ attribute: k, old: null, new: props[k] }));
    expect(create.changes).toEqual(expected);
    expect({ ...create }.changes).toEqual(expected);
    // After the properties and before seq, as when the changes were stored.
    const keys = Object.keys(JSON.parse(JSON.stringify(create)) as object);
    expect(keys.slice(keys.indexOf('properties'))).toEqual(['properties', 'changes', 'seq']);
    // A plan read back from its JSON (a saved plan) is the same plan.
    expect(JSON.parse(JSON.stringify(p))).toEqual(p);
  });
});
