/**
 * The run-wide duplicate store (§6): per attribute, a hash table from the case-folded chain value
 * to a compact record of the first object that had it. O(1) per value, where IdFix scans lists
 * (O(n²) per attribute).
 *
 * Key folding: IdFix compares with .NET InvariantCultureIgnoreCase, a linguistic comparison.
 * String.toLowerCase() is identical for ASCII. For other text it can differ: .NET ignores
 * "ignorable" characters (NUL, soft hyphen U+00AD, zero-width joiners …) and may treat some
 * sequences as equal (e.g. "ß" and "ss", precomposed vs decomposed accents), which this store
 * does not; and toLowerCase() uses full Unicode mappings (e.g. U+0130 -> "i̇").
 *
 * Memory (10⁵ objects ≈ 5·10⁵ values): the LDIF parser hands out slices of its 64 KB read
 * buffers, so keeping a value string would keep its whole buffer alive. The store copies what
 * it keeps into shared page strings, keeps no key strings (tables hold record numbers, found by
 * a 32-bit hash of the folded value and confirmed against the stored value) and keeps the rest
 * in typed arrays: about 25 bytes per value plus its characters.
 */
import type { ProposedAction } from '../findings.js';

/** The holder's object, shared by all the values it records. */
export interface Owner {
  readonly dn: string;
  readonly cn: string;
  readonly objectClass: string;
}

/** A first holder, materialized when a second holder appears. */
export interface FirstHolder extends Owner {
  /** Its original attribute value (IdFix's VALUE). */
  readonly original: string;
  /** Its chain value at the R-DUP position (the compared value; its UPDATE). */
  readonly value: string;
  /** §6.3 action for the first holder's own entry. */
  readonly action: ProposedAction;
}

/** The comparison key of a value (see the note above on Unicode). */
export function duplicateKey(value: string): string {
  return value.toLowerCase();
}

/** FNV-1a over UTF-16 code units, as a signed 32-bit integer. */
export function fnv1a(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h | 0;
}

/** What a table needs from the records it points at. */
export interface RecordKeys {
  hashOf(r: number): number;
  /** Whether record r's value has this hash and folds to key. */
  matches(r: number, hash: number, key: string): boolean;
}

/**
 * One attribute's table: duplicateKey(value) -> record number. Open addressing with linear
 * probing over record numbers + 1 (0 = free), at most half full.
 */
export class ValueTable {
  private slots = new Int32Array(64);
  private size = 0;
  /** Where the last get() stopped, so that record() right after it need not probe again. */
  private lastKey: string | undefined;
  private lastHash = 0;
  private lastSlot = 0;

  constructor(
    private readonly records: RecordKeys,
    private readonly hash: (key: string) => number,
  ) {}

  get(key: string): number | undefined {
    const h = this.hash(key) | 0;
    const slots = this.slots;
    const mask = slots.length - 1;
    let s = h & mask;
    let r = slots[s]!;
    while (r !== 0 && !this.records.matches(r - 1, h, key)) {
      s = (s + 1) & mask;
      r = slots[s]!;
    }
    this.lastKey = key;
    this.lastHash = h;
    this.lastSlot = s;
    return r === 0 ? undefined : r - 1;
  }

  /** The hash of key, leaving the probe at key's slot for put(). */
  locate(key: string): number {
    if (key !== this.lastKey) this.get(key);
    return this.lastHash;
  }

  /** Points the slot found by locate() (or get()) at record r, like Map.set. */
  put(r: number): void {
    if (this.slots[this.lastSlot] === 0) this.size++;
    this.slots[this.lastSlot] = r + 1;
    this.lastKey = undefined;
    if (this.size * 2 > this.slots.length) this.grow();
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (const r of this.slots) {
      if (r === 0) continue;
      let s = this.records.hashOf(r - 1) & mask;
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = r;
    }
    this.slots = slots;
  }
}

/** The run-wide store: one ValueTable per attribute over one set of records. */
export class DuplicateStore {
  private readonly tables = new Map<string, ValueTable>();
  private readonly records = new Records();

  /** `hash` maps a key to 32 bits; replaceable so that tests can force collisions. */
  constructor(private readonly hash: (key: string) => number = fnv1a) {}

  /** The table of one attribute (created on first use): duplicateKey(value) -> record number. */
  mapFor(attr: string): ValueTable {
    let t = this.tables.get(attr);
    if (t === undefined) {
      t = new ValueTable(this.records, this.hash);
      this.tables.set(attr, t);
    }
    return t;
  }

  /** Records the first holder of key (normally just after table.get(key) found none). */
  record(table: ValueTable, key: string, owner: Owner, original: string, value: string, action: ProposedAction): void {
    table.put(this.records.add(table.locate(key), owner, original, value, action));
  }

  holder(i: number): FirstHolder {
    return this.records.holder(i);
  }

  /** True the first time record i gets a second holder. */
  markSecond(i: number): boolean {
    return this.records.markSecond(i);
  }
}

const ACTIONS: readonly ProposedAction[] = ['Edit', 'Complete', 'Remove'];
/** Record flags: the action's index in ACTIONS, then two bits. */
const ACTION_MASK = 3;
const HAS_ORIGINAL = 4;
const SEEN_TWICE = 8;

/**
 * The records, in typed arrays indexed by record number. A record's value is one TextArena item,
 * followed by its original when that differs (rare: only a fix before R-DUP does that).
 */
class Records implements RecordKeys {
  private readonly texts = new TextArena();
  /** Owner k is items 3k, 3k+1 and 3k+2: dn, cn and objectClass. */
  private readonly owners = new TextArena();
  /** The value's length, for records whose item also holds the original. */
  private readonly valueLengths = new Map<number, number>();
  private hashes = new Int32Array(1024);
  private ownerOf = new Int32Array(1024);
  private flags = new Uint8Array(1024);
  private count = 0;
  private ownerCount = 0;
  /** Records of one object arrive together and share its Owner object. */
  private lastOwner: Owner | undefined;

  add(hash: number, owner: Owner, original: string, value: string, action: ProposedAction): number {
    if (owner !== this.lastOwner) {
      this.lastOwner = owner;
      this.owners.push(owner.dn);
      this.owners.push(owner.cn);
      this.owners.push(owner.objectClass);
      this.ownerCount++;
    }
    const r = this.count++;
    if (r === this.flags.length) {
      this.hashes = grown(this.hashes);
      this.ownerOf = grown(this.ownerOf);
      const flags = new Uint8Array(r * 2);
      flags.set(this.flags);
      this.flags = flags;
    }
    this.hashes[r] = hash;
    this.ownerOf[r] = this.ownerCount - 1;
    if (original === value) {
      this.texts.push(value);
      this.flags[r] = ACTIONS.indexOf(action);
    } else {
      this.texts.push(value + original);
      this.valueLengths.set(r, value.length);
      this.flags[r] = ACTIONS.indexOf(action) | HAS_ORIGINAL;
    }
    return r;
  }

  hashOf(r: number): number {
    return this.hashes[r]!;
  }

  matches(r: number, hash: number, key: string): boolean {
    if (this.hashes[r] !== hash) return false;
    const text = this.texts.locate(r);
    const from = this.texts.from;
    const to = (this.flags[r]! & HAS_ORIGINAL) === 0 ? this.texts.to : from + this.valueLengths.get(r)!;
    return foldsTo(text, from, to, key);
  }

  holder(r: number): FirstHolder {
    const k = this.ownerOf[r]! * 3;
    const flags = this.flags[r]!;
    const text = this.texts.get(r);
    const split = (flags & HAS_ORIGINAL) === 0 ? text.length : this.valueLengths.get(r)!;
    const value = text.slice(0, split);
    return {
      dn: this.owners.get(k),
      cn: this.owners.get(k + 1),
      objectClass: this.owners.get(k + 2),
      original: split === text.length ? value : text.slice(split),
      value,
      action: ACTIONS[flags & ACTION_MASK]!,
    };
  }

  markSecond(r: number): boolean {
    const flags = this.flags[r]!;
    if ((flags & SEEN_TWICE) !== 0) return false;
    this.flags[r] = flags | SEEN_TWICE;
    return true;
  }
}

const PAGE_BITS = 10;
const PAGE_SIZE = 1 << PAGE_BITS;

/**
 * Append-only strings, joined 1024 at a time into one page string: each then costs its
 * characters and 4 bytes, and none keeps alive the buffer it was sliced from.
 */
class TextArena {
  private readonly pages: string[] = [];
  private pending: string[] = [];
  private pendingLength = 0;
  /** Item i ends at ends[i] in its page (and starts where item i - 1 ends, or at 0). */
  private ends = new Int32Array(PAGE_SIZE);
  private count = 0;
  /** Set by locate(). */
  from = 0;
  to = 0;

  push(s: string): void {
    if (this.count === this.ends.length) this.ends = grown(this.ends);
    this.pendingLength += s.length;
    this.ends[this.count++] = this.pendingLength;
    this.pending.push(s);
    if (this.pending.length === PAGE_SIZE) {
      this.pages.push(this.pending.join(''));
      this.pending = [];
      this.pendingLength = 0;
    }
  }

  /** The string holding item i, which is its [from, to) (no copy: this runs for every lookup). */
  locate(i: number): string {
    const page = this.pages[i >> PAGE_BITS];
    if (page === undefined) {
      const s = this.pending[i & (PAGE_SIZE - 1)]!;
      this.from = 0;
      this.to = s.length;
      return s;
    }
    this.from = (i & (PAGE_SIZE - 1)) === 0 ? 0 : this.ends[i - 1]!;
    this.to = this.ends[i]!;
    return page;
  }

  get(i: number): string {
    const text = this.locate(i);
    return text.slice(this.from, this.to);
  }
}

function grown(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/**
 * Whether text[from, to).toLowerCase() === key, where key is already lower-case. ASCII is folded
 * in place; from the first non-ASCII character on, toLowerCase() decides (it may change lengths).
 */
export function foldsTo(text: string, from: number, to: number, key: string): boolean {
  const n = to - from;
  const m = Math.min(n, key.length);
  for (let i = 0; i < m; i++) {
    const c = text.charCodeAt(from + i);
    const k = key.charCodeAt(i);
    if (c >= 0x80 || k >= 0x80) return text.slice(from, to).toLowerCase() === key;
    if (c !== k && !(c >= 0x41 && c <= 0x5a && c + 0x20 === k)) return false;
  }
  if (n === key.length) return true;
  // One is a prefix of the other. Only a stored non-ASCII rest could still fold to key (if some
  // character ever lower-cased to fewer code units; none does in Unicode 17).
  for (let i = from + m; i < to; i++) {
    if (text.charCodeAt(i) >= 0x80) return text.slice(from, to).toLowerCase() === key;
  }
  return false;
}
