/**
 * ldapts search entries -> DirectoryObject: lower-case keys, attribute options stripped, binary
 * attributes as Buffers, and ranged values (`member;range=0-1499`) noted for completion.
 */
import type { Entry } from 'ldapts';
import { BINARY_ATTRIBUTES, type AttributeValue, type DirectoryObject } from '../types.js';

/** AD's spelling of the binary attributes: ldapts matches explicitBufferAttributes case-sensitively. */
const BINARY_CANONICAL = [
  'objectGUID',
  'objectSid',
  'mS-DS-ConsistencyGuid',
  'msExchMailboxGuid',
  'thumbnailPhoto',
  'jpegPhoto',
  'userCertificate',
  'sIDHistory',
  'tokenGroups',
  'msDS-GenerationId',
];

/** Names to pass as explicitBufferAttributes so binary values never go through UTF-8 decoding. */
export function bufferAttributeNames(requested: readonly string[]): string[] {
  const names = new Set<string>([...BINARY_CANONICAL, ...BINARY_ATTRIBUTES]);
  for (const r of requested) if (BINARY_ATTRIBUTES.has(baseName(r).toLowerCase())) names.add(r);
  return [...names];
}

/** The attributes to request: the caller's plus objectClass and distinguishedName, once each. */
export function requestedAttributes(attributes: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const a of ['objectClass', 'distinguishedName', ...attributes]) {
    const k = a.toLowerCase();
    if (!seen.has(k)) {
      seen.add(k);
      out.push(a);
    }
  }
  return out;
}

export function baseName(attribute: string): string {
  const i = attribute.indexOf(';');
  return i === -1 ? attribute : attribute.slice(0, i);
}

/** A ranged attribute part: values lo..hi (hi undefined = `*`, the last part). */
export interface RangedPart {
  /** Attribute name as the server spelled it, without options. */
  name: string;
  low: number;
  high: number | undefined;
}

export function parseRange(attribute: string): RangedPart | undefined {
  const m = /;range=(\d+)-(\d+|\*)(?:;|$)/i.exec(attribute);
  if (m === null) return undefined;
  return { name: baseName(attribute), low: Number(m[1]), high: m[2] === '*' ? undefined : Number(m[2]) };
}

export interface ConvertedEntry {
  object: DirectoryObject;
  /** Attributes the server returned only partly; the caller must read `name;range=(high+1)-*`. */
  incomplete: RangedPart[];
}

function asValues(v: Entry[string]): AttributeValue[] {
  if (Array.isArray(v)) return v as AttributeValue[];
  return [v as AttributeValue];
}

export function convertEntry(entry: Entry): ConvertedEntry {
  const attributes = new Map<string, AttributeValue[]>();
  const incomplete: RangedPart[] = [];
  for (const [key, raw] of Object.entries(entry)) {
    if (key === 'dn') continue;
    const values = asValues(raw);
    // ldapts adds an empty placeholder for each requested attribute the server did not return.
    if (values.length === 0) continue;
    const name = baseName(key).toLowerCase();
    const range = parseRange(key);
    if (range !== undefined && range.high !== undefined) incomplete.push(range);
    const list = attributes.get(name);
    if (list === undefined) attributes.set(name, [...values]);
    else list.push(...values);
  }
  const objectClass = (attributes.get('objectclass') ?? []).map((v) => (typeof v === 'string' ? v : v.toString('utf8')));
  return { object: { dn: entry.dn, objectClass, attributes }, incomplete };
}

/** Appends the values of a further ranged read to an object (its attribute map is ours to grow). */
export function appendValues(object: DirectoryObject, name: string, values: readonly AttributeValue[]): void {
  const map = object.attributes as Map<string, AttributeValue[]>;
  const key = name.toLowerCase();
  const list = map.get(key);
  if (list === undefined) map.set(key, [...values]);
  else list.push(...values);
}
