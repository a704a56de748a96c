/**
 * Streaming reads: OU subtrees, the base, or the direct members of groups; ranged values
 * (`attr;range=lo-hi`) are completed per object before it is yielded.
 */
import { FilterParser, type Entry } from 'ldapts';
import { CloudsyncError } from '../../errors.js';
import { normalizedRdns, parseDn, rdnsEndWith } from '../dn.js';
import { escapeFilterValue } from '../filter.js';
import type { AttributeValue, DirectoryObject, SearchRequest } from '../types.js';
import { appendValues, bufferAttributeNames, convertEntry, parseRange, requestedAttributes, type RangedPart } from './entry.js';
import type { DnRole } from './errors.js';
import type { AdSession } from './session.js';
import { echo } from '../../util/echo.js';

/** Member DNs per `(|(distinguishedName=…)…)` filter. */
export const MEMBER_CHUNK = 50;

export interface ReadOptions {
  /** Values per ranged read; undefined = let the server decide (AD: 1500). */
  rangeSize?: number;
}

/** Wraps a filter in parentheses when the user left them off, and checks its syntax. */
export function checkedFilter(filter: string, what: string): string {
  const f = filter.trim().startsWith('(') ? filter.trim() : `(${filter.trim()})`;
  try {
    FilterParser.parseString(f);
  } catch (err) {
    throw new CloudsyncError('usage', `invalid LDAP filter in ${what} "${echo(filter)}": ${echo((err as Error).message, 160)}`);
  }
  return f;
}

export function combinedFilter(typeFilter: string, extra: string | undefined): string {
  const type = checkedFilter(typeFilter, 'the object-type filter');
  if (extra === undefined || extra.trim() === '') return type;
  return `(&${type}${checkedFilter(extra, '--filter')})`;
}

/** The OUs to search: duplicates and OUs inside another listed OU dropped (their objects come once). */
export function outermostDns(dns: readonly string[]): string[] {
  const parsed = dns.map((dn) => ({ dn, rdns: normalizedRdns(dn) }));
  parsed.sort((a, b) => a.rdns.length - b.rdns.length);
  const kept: typeof parsed = [];
  for (const p of parsed) if (!kept.some((k) => rdnsEndWith(p.rdns, k.rdns))) kept.push(p);
  const keep = new Set(kept.map((k) => k.dn));
  return dns.filter((dn, i) => keep.has(dn) && dns.indexOf(dn) === i);
}

function rangeAttribute(name: string, low: number, rangeSize: number | undefined): string {
  return `${name};range=${low}-${rangeSize === undefined ? '*' : low + rangeSize - 1}`;
}

/**
 * Reads the values of `name` from `low` on, one range at a time, until the server answers with
 * a final `;range=N-*` part (or a plain, unranged attribute).
 */
export async function readRanged(
  session: AdSession,
  dn: string,
  name: string,
  low: number,
  options: ReadOptions,
  dnRole: DnRole,
  signal?: AbortSignal,
): Promise<AttributeValue[]> {
  const values: AttributeValue[] = [];
  const buffers = bufferAttributeNames([name]);
  let next = low;
  for (;;) {
    const entries = await session.searchAll(
      dn,
      { scope: 'base', filter: '(objectClass=*)', attributes: [rangeAttribute(name, next, options.rangeSize)], explicitBufferAttributes: buffers },
      dnRole,
      signal,
    );
    const entry = entries[0];
    if (entry === undefined) return values;
    let part: RangedPart | undefined;
    let got = 0;
    for (const [key, raw] of Object.entries(entry)) {
      if (key === 'dn' || key.split(';')[0]!.toLowerCase() !== name.toLowerCase()) continue;
      const vals = (Array.isArray(raw) ? raw : [raw]) as AttributeValue[];
      if (vals.length === 0) continue;
      values.push(...vals);
      got += vals.length;
      part = parseRange(key) ?? { name, low: next, high: undefined };
    }
    if (part === undefined || part.high === undefined || got === 0) return values;
    next = part.high + 1;
  }
}

async function completeRanges(
  session: AdSession,
  object: DirectoryObject,
  incomplete: readonly RangedPart[],
  options: ReadOptions,
  signal: AbortSignal | undefined,
): Promise<DirectoryObject> {
  for (const part of incomplete) {
    const rest = await readRanged(session, object.dn, part.name, (part.high ?? 0) + 1, options, 'object', signal);
    appendValues(object, part.name, rest);
  }
  return object;
}

/** One object by DN (base scope), ranged values completed; undefined when it does not exist. */
export async function getObject(
  session: AdSession,
  dn: string,
  attributes: readonly string[],
  options: ReadOptions,
): Promise<DirectoryObject | undefined> {
  parseDn(dn);
  const attrs = requestedAttributes(attributes);
  let entries: Entry[];
  try {
    entries = await session.searchAll(
      dn,
      { scope: 'base', filter: '(objectClass=*)', attributes: attrs, explicitBufferAttributes: bufferAttributeNames(attrs) },
      'object',
    );
  } catch (err) {
    if (err instanceof CloudsyncError && err.kind === 'not-found') return undefined;
    throw err;
  }
  const entry = entries[0];
  if (entry === undefined) return undefined;
  const { object, incomplete } = convertEntry(entry);
  return completeRanges(session, object, incomplete, options, undefined);
}

/** Fails with a not-found error naming the DN (as an OU or group) when it does not exist. */
async function requireExists(session: AdSession, dn: string, role: DnRole, filter: string, signal?: AbortSignal): Promise<void> {
  const found = await session.searchAll(dn, { scope: 'base', filter, attributes: ['1.1'] }, role, signal);
  if (found.length === 0) {
    const what = role === 'group' ? `"${dn}" is not a group; check --group` : `"${dn}" does not match ${filter}`;
    throw new CloudsyncError('not-found', what);
  }
}

/** Streams the objects a SearchRequest selects; see Scope in ../types.ts. */
export async function* searchObjects(
  session: AdSession,
  defaultBase: string,
  request: SearchRequest,
  options: ReadOptions,
): AsyncGenerator<DirectoryObject> {
  const { signal } = request;
  let read = 0;
  // Objects are yielded here, pages are delegated: one async-generator hop per object, not two.
  for await (const page of entryPages(session, defaultBase, request, options)) {
    for (const entry of page) {
      signal?.throwIfAborted();
      const { object, incomplete } = convertEntry(entry);
      // Most objects have no ranged values: no extra promise per object for them.
      yield incomplete.length === 0 ? object : await completeRanges(session, object, incomplete, options, signal);
    }
    signal?.throwIfAborted();
    read += page.length;
    request.onProgress?.(read);
  }
}

/** The pages of search entries a SearchRequest selects, scope by scope. */
async function* entryPages(
  session: AdSession,
  defaultBase: string,
  request: SearchRequest,
  options: ReadOptions,
): AsyncGenerator<Entry[]> {
  const { scope, signal } = request;
  const base = scope.baseDn ?? defaultBase;
  parseDn(base);
  const filter = combinedFilter(request.typeFilter, scope.filter);
  const attributes = requestedAttributes(request.attributes);
  const search = { scope: 'sub' as const, attributes, explicitBufferAttributes: bufferAttributeNames(attributes) };
  const ous = scope.ous ?? [];
  const groups = scope.groups ?? [];
  for (const dn of [...ous, ...groups]) parseDn(dn);

  const roots = outermostDns(ous);
  // Every listed OU is checked before the first object is yielded, so a typo fails fast.
  for (const ou of roots) await requireExists(session, ou, 'OU', '(objectClass=*)', signal);

  if (groups.length === 0) {
    if (roots.length === 0) yield* session.pages(base, { ...search, filter }, 'base DN', signal);
    for (const ou of roots) yield* session.pages(ou, { ...search, filter }, 'OU', signal);
    return;
  }

  // Group scope: direct members of each group (within the listed OUs, when there are some).
  for (const g of groups) await requireExists(session, g, 'group', '(objectClass=group)', signal);
  const rootRdns = roots.map((r) => normalizedRdns(r));
  const seen = new Set<string>();
  for (const g of groups) {
    const members = await readRanged(session, g, 'member', 0, options, 'group', signal);
    const wanted: string[] = [];
    for (const m of members) {
      const dn = typeof m === 'string' ? m : m.toString('utf8');
      const rdns = normalizedRdns(dn);
      const key = rdns.join(',');
      if (seen.has(key)) continue;
      if (rootRdns.length > 0 && !rootRdns.some((r) => rdnsEndWith(rdns, r))) continue;
      seen.add(key);
      wanted.push(dn);
    }
    for (let i = 0; i < wanted.length; i += MEMBER_CHUNK) {
      const chunk = wanted.slice(i, i + MEMBER_CHUNK);
      const anyOf = `(|${chunk.map((dn) => `(distinguishedName=${escapeFilterValue(dn)})`).join('')})`;
      yield* session.pages(base, { ...search, filter: `(&${filter}${anyOf})` }, 'base DN', signal);
    }
  }
}
