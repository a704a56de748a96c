import { claimsOf, lower, type Claim } from './directory-claims.js';
import { PasswordStore } from './directory-passwords.js';
import { newId } from './ids.js';

/**
 * The directory objects (users, groups, service principals), soft-deleted items and role
 * assignments, with the indexes Graph's behaviour needs:
 *   - uniqueness "claims" (directory-claims.ts): one address space for userPrincipalName, mail
 *     and smtp proxyAddresses; other proxy types and onPremisesImmutableId are unique too;
 *   - creation order (a sequence number) for stable paging;
 *   - lookups by the properties clients filter on, so `$filter=… eq '…'` stays O(1) on
 *     100,000 users.
 * Validation of what a request may write lives in the Graph layer; this store only refuses
 * a claim conflict (as a last line of defence) and keeps the indexes right.
 */
import type { DeletedEntry, DirObject, DirectoryJson, ObjectType, Props, RoleAssignment } from './directory-types.js';

export type { DeletedEntry, DirObject, DirectoryJson, ObjectType, Props, RoleAssignment } from './directory-types.js';

export class Directory {
  private readonly objects = new Map<string, DirObject>();
  private readonly order: Record<ObjectType, DirObject[]> = { user: [], group: [], servicePrincipal: [] };
  private readonly stale: Record<ObjectType, number> = { user: 0, group: 0, servicePrincipal: 0 };
  private readonly claims = new Map<string, string>();
  private readonly names = new Map<string, Set<string>>();
  private readonly memberOfIndex = new Map<string, Set<string>>();
  private readonly ownerOfIndex = new Map<string, Set<string>>();
  /** manager id → ids of the users it manages (directReports). */
  private readonly reportsIndex = new Map<string, Set<string>>();
  private passwords = new PasswordStore();
  readonly deleted = new Map<string, DeletedEntry>();
  readonly roleAssignments = new Map<string, RoleAssignment>();
  /** Activated directory roles: role template id → directoryRole object id. */
  readonly directoryRoleIds = new Map<string, string>();
  private seq = 0;
  /** Called after every change (the state schedules a save). */
  onChange: () => void = () => {};

  get(id: string): DirObject | undefined {
    return this.objects.get(id.toLowerCase());
  }

  count(type: ObjectType): number {
    return this.order[type].length - this.stale[type];
  }

  /** Live objects of a type in creation order, starting after a sequence number. */
  *iterate(type: ObjectType, afterSeq = 0): Generator<DirObject> {
    const list = this.order[type];
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (list[mid]!.seq <= afterSeq) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < list.length; i++) {
      const o = list[i]!;
      if (this.objects.get(o.id) === o) yield o;
    }
  }

  /** The first value of `props` already held by another object, if any. */
  findConflict(type: ObjectType, id: string | undefined, props: Props): Claim | undefined {
    for (const c of claimsOf(type, props)) {
      const owner = this.claims.get(c.key);
      if (owner !== undefined && owner !== id) return c;
    }
    return undefined;
  }

  insert(type: ObjectType, props: Props, opts: { members?: Iterable<string>; owners?: Iterable<string> } = {}): DirObject {
    const id = (typeof props.id === 'string' ? props.id : newId()).toLowerCase();
    if (this.objects.has(id) || this.deleted.has(id)) throw new Error(`object id ${id} is already in use`);
    const o: DirObject = { id, type, seq: ++this.seq, props: { ...props, id } };
    if (type === 'group') {
      o.members = new Set();
      o.owners = new Set();
    }
    this.attach(o);
    for (const m of opts.members ?? []) this.addMember(o, m);
    for (const m of opts.owners ?? []) this.addOwner(o, m);
    this.onChange();
    return o;
  }

  /** Replaces an object's properties (already validated, conflicts already checked). */
  update(o: DirObject, props: Props): void {
    this.detachIndexes(o);
    o.props = { ...props, id: o.id };
    this.attachIndexes(o);
    this.onChange();
  }

  private attach(o: DirObject): void {
    const conflict = this.findConflict(o.type, o.id, o.props);
    if (conflict) throw new Error(`${conflict.property} value already held by another object`);
    this.objects.set(o.id, o);
    this.order[o.type].push(o);
    this.attachIndexes(o);
  }

  private attachIndexes(o: DirObject): void {
    for (const c of claimsOf(o.type, o.props)) this.claims.set(c.key, o.id);
    const name = lower(o.props.displayName);
    if (name !== undefined) {
      const key = `${o.type}:${name}`;
      const set = this.names.get(key) ?? new Set<string>();
      set.add(o.id);
      this.names.set(key, set);
    }
  }

  private detachIndexes(o: DirObject): void {
    for (const c of claimsOf(o.type, o.props)) if (this.claims.get(c.key) === o.id) this.claims.delete(c.key);
    const name = lower(o.props.displayName);
    if (name !== undefined) this.names.get(`${o.type}:${name}`)?.delete(o.id);
  }

  private detach(o: DirObject): void {
    this.detachIndexes(o);
    this.objects.delete(o.id);
    const list = this.order[o.type];
    if (++this.stale[o.type] > 64 && this.stale[o.type] * 2 > list.length) {
      this.order[o.type] = list.filter((x) => this.objects.get(x.id) === x);
      this.stale[o.type] = 0;
    }
  }

  /**
   * Objects of a type whose `property` equals `value` (case-insensitive), from an index;
   * undefined when the property is not indexed (the caller scans instead).
   */
  lookup(type: ObjectType, property: string, value: unknown): DirObject[] | undefined {
    if (value === null) return undefined;
    const v = String(value).toLowerCase();
    const holder = (key: string): DirObject[] => {
      const id = this.claims.get(key);
      const o = id === undefined ? undefined : this.objects.get(id);
      return o && o.type === type ? [o] : [];
    };
    switch (property) {
      case 'id': {
        const o = this.objects.get(v);
        return o && o.type === type ? [o] : [];
      }
      case 'userPrincipalName':
      case 'mail':
        return holder(`a:${v}`).filter((o) => lower(o.props[property]) === v);
      case 'proxyAddresses': {
        const m = /^smtp:(.+)$/i.exec(v);
        return m ? holder(`a:${m[1]}`) : holder(`p:${v}`);
      }
      case 'onPremisesImmutableId':
        return holder(`i:${v}`);
      case 'displayName':
        return [...(this.names.get(`${type}:${v}`) ?? [])].map((id) => this.objects.get(id)!).filter(Boolean);
      default:
        return undefined;
    }
  }

  /** A user by object id or userPrincipalName. */
  findUser(idOrUpn: string): DirObject | undefined {
    const byId = this.get(idOrUpn);
    if (byId?.type === 'user') return byId;
    return idOrUpn.includes('@') ? this.lookup('user', 'userPrincipalName', idOrUpn)?.[0] : undefined;
  }

  addMember(group: DirObject, memberId: string): void {
    const id = memberId.toLowerCase();
    group.members!.add(id);
    const set = this.memberOfIndex.get(id) ?? new Set<string>();
    set.add(group.id);
    this.memberOfIndex.set(id, set);
    this.onChange();
  }

  removeMember(group: DirObject, memberId: string): boolean {
    const id = memberId.toLowerCase();
    const had = group.members!.delete(id);
    this.memberOfIndex.get(id)?.delete(group.id);
    if (had) this.onChange();
    return had;
  }

  addOwner(group: DirObject, ownerId: string): void {
    const id = ownerId.toLowerCase();
    group.owners!.add(id);
    this.ownerOfIndex.set(id, (this.ownerOfIndex.get(id) ?? new Set<string>()).add(group.id));
    this.onChange();
  }

  removeOwner(group: DirObject, ownerId: string): boolean {
    const id = ownerId.toLowerCase();
    const had = group.owners!.delete(id);
    this.ownerOfIndex.get(id)?.delete(group.id);
    if (had) this.onChange();
    return had;
  }

  /** Makes `managerId` the user's manager (the caller checked that it is a live user). */
  setManager(user: DirObject, managerId: string): void {
    const id = managerId.toLowerCase();
    if (user.manager !== undefined) this.reportsIndex.get(user.manager)?.delete(user.id);
    user.manager = id;
    this.reportsIndex.set(id, (this.reportsIndex.get(id) ?? new Set<string>()).add(user.id));
    this.onChange();
  }

  removeManager(user: DirObject): boolean {
    if (user.manager === undefined) return false;
    this.reportsIndex.get(user.manager)?.delete(user.id);
    delete user.manager;
    this.onChange();
    return true;
  }

  managerOf(user: DirObject): DirObject | undefined {
    return user.manager === undefined ? undefined : this.objects.get(user.manager);
  }

  /** Live users whose manager is `id`, in creation order. */
  directReports(id: string): DirObject[] {
    return [...(this.reportsIndex.get(id.toLowerCase()) ?? [])]
      .map((r) => this.objects.get(r))
      .filter((o): o is DirObject => o !== undefined)
      .sort((a, b) => a.seq - b.seq);
  }

  memberOf(id: string): string[] {
    return [...(this.memberOfIndex.get(id.toLowerCase()) ?? [])].filter((g) => this.objects.has(g));
  }

  /** Removes an object; with `soft` it goes to deletedItems and can be restored. */
  remove(o: DirObject, soft: boolean): DeletedEntry {
    const memberOf = this.memberOf(o.id);
    for (const g of memberOf) this.removeMember(this.objects.get(g)!, o.id);
    const ownerOf = [...(this.ownerOfIndex.get(o.id) ?? [])].filter((g) => this.objects.has(g));
    for (const g of ownerOf) this.removeOwner(this.objects.get(g)!, o.id);
    if (o.members) for (const m of o.members) this.memberOfIndex.get(m)?.delete(o.id);
    if (o.owners) for (const m of o.owners) this.ownerOfIndex.get(m)?.delete(o.id);
    // Manager links in both directions are dropped and, as in Entra, not brought back by a restore.
    this.removeManager(o);
    for (const r of this.directReports(o.id)) this.removeManager(r);
    this.reportsIndex.delete(o.id);
    const roleAssignments = [...this.roleAssignments.values()].filter((a) => a.principalId === o.id);
    for (const a of roleAssignments) this.roleAssignments.delete(a.id);
    this.detach(o);
    this.passwords.delete(o.id);
    const entry: DeletedEntry = { object: o, deletedDateTime: new Date().toISOString(), memberOf, ownerOf, roleAssignments };
    if (soft) {
      o.props = { ...o.props, deletedDateTime: entry.deletedDateTime };
      this.deleted.set(o.id, entry);
    }
    this.onChange();
    return entry;
  }

  /** Brings a soft-deleted object back with its memberships (conflicts are checked by the caller). */
  restore(id: string): DirObject | undefined {
    const entry = this.deleted.get(id.toLowerCase());
    if (!entry) return undefined;
    this.deleted.delete(entry.object.id);
    const o = entry.object;
    // Its old place in the creation order may still be there (stale): drop it, or the object
    // would be listed twice once it is live again.
    const list = this.order[o.type];
    const at = list.indexOf(o);
    if (at >= 0) {
      list.splice(at, 1);
      this.stale[o.type]--;
    }
    o.seq = ++this.seq;
    o.props = { ...o.props, deletedDateTime: null };
    this.attach(o);
    for (const g of entry.memberOf) {
      const group = this.objects.get(g);
      if (group) this.addMember(group, o.id);
    }
    for (const g of entry.ownerOf) {
      const group = this.objects.get(g);
      if (group) this.addOwner(group, o.id);
    }
    for (const m of o.members ?? []) this.memberOfIndex.set(m, (this.memberOfIndex.get(m) ?? new Set<string>()).add(o.id));
    for (const m of o.owners ?? []) this.ownerOfIndex.set(m, (this.ownerOfIndex.get(m) ?? new Set<string>()).add(o.id));
    for (const a of entry.roleAssignments) this.roleAssignments.set(a.id, a);
    this.onChange();
    return o;
  }

  purge(id: string): boolean {
    const had = this.deleted.delete(id.toLowerCase());
    if (had) this.onChange();
    return had;
  }

  assignRole(principalId: string, roleTemplateId: string, directoryRoleId: () => string): RoleAssignment {
    const existing = [...this.roleAssignments.values()].find((a) => a.principalId === principalId && a.roleDefinitionId === roleTemplateId);
    if (existing) return existing;
    if (!this.directoryRoleIds.has(roleTemplateId)) this.directoryRoleIds.set(roleTemplateId, directoryRoleId());
    // Graph's role assignment ids are opaque strings; this shape is stable and unique.
    const id = `${Buffer.from(roleTemplateId.replaceAll('-', ''), 'hex').toString('base64url')}-${principalId}`;
    const a: RoleAssignment = { id, principalId, roleDefinitionId: roleTemplateId, directoryScopeId: '/' };
    this.roleAssignments.set(id, a);
    this.onChange();
    return a;
  }

  roleTemplatesOf(principalId: string): string[] {
    return [...this.roleAssignments.values()].filter((a) => a.principalId === principalId).map((a) => a.roleDefinitionId);
  }

  setPassword(userId: string, password: string): void {
    this.passwords.set(userId, password);
    this.onChange();
  }

  checkPassword(userId: string, password: string): boolean {
    return this.passwords.check(userId, password);
  }

  hasPassword(userId: string): boolean {
    return this.passwords.has(userId);
  }

  toJSON(): DirectoryJson {
    const obj = (o: DirObject): DirectoryJson['objects'][number] => ({
      id: o.id,
      type: o.type,
      seq: o.seq,
      props: o.props,
      ...(o.members ? { members: [...o.members] } : {}),
      ...(o.owners ? { owners: [...o.owners] } : {}),
      ...(o.manager !== undefined ? { manager: o.manager } : {}),
    });
    const live = (['user', 'group', 'servicePrincipal'] as const).flatMap((t) => [...this.iterate(t)]);
    return {
      seq: this.seq,
      objects: live.map(obj),
      deleted: [...this.deleted.values()].map((d) => ({ ...d, object: obj(d.object) })),
      roleAssignments: [...this.roleAssignments.values()],
      directoryRoleIds: Object.fromEntries(this.directoryRoleIds),
      passwords: this.passwords.toJSON(),
    };
  }

  static fromJSON(j: DirectoryJson): Directory {
    const d = new Directory();
    const revive = (o: DirectoryJson['objects'][number]): DirObject => ({
      id: o.id,
      type: o.type,
      seq: o.seq,
      props: o.props,
      ...(o.type === 'group' ? { members: new Set(o.members ?? []), owners: new Set(o.owners ?? []) } : {}),
      ...(o.manager !== undefined ? { manager: o.manager } : {}),
    });
    for (const o of [...j.objects].sort((a, b) => a.seq - b.seq)) d.attach(revive(o));
    for (const o of d.objects.values()) {
      for (const m of o.members ?? []) d.memberOfIndex.set(m, (d.memberOfIndex.get(m) ?? new Set()).add(o.id));
      for (const m of o.owners ?? []) d.ownerOfIndex.set(m, (d.ownerOfIndex.get(m) ?? new Set()).add(o.id));
      if (o.manager !== undefined) d.reportsIndex.set(o.manager, (d.reportsIndex.get(o.manager) ?? new Set()).add(o.id));
    }
    for (const e of j.deleted) d.deleted.set(e.object.id, { ...e, object: revive(e.object) });
    for (const a of j.roleAssignments) d.roleAssignments.set(a.id, a);
    for (const [k, v] of Object.entries(j.directoryRoleIds)) d.directoryRoleIds.set(k, v);
    d.passwords = new PasswordStore(j.passwords);
    d.seq = j.seq;
    return d;
  }
}
