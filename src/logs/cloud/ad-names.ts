/**
 * Source ids to AD names: the provisioning logs name the AD object by its objectGUID only. One
 * search per 50 GUIDs, `(|(objectGUID=\xx…)…)` under the base DN, against AD or an LDIF export
 * (the same DirectorySource). Cached for the run; a failed search is reported, never fatal.
 */
import { guidFromString, guidToString } from '../../directory/decode.js';
import { equalityFilter } from '../../directory/filter.js';
import type { DirectorySource } from '../../directory/types.js';
import { chunks } from './limit.js';

export interface AdName {
  dn: string;
  /** displayName, else cn / name. */
  name?: string;
  userPrincipalName?: string;
}

const GUID = /^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i;
const PER_SEARCH = 50;
const ATTRS = ['objectGUID', 'displayName', 'cn', 'name', 'userPrincipalName'];

const first = (v: readonly (string | Buffer)[] | undefined): string | undefined => {
  const x = v?.[0];
  return typeof x === 'string' && x !== '' ? x : undefined;
};

export class AdNames {
  private readonly byGuid = new Map<string, AdName | null>();
  readonly problems: string[] = [];
  searches = 0;

  constructor(private readonly source: DirectorySource) {}

  get(guid: string): AdName | undefined {
    return this.byGuid.get(normal(guid)) ?? undefined;
  }

  async resolve(guids: readonly string[]): Promise<void> {
    const todo = [...new Set(guids.filter((g) => GUID.test(g)).map(normal))].filter((g) => !this.byGuid.has(g));
    for (const g of todo) this.byGuid.set(g, null);
    for (const part of chunks(todo, PER_SEARCH)) {
      const filter = `(|${part.map((g) => equalityFilter('objectGUID', guidFromString(g))).join('')})`;
      this.searches++;
      try {
        for await (const o of this.source.search({ scope: {}, typeFilter: filter, attributes: ATTRS })) {
          const raw = o.attributes.get('objectguid')?.[0];
          if (!Buffer.isBuffer(raw) || raw.length !== 16) continue;
          const name = first(o.attributes.get('displayname')) ?? first(o.attributes.get('cn')) ?? first(o.attributes.get('name'));
          const upn = first(o.attributes.get('userprincipalname'));
          this.byGuid.set(guidToString(raw), { dn: o.dn, ...(name !== undefined ? { name } : {}), ...(upn !== undefined ? { userPrincipalName: upn } : {}) });
        }
      } catch (e) {
        const m = `${this.source.description}: ${(e as Error).message}`;
        if (!this.problems.includes(m)) this.problems.push(m);
      }
    }
  }
}

const normal = (g: string): string => g.trim().replace(/^\{|\}$/g, '').toLowerCase();
