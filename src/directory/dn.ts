/**
 * Distinguished names (RFC 4514): parsing, escaping, canonical comparison and navigation.
 *
 * Parsing is lenient where real directories are (spaces around `,` `+` `=`, unescaped `=` `;`
 * `<` `>` `"` inside values) and strict where ambiguity would change meaning (bad hex escapes,
 * invalid UTF-8, missing `=`, empty RDNs).
 */
import { CloudsyncError } from '../errors.js';
import { echo } from '../util/echo.js';

export interface Rdn {
  attribute: string;
  /** The unescaped value. A BER `#hex` value is kept as the text `#hex`. */
  value: string;
}

interface ParsedDn {
  rdns: Rdn[][];
  /** Offset in the input where each RDN starts (for slicing the original text). */
  starts: number[];
}

const HEX = /^[0-9A-Fa-f]{2}$/;
const ATTRIBUTE_TYPE = /^(?:[A-Za-z][A-Za-z0-9-]*|\d+(?:\.\d+)*)$/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what must be escaped
const NEEDS_ESCAPE = /[,+"\\<>;=\x00-\x1f]|^[ #]| $/;
const PLAIN_RUN = /[^,+\\]+/y;
const UTF8 = new TextDecoder('utf-8', { fatal: true });

function fail(dn: string, why: string): never {
  throw new CloudsyncError('usage', `invalid DN "${echo(dn)}": ${echo(why)}`);
}

function isSpace(c: string | undefined): boolean {
  return c === ' ';
}

/** Reads one escaped or plain value starting at `i`; returns the value and the index after it. */
function readValue(dn: string, i: number): { value: string; end: number } {
  const n = dn.length;
  while (i < n && isSpace(dn[i])) i++;
  if (dn[i] === '#') {
    // BER-encoded value: kept as its `#hex` text.
    let j = i + 1;
    while (j < n && /[0-9A-Fa-f]/.test(dn[j]!)) j++;
    const hex = dn.slice(i + 1, j);
    if (hex.length === 0 || hex.length % 2 !== 0) fail(dn, `bad #hex value at offset ${i}`);
    let k = j;
    while (k < n && isSpace(dn[k])) k++;
    if (k < n && dn[k] !== ',' && dn[k] !== '+') fail(dn, `unexpected "${dn[k]}" after #hex value`);
    return { value: dn.slice(i, j), end: k };
  }
  let out = '';
  let bytes: number[] | undefined; // pending hex-escaped bytes, decoded together as UTF-8
  let significant = 0; // length of `out` up to the last character that is not an unescaped space
  const flush = (): void => {
    if (bytes === undefined) return;
    try {
      out += UTF8.decode(Uint8Array.from(bytes));
    } catch {
      fail(dn, 'hex escapes are not valid UTF-8');
    }
    bytes = undefined;
    significant = out.length;
  };
  while (i < n) {
    const c = dn[i]!;
    if (c === ',' || c === '+') break;
    if (c === '\\') {
      const pair = dn.slice(i + 1, i + 3);
      if (HEX.test(pair)) {
        (bytes ??= []).push(parseInt(pair, 16));
        i += 3;
        continue;
      }
      const next = dn[i + 1];
      if (next === undefined) fail(dn, 'ends with a lone "\\"');
      if (!' "#+,;<=>\\'.includes(next)) fail(dn, `bad escape "\\${next}"`);
      flush();
      out += next;
      significant = out.length;
      i += 2;
      continue;
    }
    flush();
    PLAIN_RUN.lastIndex = i;
    const run = PLAIN_RUN.exec(dn)![0];
    out += run;
    let trimmed = run.length;
    while (trimmed > 0 && run.charCodeAt(trimmed - 1) === 0x20) trimmed--;
    if (trimmed > 0) significant = out.length - run.length + trimmed;
    i += run.length;
  }
  flush();
  return { value: out.slice(0, significant), end: i };
}

function parse(dn: string): ParsedDn {
  const rdns: Rdn[][] = [];
  const starts: number[] = [];
  const n = dn.length;
  let i = 0;
  while (i < n && isSpace(dn[i])) i++;
  if (i === n) return { rdns, starts };
  for (;;) {
    const rdn: Rdn[] = [];
    starts.push(i);
    for (;;) {
      while (i < n && isSpace(dn[i])) i++;
      if (dn[i] === ',' || dn[i] === '+') fail(dn, `empty RDN at offset ${i}`);
      const eq = dn.indexOf('=', i);
      if (eq === -1) fail(dn, `missing "=" after "${echo(dn.slice(i), 40)}"`);
      const attribute = dn.slice(i, eq).trim();
      if (!ATTRIBUTE_TYPE.test(attribute)) {
        fail(dn, attribute === '' ? `empty attribute type at offset ${i}` : `bad attribute type "${echo(attribute, 60)}"`);
      }
      const { value, end } = readValue(dn, eq + 1);
      rdn.push({ attribute, value });
      i = end;
      if (dn[i] !== '+') break;
      i++;
    }
    rdns.push(rdn);
    if (i >= n) break;
    // dn[i] === ','
    i++;
    while (i < n && isSpace(dn[i])) i++;
    if (i >= n) fail(dn, 'ends with ","');
  }
  return { rdns, starts };
}

/** Parses a DN into RDNs (left to right), each a list of its `+`-joined parts. */
export function parseDn(dn: string): Rdn[][] {
  return parse(dn).rdns;
}

/**
 * Escapes an attribute value for a DN (RFC 4514 §2.4): `, + " \ < > ; =` always, a leading space
 * or `#`, a trailing space, and control characters (NUL, CR, LF, … as `\XX`, as AD writes them).
 */
export function escapeDnValue(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return value;
  const last = value.length - 1;
  let out = '';
  for (let k = 0; k <= last; k++) {
    const c = value[k]!;
    const code = c.charCodeAt(0);
    if (code < 0x20) out += '\\' + code.toString(16).toUpperCase().padStart(2, '0');
    else if (',+"\\<>;='.includes(c)) out += '\\' + c;
    else if ((k === 0 && (c === ' ' || c === '#')) || (k === last && c === ' ')) out += '\\' + c;
    else out += c;
  }
  return out;
}

export function formatDn(rdns: Rdn[][]): string {
  return rdns.map((rdn) => rdn.map((p) => `${p.attribute}=${escapeDnValue(p.value)}`).join('+')).join(',');
}

function normalizeRdn(rdn: Rdn[]): string {
  const parts = rdn.map((p) => `${p.attribute.toLowerCase()}=${escapeDnValue(p.value.toLowerCase())}`);
  // Multi-valued RDN parts are unordered.
  if (parts.length > 1) parts.sort();
  return parts.join('+');
}

/**
 * An RDN that needs no unescaping or reordering: `type=value` with no special characters and no
 * spaces at either end. Its normal form is just its lower-case text (the common case, made fast).
 */
// eslint-disable-next-line no-control-regex -- control characters must take the slow path
const SIMPLE_RDN = /^[A-Za-z][A-Za-z0-9-]*=[^=+"\\<>;#\x00-\x20](?:[^=+"\\<>;\x00-\x1f]*[^=+"\\<>;\x00-\x20])?$/;

/** Normalized RDNs of a DN, left to right (comparison keys). */
export function normalizedRdns(dn: string): string[] {
  const parts = dn.split(',');
  if (parts.every((p) => SIMPLE_RDN.test(p))) return parts.map((p) => p.toLowerCase());
  return parse(dn).rdns.map(normalizeRdn);
}

/** A canonical comparison key: lower-case types and values, minimal escaping, no spaces. */
export function normalizeDn(dn: string): string {
  return normalizedRdns(dn).join(',');
}

export function dnEquals(a: string, b: string): boolean {
  return normalizeDn(a) === normalizeDn(b);
}

/** True when `dn` equals `ancestor` or lies anywhere below it. */
export function isDescendantOf(dn: string, ancestor: string): boolean {
  return rdnsEndWith(normalizedRdns(dn), normalizedRdns(ancestor));
}

/** Suffix test over normalized RDN lists (for callers that normalize once and test many times). */
export function rdnsEndWith(rdns: readonly string[], suffix: readonly string[]): boolean {
  const offset = rdns.length - suffix.length;
  if (offset < 0) return false;
  for (let k = 0; k < suffix.length; k++) if (rdns[offset + k] !== suffix[k]) return false;
  return true;
}

/** The DN one level up, as written in the input; undefined for a single RDN or the empty DN. */
export function parentDn(dn: string): string | undefined {
  const { starts } = parse(dn);
  const second = starts[1];
  return second === undefined ? undefined : dn.slice(second).trim();
}

/** The first RDN's (first) value, e.g. the cn of a user; '' for the empty DN. */
export function rdnValue(dn: string): string {
  return parse(dn).rdns[0]?.[0]?.value ?? '';
}

/** The DNS name of the trailing DC= components, lower-case: DC=corp,DC=example,DC=com → corp.example.com. */
export function domainOfDn(dn: string): string | undefined {
  const labels: string[] = [];
  const rdns = parse(dn).rdns;
  for (let k = rdns.length - 1; k >= 0; k--) {
    const rdn = rdns[k]!;
    if (rdn.length !== 1 || rdn[0]!.attribute.toLowerCase() !== 'dc') break;
    labels.unshift(rdn[0]!.value.toLowerCase());
  }
  return labels.length === 0 ? undefined : labels.join('.');
}
