/** The AD side of the sync fakes (sync-fakes.ts): directory objects, and a source over an array (scope and filters applied as a server would). */
import { isDescendantOf, normalizeDn } from '../../src/directory/dn.js';
import { compileFilter } from '../../src/directory/filter-match.js';
import { makeObject, type AttributeValue, type DirectoryObject, type DirectorySource, type SearchRequest } from '../../src/directory/types.js';
import { CloudsyncError } from '../../src/errors.js';

// ---- AD ---------------------------------------------------------------------------------------

export const DOMAIN = 'DC=contoso,DC=com';
export const STAFF = `OU=Staff,${DOMAIN}`;
export const GROUPS = `OU=Groups,${DOMAIN}`;

export const guid = (i: number): Buffer => Buffer.from(i.toString(16).padStart(32, '0'), 'hex');
export const anchorOf = (i: number): string => guid(i).toString('base64');

type Attrs = Record<string, AttributeValue | readonly AttributeValue[]>;

export function adUser(i: number, cn: string, attrs: Attrs = {}, ou = STAFF): DirectoryObject {
  const sam = cn.toLowerCase().replace(/\s+/g, '.');
  return makeObject(`CN=${cn},${ou}`, {
    objectClass: ['top', 'person', 'organizationalPerson', 'user'],
    objectCategory: `CN=Person,CN=Schema,CN=Configuration,${DOMAIN}`,
    cn,
    sAMAccountName: sam,
    userPrincipalName: `${sam}@contoso.com`,
    givenName: cn.split(' ')[0]!,
    displayName: cn,
    objectGUID: guid(i),
    userAccountControl: '512',
    ...attrs,
  });
}

export function adGroup(i: number, cn: string, members: readonly string[], attrs: Attrs = {}, ou = GROUPS): DirectoryObject {
  return makeObject(`CN=${cn},${ou}`, {
    objectClass: ['top', 'group'],
    objectCategory: `CN=Group,CN=Schema,CN=Configuration,${DOMAIN}`,
    cn,
    sAMAccountName: cn.replace(/\s+/g, ''),
    groupType: '-2147483646',
    objectGUID: guid(i),
    ...(members.length > 0 ? { member: [...members] } : {}),
    ...attrs,
  });
}

/** Replaces one attribute's values (or removes it with []). */
export function withAttr(o: DirectoryObject, name: string, values: readonly AttributeValue[]): DirectoryObject {
  const attributes = new Map(o.attributes);
  if (values.length === 0) attributes.delete(name.toLowerCase());
  else attributes.set(name.toLowerCase(), [...values]);
  return { ...o, attributes };
}

/** A directory over an array: base, OUs and filters applied; can fail after N objects. */
export class ArraySource implements DirectorySource {
  readonly description = 'test directory';
  failAfter: number | undefined;

  constructor(public objects: DirectoryObject[]) {}

  async *search(request: SearchRequest): AsyncIterable<DirectoryObject> {
    const filters = [request.typeFilter, request.scope.filter].filter((f): f is string => f !== undefined).map(compileFilter);
    const groups = (request.scope.groups ?? []).map(normalizeDn);
    let n = 0;
    for (const o of this.objects) {
      if (this.failAfter !== undefined && n >= this.failAfter) throw new CloudsyncError('connect', 'the connection to the DC was lost');
      if (request.scope.baseDn !== undefined && !isDescendantOf(o.dn, request.scope.baseDn)) continue;
      const ous = request.scope.ous ?? [];
      if (ous.length > 0 && !ous.some((ou) => isDescendantOf(o.dn, ou))) continue;
      if (groups.length > 0) {
        const self = normalizeDn(o.dn);
        const inGroup = this.objects.some((g) => groups.includes(normalizeDn(g.dn)) && (g.attributes.get('member') ?? []).some((m) => normalizeDn(String(m)) === self));
        if (!inGroup) continue;
      }
      if (!filters.every((f) => f(o))) continue;
      n++;
      yield o;
    }
  }

  async get(dn: string): Promise<DirectoryObject | undefined> {
    return this.objects.find((o) => normalizeDn(o.dn) === normalizeDn(dn));
  }

  async close(): Promise<void> {}

  replace(o: DirectoryObject): void {
    const i = this.objects.findIndex((x) => normalizeDn(x.dn) === normalizeDn(o.dn));
    if (i < 0) this.objects.push(o);
    else this.objects[i] = o;
  }

  remove(dn: string): void {
    this.objects = this.objects.filter((x) => normalizeDn(x.dn) !== normalizeDn(dn));
  }
}
