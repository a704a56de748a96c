/**
 * Cloud ids to names for the provisioning logs: users and groups by id (`$filter=id in (…)`, at
 * most 15 ids per request as Graph allows), deleted ones from directory/deletedItems (`$batch` of
 * GETs, at most 20 per batch), and users by source anchor (the AD objectGUID as
 * onPremisesImmutableId) for records that carry only a source id. Cached for the run.
 */
import type { BatchRequest, BatchResult } from '../../directory/entra/batch.js';
import { guidFromString } from '../../directory/decode.js';
import { identityKind } from './rows.js';
import { chunks, mapLimit } from './limit.js';

const NOT_USER_OR_GROUP = new Set(['servicePrincipal', 'device']);

export interface CloudObject {
  id: string;
  kind: 'user' | 'group' | 'object';
  displayName?: string;
  userPrincipalName?: string;
  mail?: string;
  onPremisesDistinguishedName?: string;
  onPremisesImmutableId?: string;
  deleted?: boolean;
}

export interface CloudReader {
  request<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T>;
  /** $batch of GETs; absent: one GET each. */
  batch?(requests: BatchRequest[]): Promise<BatchResult[]>;
}

/** Graph's limit of values in an `in (…)` filter. */
export const MAX_IN_IDS = 15;
const MAX_BATCH = 20;
const CONCURRENCY = 4;
const USER_FIELDS = 'id,displayName,userPrincipalName,mail,onPremisesDistinguishedName,onPremisesImmutableId';
const GROUP_FIELDS = 'id,displayName,mail';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Raw {
  id?: string;
  displayName?: string | null;
  userPrincipalName?: string | null;
  mail?: string | null;
  onPremisesDistinguishedName?: string | null;
  onPremisesImmutableId?: string | null;
  '@odata.type'?: string;
}

function toObject(r: Raw, kind: CloudObject['kind'], deleted = false): CloudObject {
  const o: CloudObject = { id: r.id ?? '', kind };
  if (r.displayName) o.displayName = r.displayName;
  if (r.userPrincipalName) o.userPrincipalName = r.userPrincipalName;
  if (r.mail) o.mail = r.mail;
  if (r.onPremisesDistinguishedName) o.onPremisesDistinguishedName = r.onPremisesDistinguishedName;
  if (r.onPremisesImmutableId) o.onPremisesImmutableId = r.onPremisesImmutableId;
  if (deleted) o.deleted = true;
  return o;
}

const inList = (values: readonly string[]): string => values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',');

export class CloudNames {
  private readonly byId = new Map<string, CloudObject | null>();
  private readonly byAnchor = new Map<string, CloudObject | null>();
  /** Lookups that failed (permission, network): said once in the output, never fatal. */
  readonly problems: string[] = [];
  requests = 0;

  constructor(private readonly graph: CloudReader) {}

  get(id: string): CloudObject | undefined {
    return this.byId.get(id.toLowerCase()) ?? undefined;
  }

  /** The cloud user whose source anchor is this AD objectGUID. */
  getByGuid(guid: string): CloudObject | undefined {
    return this.byAnchor.get(guid.toLowerCase()) ?? undefined;
  }

  /** Looks up the ids not seen yet; `hint` says which collection to try first. */
  async resolve(ids: ReadonlyArray<{ id: string; type?: string }>): Promise<void> {
    const todo = new Map<string, string | undefined>();
    for (const { id, type } of ids) {
      const k = id.toLowerCase();
      // A service principal or device is neither in /users nor in /groups: no lookup to waste.
      if (NOT_USER_OR_GROUP.has(identityKind(type))) continue;
      if (GUID.test(id) && !this.byId.has(k)) todo.set(k, type);
    }
    if (todo.size === 0) return;
    for (const k of todo.keys()) this.byId.set(k, null);
    const groupsFirst = [...todo].filter(([, t]) => /group/i.test(t ?? '')).map(([k]) => k);
    const usersFirst = [...todo].filter(([, t]) => !/group/i.test(t ?? '')).map(([k]) => k);
    const missing = (list: string[]): string[] => list.filter((k) => this.byId.get(k) === null);
    await this.lookup('users', USER_FIELDS, 'user', usersFirst);
    await this.lookup('groups', GROUP_FIELDS, 'group', groupsFirst);
    await this.lookup('groups', GROUP_FIELDS, 'group', missing(usersFirst));
    await this.lookup('users', USER_FIELDS, 'user', missing(groupsFirst));
    await this.deleted(missing([...todo.keys()]));
  }

  /** Users by source anchor (base64 of the objectGUID bytes) for GUIDs not seen yet. */
  async resolveAnchors(guids: readonly string[]): Promise<void> {
    const anchors = new Map<string, string>();
    for (const g of guids) {
      const k = g.toLowerCase();
      if (!GUID.test(g) || this.byAnchor.has(k)) continue;
      this.byAnchor.set(k, null);
      anchors.set(guidFromString(g).toString('base64'), k);
    }
    await mapLimit(chunks([...anchors.keys()], MAX_IN_IDS), CONCURRENCY, async (part) => {
      for (const r of await this.list('users', USER_FIELDS, `onPremisesImmutableId in (${inList(part)})`)) {
        const guid = r.onPremisesImmutableId ? anchors.get(r.onPremisesImmutableId) : undefined;
        if (guid === undefined) continue;
        const o = toObject(r, 'user');
        this.byAnchor.set(guid, o);
        if (o.id) this.byId.set(o.id.toLowerCase(), o);
      }
    });
  }

  private async lookup(collection: 'users' | 'groups', fields: string, kind: CloudObject['kind'], ids: readonly string[]): Promise<void> {
    await mapLimit(chunks(ids, MAX_IN_IDS), CONCURRENCY, async (part) => {
      for (const r of await this.list(collection, fields, `id in (${inList(part)})`)) {
        if (r.id) this.byId.set(r.id.toLowerCase(), toObject(r, kind));
      }
    });
  }

  private async list(collection: string, fields: string, filter: string): Promise<Raw[]> {
    this.requests++;
    try {
      const page = await this.graph.request<{ value?: Raw[] }>('GET', `/v1.0/${collection}?$filter=${encodeURIComponent(filter)}&$select=${fields}&$top=999`);
      return page.value ?? [];
    } catch (e) {
      this.problem(`${collection}: ${(e as Error).message}`);
      return [];
    }
  }

  /** Soft-deleted users and groups (30 days in directory/deletedItems). */
  private async deleted(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const apply = (id: string, status: number, body: unknown): void => {
      if (status !== 200 || typeof body !== 'object' || body === null) return;
      const r = body as Raw;
      const type = r['@odata.type'] ?? '';
      this.byId.set(id, toObject({ ...r, id: r.id ?? id }, /group/i.test(type) ? 'group' : /user/i.test(type) || r.userPrincipalName ? 'user' : 'object', true));
    };
    if (this.graph.batch !== undefined) {
      for (const part of chunks(ids, MAX_BATCH)) {
        this.requests++;
        try {
          const results = await this.graph.batch(part.map((id) => ({ id, method: 'GET', url: `/directory/deletedItems/${encodeURIComponent(id)}` })));
          results.forEach((r, i) => apply(part[i]!, r.status, r.body));
        } catch (e) {
          this.problem(`deleted items: ${(e as Error).message}`);
        }
      }
      return;
    }
    await mapLimit(ids, CONCURRENCY, async (id) => {
      this.requests++;
      try {
        apply(id, 200, await this.graph.request('GET', `/v1.0/directory/deletedItems/${encodeURIComponent(id)}`));
      } catch (e) {
        if ((e as { status?: number }).status !== 404) this.problem(`deleted items: ${(e as Error).message}`);
      }
    });
  }

  private problem(m: string): void {
    if (!this.problems.includes(m)) this.problems.push(m);
  }
}
