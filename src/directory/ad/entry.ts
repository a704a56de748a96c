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

/**
 * Names to pass as explicitBufferAttributes so binary values never go through UTF-8 decoding.
 * Empty when no binary attribute is asked for: ldapts scans this list for every attribute of
 * every entry, and the server returns only what was asked (`*` and `+` ask for more).
 */
export function bufferAttributeNames(requested: readonly string[]): string[] {
  const all = requested.some((r) => r === '*' || r === '+');
  const asked = requested.filter((r) => BINARY_ATTRIBUTES.has(baseName(r).toLowerCase()));
  if (!all && asked.length === 0) return [];
  return [...new Set<string>([...BINARY_CANONICAL, ...BINARY_ATTRIBUTES, ...asked])];
}

/**
 * The attributes to request: the caller's plus objectClass, once each. distinguishedName is not
 * sent for (the DC would spend time returning it with every entry): convertEntry takes it from
 * the entry's name, which is the same value.
 */
export function requestedAttributes(attributes: readonly string[]): string[] {
  const seen = new Set<string>(['distinguishedname']);
  const out: string[] = [];
  for (const a of ['objectClass', ...attributes]) {
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
  incomplete: readonly RangedPart[];
}

const NONE: readonly RangedPart[] = [];

/** Map keys of plain attribute descriptions (no options) as the server spells them: a few dozen names. */
const plainKeys = new Map<string, string>();
const PLAIN_KEYS_MAX = 4096;

function plainKey(description: string): string {
  let key = plainKeys.get(description);
  if (key === undefined) {
    key = description.toLowerCase();
    if (plainKeys.size >= PLAIN_KEYS_MAX) plainKeys.clear();
    plainKeys.set(description, key);
  }
  return key;
}

/**
 * Takes the entry's value arrays over rather than copying them: ldapts builds a fresh entry per
 * search result, which nothing else holds. distinguishedName is the entry's own name, so it is
 * filled in from the DN when the server was not asked for it (see requestedAttributes).
 */
export function convertEntry(entry: Entry): ConvertedEntry {
  const attributes = new Map<string, AttributeValue[]>();
  let incomplete: RangedPart[] | undefined;
  for (const description in entry) {
    if (description === 'dn') continue;
    const raw = entry[description] as AttributeValue | AttributeValue[];
    // ldapts adds an empty placeholder for each requested attribute the server did not return.
    if (Array.isArray(raw) && raw.length === 0) continue;
    let name: string;
    if (description.indexOf(';') === -1) name = plainKey(description);
    else {
      name = baseName(description).toLowerCase();
      const range = parseRange(description);
      if (range !== undefined && range.high !== undefined) (incomplete ??= []).push(range);
    }
    const list = attributes.get(name);
    if (list === undefined) attributes.set(name, Array.isArray(raw) ? raw : [raw]);
    else if (Array.isArray(raw)) for (const v of raw) list.push(v);
    else list.push(raw);
  }
  if (!attributes.has('distinguishedname')) attributes.set('distinguishedname', [entry.dn]);
  const classes = attributes.get('objectclass');
  let objectClass: string[];
  if (classes === undefined) objectClass = [];
  else if (classes.every((v) => typeof v === 'string')) objectClass = classes as string[];
  else objectClass = classes.map((v) => (typeof v === 'string' ? v : v.toString('utf8')));
  return { object: { dn: entry.dn, objectClass, attributes }, incomplete: incomplete ?? NONE };
}

/** Appends the values of a further ranged read to an object (its attribute map is ours to grow). */
export function appendValues(object: DirectoryObject, name: string, values: readonly AttributeValue[]): void {
  const map = object.attributes as Map<string, AttributeValue[]>;
  const key = name.toLowerCase();
  const list = map.get(key);
  if (list === undefined) map.set(key, [...values]);
  else list.push(...values);
}
