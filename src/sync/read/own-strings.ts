/**
 * Own copies of strings that a snapshot keeps for the whole run. V8 represents a slice of a long
 * string as a view that keeps the whole of it alive (the LDIF reader's values are views of its read
 * chunks), and a concatenation as a tree of pieces; either way a short value kept per object can
 * hold far more memory than its own characters. A copy made through a Buffer is one flat string.
 */

/** Shorter slices and concatenations are copied by V8 itself. */
const V8_MIN_VIEW = 13;
/** Characters a latin1 copy cannot carry (those strings are copied losslessly another way). */
const WIDE = /[\u0100-\uffff]/;
const scratch = Buffer.allocUnsafe(16 * 1024);

/** The same text as a flat string that refers to nothing else. */
export function ownString(s: string): string {
  if (s.length < V8_MIN_VIEW) return s;
  if (s.length > scratch.length || WIDE.test(s)) return JSON.parse(JSON.stringify(s)) as string;
  return scratch.toString('latin1', 0, scratch.write(s, 0, 'latin1'));
}

export function ownStrings(list: readonly string[]): string[] {
  return list.map(ownString);
}

/** Entries a pool holds before it starts over: bounds it when most values are unique (UPNs, mail). */
const POOL_LIMIT = 1 << 15;

/**
 * One owned string per text for values that repeat across objects (company, department, job
 * title, city): 100k users otherwise hold 100k copies of "Contoso". Scoped to one read.
 */
export class StringPool {
  private readonly strings = new Map<string, string>();

  share(s: string): string {
    const pooled = this.strings.get(s);
    if (pooled !== undefined) return pooled;
    const owned = ownString(s);
    if (this.strings.size >= POOL_LIMIT) this.strings.clear();
    this.strings.set(owned, owned);
    return owned;
  }

  /** A property value with its strings shared. */
  value<T extends string | boolean | readonly string[] | null>(v: T): T {
    if (typeof v === 'string') return this.share(v) as T;
    if (Array.isArray(v)) return v.map((s: string) => this.share(s)) as unknown as T;
    return v;
  }
}
