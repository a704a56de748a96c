/**
 * An in-memory directory for unit tests, with LDAP modify semantics: one modify is atomic,
 * attribute names ignore case, string values match ignoring case (as AD's Unicode strings do),
 * and the server's errors for deleting what is absent (noSuchAttribute, 16) or adding what is
 * present (attributeOrValueExists, 20). Not a filter engine: search returns every object under
 * the scope's base.
 */
import {
  makeObject,
  type AttributeValue,
  type DirectoryObject,
  type DirectorySource,
  type DirectoryWriter,
  type Modification,
  type SearchRequest,
} from '../../src/directory/types.js';

/** An LDAP result code with the message a server would give. */
export class LdapResultError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'LdapResultError';
  }
}

const RESULT_NAMES: Record<number, string> = {
  16: 'noSuchAttribute',
  20: 'attributeOrValueExists',
  32: 'noSuchObject',
};

function fail(code: number, detail: string): never {
  throw new LdapResultError(code, `${RESULT_NAMES[code] ?? 'error'} (${code}): ${detail}`);
}

function same(a: AttributeValue, b: AttributeValue): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  return Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;
}

export interface ModifyCall {
  readonly dn: string;
  readonly changes: readonly Modification[];
}

export class MemoryDirectory implements DirectorySource, DirectoryWriter {
  readonly description = 'memory directory';
  /** Every modify request, in order, including those that failed. */
  readonly modifyCalls: ModifyCall[] = [];
  /** Called before each modify is applied; throw from it to simulate a server failure. */
  beforeModify?: (dn: string, changes: readonly Modification[]) => void;
  private readonly objects = new Map<string, DirectoryObject>();

  constructor(objects: Record<string, Record<string, AttributeValue | readonly AttributeValue[]>> = {}) {
    for (const [dn, attrs] of Object.entries(objects)) this.put(dn, attrs);
  }

  /** Adds or replaces an object directly (not through modify). */
  put(dn: string, attrs: Record<string, AttributeValue | readonly AttributeValue[]>): void {
    this.objects.set(dn.toLowerCase(), makeObject(dn, attrs));
  }

  remove(dn: string): void {
    this.objects.delete(dn.toLowerCase());
  }

  /** The object's values of one attribute right now ([] when absent or when the object is gone). */
  values(dn: string, attribute: string): AttributeValue[] {
    return [...(this.objects.get(dn.toLowerCase())?.attributes.get(attribute.toLowerCase()) ?? [])];
  }

  async *search(request: SearchRequest): AsyncIterable<DirectoryObject> {
    const base = request.scope.baseDn?.toLowerCase();
    for (const [key, o] of this.objects) {
      if (base === undefined || key === base || key.endsWith(`,${base}`)) yield this.pick(o, request.attributes);
    }
  }

  async get(dn: string, attributes: readonly string[]): Promise<DirectoryObject | undefined> {
    const o = this.objects.get(dn.toLowerCase());
    return o && this.pick(o, attributes);
  }

  async modify(dn: string, changes: readonly Modification[]): Promise<void> {
    this.modifyCalls.push({ dn, changes: changes.map((c) => ({ ...c, values: [...c.values] })) });
    this.beforeModify?.(dn, changes);
    const o = this.objects.get(dn.toLowerCase());
    if (!o) fail(32, `no object ${dn}`);
    // Work on a copy and swap it in at the end: all or nothing.
    const attrs = new Map([...o.attributes].map(([k, v]) => [k, [...v]]));
    for (const c of changes) {
      const key = c.attribute.toLowerCase();
      const current = attrs.get(key) ?? [];
      if (c.operation === 'replace') {
        const next: AttributeValue[] = [];
        for (const v of c.values) {
          if (next.some((x) => same(x, v))) fail(20, `${c.attribute}: duplicate value in replace`);
          next.push(v);
        }
        if (next.length === 0) attrs.delete(key);
        else attrs.set(key, next);
      } else if (c.operation === 'add') {
        if (c.values.length === 0) fail(20, `${c.attribute}: add without values`);
        for (const v of c.values) {
          if (current.some((x) => same(x, v))) fail(20, `${c.attribute}: value already present`);
          current.push(v);
        }
        attrs.set(key, current);
      } else {
        if (current.length === 0) fail(16, `${c.attribute}: attribute not present`);
        if (c.values.length === 0) {
          attrs.delete(key);
          continue;
        }
        for (const v of c.values) {
          const i = current.findIndex((x) => same(x, v));
          if (i < 0) fail(16, `${c.attribute}: value not present`);
          current.splice(i, 1);
        }
        if (current.length === 0) attrs.delete(key);
        else attrs.set(key, current);
      }
    }
    const oc = (attrs.get('objectclass') ?? []).map(String);
    this.objects.set(dn.toLowerCase(), { dn: o.dn, objectClass: oc, attributes: attrs });
  }

  async close(): Promise<void> {}

  /** An empty attribute list means every attribute, as in LDAP. */
  private pick(o: DirectoryObject, attributes: readonly string[]): DirectoryObject {
    if (attributes.length === 0) return o;
    const wanted = new Set(['objectclass', ...attributes.map((a) => a.toLowerCase())]);
    const attrs = new Map([...o.attributes].filter(([k]) => wanted.has(k)).map(([k, v]) => [k, [...v]]));
    return { dn: o.dn, objectClass: [...o.objectClass], attributes: attrs };
  }
}
