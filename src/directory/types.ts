/**
 * The common shape of directory data, whatever the source (AD over LDAP, or an LDIF file).
 */

/** Text attributes are strings; binary ones (objectGUID, objectSid, mS-DS-ConsistencyGuid, …) are Buffers. */
export type AttributeValue = string | Buffer;

export interface DirectoryObject {
  /** The DN exactly as the source gave it. */
  readonly dn: string;
  /** objectClass values in the source's order (AD: top … most specific). */
  readonly objectClass: readonly string[];
  /** Attribute values keyed by lower-case attribute name (without ;range or ;binary options). */
  readonly attributes: ReadonlyMap<string, readonly AttributeValue[]>;
}

/** The attribute names that are binary in AD; sources return these as Buffers. */
export const BINARY_ATTRIBUTES: ReadonlySet<string> = new Set([
  'objectguid',
  'objectsid',
  'ms-ds-consistencyguid',
  'msexchmailboxguid',
  'thumbnailphoto',
  'jpegphoto',
  'usercertificate',
  'sidhistory',
  'tokengroups',
  'msds-generationid',
]);

/** Which objects a read covers. Every DN is validated by the source before use. */
export interface Scope {
  /** Search base; default: the source's default naming context (AD) or everything (LDIF). */
  readonly baseDn?: string;
  /** Subtrees to read; empty or absent means the whole base. */
  readonly ous?: readonly string[];
  /** Groups whose direct members are read (like Cloud Sync's group scoping). */
  readonly groups?: readonly string[];
  /** An extra RFC 4515 filter ANDed with the object-type filter. */
  readonly filter?: string;
}

export interface SearchRequest {
  readonly scope: Scope;
  /** The object-type filter, e.g. (|(objectCategory=person)(objectCategory=group)). */
  readonly typeFilter: string;
  /** Attribute names to return (objectClass and distinguishedName are always returned). */
  readonly attributes: readonly string[];
  readonly signal?: AbortSignal;
  /** Called after each page (AD) or every few thousand entries (LDIF). */
  readonly onProgress?: (read: number) => void;
}

export interface DirectorySource {
  /** A human description for messages, e.g. "ldaps://dc1:636" or "examples/contoso.ldif". */
  readonly description: string;
  /**
   * True when values may be views into large read buffers (LDIF): whoever keeps values beyond the
   * current object should copy them, or one kept value pins a whole buffer.
   */
  readonly valuesShareBuffers?: boolean;
  /** Streams matching objects; never buffers the whole result. Each DN is yielded at most once. */
  search(request: SearchRequest): AsyncIterable<DirectoryObject>;
  /**
   * After a search ran to its end: why it was a partial read (e.g. an LDIF file cut short), or
   * undefined when it read everything. A partial read yields what it could and does not throw,
   * so a sync on it plans no removals.
   */
  partialRead?(): string | undefined;
  /** One object by DN, or undefined when it does not exist. */
  get(dn: string, attributes: readonly string[]): Promise<DirectoryObject | undefined>;
  /** UPN suffixes the forest accepts (uPNSuffixes plus the forest root DNS name), when known. */
  upnSuffixes?(): Promise<readonly string[]>;
  close(): Promise<void>;
}

export type ModificationOperation = 'add' | 'delete' | 'replace';

export interface Modification {
  readonly operation: ModificationOperation;
  readonly attribute: string;
  /** Values to add/delete/replace; for delete, empty means "the whole attribute". */
  readonly values: readonly AttributeValue[];
}

export interface DirectoryWriter {
  /** Applies all modifications in ONE LDAP modify operation (atomic on the server). */
  modify(dn: string, changes: readonly Modification[]): Promise<void>;
}

// ---- small accessors (attribute names are case-insensitive) --------------------------------

export function attrValues(o: DirectoryObject, name: string): readonly AttributeValue[] {
  return o.attributes.get(name.toLowerCase()) ?? [];
}

/** First value as text, or undefined when absent. Binary values are not text: use attrBuffer. */
export function attrFirst(o: DirectoryObject, name: string): string | undefined {
  const v = o.attributes.get(name.toLowerCase())?.[0];
  return v === undefined ? undefined : typeof v === 'string' ? v : v.toString('utf8');
}

export function attrStrings(o: DirectoryObject, name: string): string[] {
  return attrValues(o, name).map((v) => (typeof v === 'string' ? v : v.toString('utf8')));
}

export function attrBuffer(o: DirectoryObject, name: string): Buffer | undefined {
  const v = o.attributes.get(name.toLowerCase())?.[0];
  return v === undefined ? undefined : typeof v === 'string' ? Buffer.from(v, 'utf8') : v;
}

export function hasAttr(o: DirectoryObject, name: string): boolean {
  return (o.attributes.get(name.toLowerCase())?.length ?? 0) > 0;
}

/** The most specific objectClass (IdFix's "object type": the last value). */
export function objectType(o: DirectoryObject): string {
  return o.objectClass[o.objectClass.length - 1] ?? '';
}

export function makeObject(
  dn: string,
  attrs: Record<string, AttributeValue | readonly AttributeValue[]>,
): DirectoryObject {
  const m = new Map<string, AttributeValue[]>();
  for (const [k, v] of Object.entries(attrs)) {
    const list = Array.isArray(v) ? [...(v as AttributeValue[])] : [v as AttributeValue];
    const key = k.toLowerCase();
    m.set(key, [...(m.get(key) ?? []), ...list]);
  }
  const oc = (m.get('objectclass') ?? []).map((v) => v.toString());
  return { dn, objectClass: oc, attributes: m };
}
