/**
 * AttributeValueMustBeUnique: which other cloud object holds the value. The property and value
 * are in the reason ("…: [ProxyAddresses SMTP:a@b.com;UserPrincipalName a@b.com;]"), in
 * additionalDetails, or (value only) in the record's modifiedProperties; the holder is found by
 * querying users and groups on that property (and on mail / userPrincipalName, since Entra keeps
 * addresses unique across all three).
 */
import type { ProvisioningObjectSummary } from '../../sync/explain/provisioning-summary.js';
import type { CloudObject, CloudReader } from './cloud-names.js';
import { chunks, mapLimit } from './limit.js';

export interface Conflict {
  property: string;
  value: string;
}

export interface ConflictHolder {
  conflict: Conflict;
  holders: CloudObject[];
}

const PROPERTIES = ['userPrincipalName', 'proxyAddresses', 'mail', 'mailNickname', 'onPremisesImmutableId', 'onPremisesSecurityIdentifier'];
const PROPERTY = new RegExp(`\\b(${PROPERTIES.join('|')})\\b`, 'i');
const canonical = (p: string): string => PROPERTIES.find((x) => x.toLowerCase() === p.toLowerCase()) ?? p;

/** The conflicting property and value named by the record, when it names them. */
export function conflictOf(r: ProvisioningObjectSummary): Conflict | undefined {
  const info = r.provisioningStatusInfo?.errorInformation;
  const texts = [info?.reason ?? '', info?.additionalDetails ?? ''];
  for (const t of texts) {
    // "[ProxyAddresses SMTP:a@b.com;UserPrincipalName a@b.com;]": pairs of property and value.
    for (const list of t.matchAll(/\[([^\]]+)\]/g)) {
      for (const pair of list[1]!.split(';')) {
        const m = /^\s*(\w+)\s+(\S.*?)\s*$/.exec(pair);
        if (m && PROPERTY.test(m[1]!) && PROPERTIES.some((p) => p.toLowerCase() === m[1]!.toLowerCase())) return { property: canonical(m[1]!), value: unquote(m[2]!) };
      }
    }
    // "property proxyAddresses … value 'smtp:a@b.com'" or "proxyAddresses smtp:a@b.com already belongs to".
    const near = /\b(userPrincipalName|proxyAddresses|mail|mailNickname)\b[^'"\n]*?['"]([^'"]+)['"]/i.exec(t) ?? /\b(userPrincipalName|proxyAddresses|mail|mailNickname)\s+((?:smtp:)?[^\s;,\]]+@[^\s;,\]]+)/i.exec(t);
    if (near) return { property: canonical(near[1]!), value: near[2]! };
  }
  const property = texts.map((t) => PROPERTY.exec(t)?.[1]).find((p) => p !== undefined);
  if (property === undefined) return undefined;
  const mod = (r.modifiedProperties ?? []).find((p) => p.displayName.toLowerCase() === property.toLowerCase());
  const value = mod?.newValue ? firstValue(mod.newValue) : undefined;
  return value !== undefined ? { property: canonical(property), value } : undefined;
}

function unquote(v: string): string {
  return v.replace(/^['"]|['"]$/g, '');
}

/** A modifiedProperties value may be one value, a JSON array or "a;b": the primary (SMTP:) or the first. */
function firstValue(v: string): string | undefined {
  let list: string[];
  try {
    const parsed: unknown = JSON.parse(v);
    list = Array.isArray(parsed) ? parsed.map(String) : [String(parsed)];
  } catch {
    list = v.split(/[;,]/).map((s) => s.trim());
  }
  list = list.filter((s) => s !== '');
  return list.find((s) => s.startsWith('SMTP:')) ?? list[0];
}

const q = (v: string): string => `'${v.replace(/'/g, "''")}'`;

/** The queries that find who holds a value: that property, and the ones Entra keeps unique with it. */
function queriesFor(c: Conflict): Array<[string, string]> {
  const address = c.value.replace(/^smtp:/i, '');
  const queries: Array<[string, string]> = [];
  switch (c.property) {
    case 'userPrincipalName':
      queries.push(['users', `userPrincipalName eq ${q(c.value)}`], ['users', `proxyAddresses/any(x:x eq ${q(`smtp:${c.value}`)})`]);
      break;
    case 'proxyAddresses':
    case 'mail':
      for (const col of ['users', 'groups']) queries.push([col, `proxyAddresses/any(x:x eq ${q(`smtp:${address}`)})`], [col, `mail eq ${q(address)}`]);
      queries.push(['users', `userPrincipalName eq ${q(address)}`]);
      break;
    case 'mailNickname':
      queries.push(['users', `mailNickname eq ${q(c.value)}`], ['groups', `mailNickname eq ${q(c.value)}`]);
      break;
    case 'onPremisesImmutableId':
      queries.push(['users', `onPremisesImmutableId eq ${q(c.value)}`]);
      break;
  }
  return queries;
}

type Raw = Record<string, string | null>;

function holder(o: Raw, col: string): CloudObject | undefined {
  if (!o.id) return undefined;
  const h: CloudObject = { id: o.id, kind: col === 'users' ? 'user' : 'group' };
  if (o.displayName) h.displayName = o.displayName;
  if (o.userPrincipalName) h.userPrincipalName = o.userPrincipalName;
  if (o.mail) h.mail = o.mail;
  if (o.onPremisesDistinguishedName) h.onPremisesDistinguishedName = o.onPremisesDistinguishedName;
  return h;
}

/**
 * Finds the other holders of the values of many records at once: the queries of all conflicts,
 * deduplicated, go out as `$batch` GETs (20 per batch, a few batches at a time) when the reader
 * batches, else as single GETs a few at a time. A refused query leaves the holder unknown.
 */
export class ConflictFinder {
  requests = 0;

  constructor(private readonly graph: CloudReader) {}

  async findAll(records: readonly ProvisioningObjectSummary[]): Promise<Map<ProvisioningObjectSummary, ConflictHolder>> {
    const conflicts = new Map<ProvisioningObjectSummary, Conflict>();
    const urls = new Map<string, string>(); // url -> collection
    const byConflict = new Map<string, string[]>(); // conflict key -> urls
    const key = (c: Conflict): string => `${c.property.toLowerCase()}\u0000${c.value.toLowerCase()}`;
    for (const r of records) {
      const c = conflictOf(r);
      if (c === undefined) continue;
      conflicts.set(r, c);
      if (byConflict.has(key(c))) continue;
      const list: string[] = [];
      for (const [col, filter] of queriesFor(c)) {
        const select = col === 'users' ? 'id,displayName,userPrincipalName,mail,onPremisesDistinguishedName' : 'id,displayName,mail';
        const url = `/${col}?$filter=${encodeURIComponent(filter)}&$select=${select}`;
        urls.set(url, col);
        list.push(url);
      }
      byConflict.set(key(c), list);
    }
    const answers = new Map<string, CloudObject[]>();
    const keep = (url: string, body: unknown): void => {
      const col = urls.get(url)!;
      answers.set(url, (((body as { value?: Raw[] } | undefined)?.value ?? []).map((o) => holder(o, col)).filter((h): h is CloudObject => h !== undefined)));
    };
    const all = [...urls.keys()];
    if (this.graph.batch !== undefined) {
      const batch = this.graph.batch.bind(this.graph);
      await mapLimit(chunks(all, 20), 4, async (part) => {
        this.requests++;
        try {
          const res = await batch(part.map((url, i) => ({ id: String(i), method: 'GET', url })));
          res.forEach((x, i) => x.status === 200 && keep(part[i]!, x.body));
        } catch {
          /* unknown holders */
        }
      });
    } else {
      await mapLimit(all, 8, async (url) => {
        this.requests++;
        try {
          keep(url, await this.graph.request('GET', `/v1.0${url}`));
        } catch {
          /* unknown holders */
        }
      });
    }
    const out = new Map<ProvisioningObjectSummary, ConflictHolder>();
    for (const [r, c] of conflicts) {
      const self = r.targetIdentity?.id?.toLowerCase();
      const found = new Map<string, CloudObject>();
      for (const url of byConflict.get(key(c)) ?? []) for (const h of answers.get(url) ?? []) if (h.id.toLowerCase() !== self) found.set(h.id, h);
      out.set(r, { conflict: c, holders: [...found.values()] });
    }
    return out;
  }
}
