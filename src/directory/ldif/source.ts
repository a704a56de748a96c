/**
 * An LDIF export (ldifde, ldapsearch -LLL, …) as a read-only DirectorySource. Every search
 * streams the file; scope and filters are applied here as AD would apply them on the server.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { CloudsyncError, isCloudsyncError } from '../../errors.js';
import { normalizeDn, normalizedRdns, rdnsEndWith } from '../dn.js';
import { compileFilter } from '../filter-match.js';
import type { AttributeValue, DirectoryObject, DirectorySource, SearchRequest } from '../types.js';
import { parseLdif, type LdifAttribute } from './parser.js';

const PROGRESS_EVERY = 5000;
/** Kept whatever attributes are asked for (objectClass is always returned; distinguishedName if the file has it). */
const ALWAYS_KEPT = ['objectclass', 'distinguishedname'];

interface Entry {
  dn: string;
  line: number;
  attributes: LdifAttribute[];
}

export class LdifSource implements DirectorySource {
  readonly description: string;
  readonly valuesShareBuffers = true;
  /** Why the last pass over the file was partial (the file ends part-way through an entry). */
  private partial: string | undefined;

  constructor(readonly path: string) {
    this.description = path;
  }

  async *search(request: SearchRequest): AsyncGenerator<DirectoryObject> {
    const { scope, signal, onProgress } = request;
    const base = scope.baseDn === undefined ? [] : normalizedRdns(scope.baseDn);
    const ous = (scope.ous ?? []).map((dn) => ({ dn, rdns: normalizedRdns(dn), seen: false }));
    const groups = new Set((scope.groups ?? []).map(normalizeDn));
    const matchers = [request.typeFilter, scope.filter]
      .filter((f): f is string => f !== undefined && f.trim() !== '')
      .map(compileFilter);
    const keep = projection(request.attributes);
    // Groups seen in the file: as an entry, or named in some object's memberOf.
    const groupsSeen = new Set<string>();
    const members = groups.size > 0 ? await this.groupMembers(groups, groupsSeen, signal) : undefined;

    const yielded = new Set<string>();
    let read = 0;
    for await (const entry of this.entries(signal)) {
      if (++read % PROGRESS_EVERY === 0) onProgress?.(read);
      const rdns = this.rdnsOf(entry);
      if (!rdnsEndWith(rdns, base)) continue;
      let inOus = ous.length === 0;
      for (const ou of ous) {
        if (rdnsEndWith(rdns, ou.rdns)) inOus = ou.seen = true;
      }
      if (!inOus) continue;
      const key = rdns.join(',');
      if (members !== undefined && !memberOfAny(entry, groups, groupsSeen) && !members.has(key)) continue;
      if (yielded.has(key)) continue;
      const o = toObject(entry);
      if (!matchers.every((m) => m(o))) continue;
      yielded.add(key);
      yield keep === undefined ? o : project(o, keep);
    }
    onProgress?.(read);
    const missing = ous.find((ou) => !ou.seen);
    if (missing !== undefined) {
      throw new CloudsyncError('not-found', `no object in ${this.path} lies under OU "${missing.dn}"; check the --ou DN`);
    }
    const missingGroup = (scope.groups ?? []).find((dn) => !groupsSeen.has(normalizeDn(dn)));
    if (missingGroup !== undefined) {
      throw new CloudsyncError('not-found', `group "${missingGroup}" is not in ${this.path}, nor in any memberOf; check the --group DN`);
    }
  }

  partialRead(): string | undefined {
    return this.partial;
  }

  async get(dn: string, attributes: readonly string[]): Promise<DirectoryObject | undefined> {
    const wanted = normalizeDn(dn);
    for await (const entry of this.entries(undefined)) {
      if (this.rdnsOf(entry).join(',') !== wanted) continue;
      const keep = projection(attributes);
      const o = toObject(entry);
      return keep === undefined ? o : project(o, keep);
    }
    return undefined;
  }

  async close(): Promise<void> {}

  /**
   * First pass for group scoping: the groups' member DNs (normalized). Group entries may come
   * after their members in the file, so this pass runs before the objects are streamed.
   */
  private async groupMembers(
    groups: ReadonlySet<string>,
    seen: Set<string>,
    signal: AbortSignal | undefined,
  ): Promise<Set<string>> {
    const members = new Set<string>();
    for await (const entry of this.entries(signal)) {
      const key = this.rdnsOf(entry).join(',');
      if (!groups.has(key)) continue;
      seen.add(key);
      for (const [name, value] of entry.attributes) {
        if (name === 'member') members.add(this.normalizeIn(typeof value === 'string' ? value : value.toString('utf8'), entry));
      }
    }
    return members;
  }

  /** Content records (and `changetype: add` records, which describe whole objects). */
  private async *entries(signal: AbortSignal | undefined): AsyncGenerator<Entry> {
    await this.checkReadable();
    this.partial = undefined;
    try {
      const stream = createReadStream(this.path, { highWaterMark: 256 * 1024 });
      const onPartial = (reason: string): void => {
        this.partial = reason;
      };
      for await (const record of parseLdif(stream, { source: this.path, onPartial })) {
        signal?.throwIfAborted();
        if (record.kind === 'content' || record.kind === 'add') yield record;
      }
    } catch (e) {
      throw readError(this.path, e);
    }
  }

  private async checkReadable(): Promise<void> {
    try {
      const s = await stat(this.path);
      if (s.isDirectory()) throw new CloudsyncError('input', `cannot read LDIF file "${this.path}": it is a directory`);
    } catch (e) {
      throw readError(this.path, e);
    }
  }

  private rdnsOf(entry: Entry): string[] {
    try {
      return normalizedRdns(entry.dn);
    } catch (e) {
      throw new CloudsyncError('input', `${this.path}:${entry.line}: ${(e as Error).message}`, { cause: e });
    }
  }

  private normalizeIn(dn: string, entry: Entry): string {
    try {
      return normalizeDn(dn);
    } catch (e) {
      throw new CloudsyncError('input', `${this.path}: in the entry at line ${entry.line}: ${(e as Error).message}`, { cause: e });
    }
  }
}

function readError(path: string, e: unknown): unknown {
  if (isCloudsyncError(e)) return e;
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string' || (e as NodeJS.ErrnoException).syscall === undefined) return e; // e.g. an abort
  const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code;
  return new CloudsyncError('input', `cannot read LDIF file "${path}": ${why}`, { cause: e });
}

/** The lower-case attribute names to keep, or undefined for all. */
function projection(attributes: readonly string[]): Set<string> | undefined {
  if (attributes.length === 0 || attributes.includes('*')) return undefined;
  return new Set([...attributes.map((a) => a.split(';')[0]!.toLowerCase()), ...ALWAYS_KEPT]);
}

/** Whether the entry's memberOf names a group in scope; marks the groups so named as seen. */
function memberOfAny(entry: Entry, groups: ReadonlySet<string>, seen: Set<string>): boolean {
  let any = false;
  for (const [name, value] of entry.attributes) {
    if (name !== 'memberof') continue;
    let key: string;
    try {
      key = normalizeDn(typeof value === 'string' ? value : value.toString('utf8'));
    } catch {
      continue; // a malformed memberOf value names no group in scope
    }
    if (groups.has(key)) {
      seen.add(key);
      any = true;
    }
  }
  return any;
}

function toObject(entry: Entry): DirectoryObject {
  const attributes = new Map<string, AttributeValue[]>();
  for (const [name, value] of entry.attributes) {
    const list = attributes.get(name);
    if (list === undefined) attributes.set(name, [value]);
    else list.push(value);
  }
  const objectClass = (attributes.get('objectclass') ?? []).map((v) => (typeof v === 'string' ? v : v.toString('utf8')));
  return { dn: entry.dn, objectClass, attributes };
}

function project(o: DirectoryObject, keep: ReadonlySet<string>): DirectoryObject {
  const attributes = new Map<string, readonly AttributeValue[]>();
  for (const [name, values] of o.attributes) if (keep.has(name)) attributes.set(name, values);
  return { dn: o.dn, objectClass: o.objectClass, attributes };
}
