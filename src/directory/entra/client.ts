import type {
  DirectoryObject,
  DirectoryRole,
  Domain,
  Group,
  Organization,
  UnifiedRoleAssignment,
  UnifiedRoleDefinition,
  User,
} from '@microsoft/microsoft-graph-types';
import type { EntraSettings } from '../../config/entra.js';
import { CloudsyncError } from '../../errors.js';
import { BatchWriter, type BatchWriterOptions } from './batch.js';
import { lostAnswerResolver } from './lost-answers.js';
import { odataString } from './odata.js';

export { odataString } from './odata.js';
import { createCredential, type AccessToken, type Credential, type CredentialOptions } from './credential.js';
import { GraphError } from './graph-error.js';
import { GraphTransport } from './graph-transport.js';
import { decodeToken, type TokenInfo } from './token-info.js';

export interface EntraHooks {
  /** Device code sign-in: show this message (URL and code) to the administrator. */
  onDeviceCode?(message: string): void;
  onWarning?(message: string): void;
  onRetry?(info: { status: number; retryAfterMs: number; requestId?: string }): void;
}

export type EntraClientOptions = CredentialOptions;

/** User properties that sync, matching and validation read. */
export const USER_SELECT = [
  'id',
  'userPrincipalName',
  'displayName',
  'givenName',
  'surname',
  'mail',
  'mailNickname',
  'proxyAddresses',
  'otherMails',
  'accountEnabled',
  'userType',
  'createdDateTime',
  'onPremisesImmutableId',
  'onPremisesSyncEnabled',
  'onPremisesLastSyncDateTime',
  'onPremisesDistinguishedName',
  'onPremisesSamAccountName',
  'onPremisesUserPrincipalName',
  'onPremisesDomainName',
  'onPremisesSecurityIdentifier',
  'employeeId',
  'department',
  'jobTitle',
  'companyName',
  'usageLocation',
] as const;

export const GROUP_SELECT = [
  'id',
  'displayName',
  'description',
  'mail',
  'mailEnabled',
  'mailNickname',
  'securityEnabled',
  'groupTypes',
  'proxyAddresses',
  'createdDateTime',
  'onPremisesSyncEnabled',
  'onPremisesSecurityIdentifier',
  'onPremisesSamAccountName',
  'onPremisesDomainName',
  'onPremisesLastSyncDateTime',
] as const;

const MEMBER_SELECT = ['id', 'displayName', 'userPrincipalName', 'mail', 'onPremisesImmutableId'];

/** Token reuse margin: refresh a little before expiry so a request never carries a dying token. */
const TOKEN_MARGIN_MS = 60_000;

export interface ListOptions {
  select?: string[];
  /** An OData $filter, e.g. "startswith(userPrincipalName,'a')" (values quoted with odataString). */
  filter?: string;
  /** Page size (Graph caps users and groups at 999). */
  top?: number;
  /** Adds $count=true and ConsistencyLevel: eventual (needed for advanced queries: endsWith, ne, not). */
  count?: boolean;
}

/** Microsoft Entra ID over Microsoft Graph: the only part of cloudsync that talks to Graph. */
export class EntraClient {
  private cached: AccessToken | undefined;
  private pending: Promise<AccessToken> | undefined;
  private readonly graph: GraphTransport;

  private constructor(
    readonly settings: EntraSettings,
    private readonly credential: Credential,
    private readonly hooks: EntraHooks,
    fetchImpl: typeof fetch | undefined,
  ) {
    const ctx = { delegated: settings.method === 'device-code', graphEndpoint: settings.graphEndpoint };
    this.graph = new GraphTransport(ctx, async () => (await this.accessToken()).token, hooks, fetchImpl);
  }

  static async create(settings: EntraSettings, hooks: EntraHooks = {}, options: EntraClientOptions = {}): Promise<EntraClient> {
    return new EntraClient(settings, await createCredential(settings, hooks, options), hooks, options.fetch);
  }

  /** With a credential of the caller's own (tests; hosts that already hold a token). */
  static fromCredential(settings: EntraSettings, credential: Credential, hooks: EntraHooks = {}, options: EntraClientOptions = {}): EntraClient {
    return new EntraClient(settings, credential, hooks, options.fetch);
  }

  /** The current access token and its decoded claims (no signature check). */
  async token(): Promise<TokenInfo> {
    const t = await this.accessToken();
    return decodeToken(t.token, t.expiresOn);
  }

  private accessToken(): Promise<AccessToken> {
    if (this.cached !== undefined && this.cached.expiresOn.getTime() - Date.now() > TOKEN_MARGIN_MS) return Promise.resolve(this.cached);
    // One sign-in for many concurrent requests.
    this.pending ??= this.credential
      .getToken()
      .then((t) => {
        this.cached = t;
        return t;
      })
      .finally(() => {
        this.pending = undefined;
      });
    return this.pending;
  }

  // ---- generic ----------------------------------------------------------------------------

  /** Any Graph request; `path` is relative ("/users", "/beta/…") or an absolute URL on the Graph endpoint. */
  request<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
    return this.graph.request<T>(method, path, body, headers);
  }

  /** Every item of a collection, streamed page by page. */
  pages<T>(path: string, headers?: Record<string, string>): AsyncIterable<T> {
    return this.graph.pages<T>(path, headers);
  }

  /** Packs writes into `$batch` calls (≤ 20), with bounded, adaptive concurrency and per-step retries. */
  batchWriter(opts: BatchWriterOptions = {}): BatchWriter {
    const ctx = { delegated: this.settings.method === 'device-code', graphEndpoint: this.settings.graphEndpoint };
    // A create whose answer was lost is looked up (and what it made adopted) before it is sent again.
    const options: BatchWriterOptions = { resolveUnknown: lostAnswerResolver((path) => this.request('GET', path)), ...opts };
    return new BatchWriter(this.graph.batch, options, this.hooks.onRetry ? { onRetry: this.hooks.onRetry } : {}, ctx);
  }

  /** Number of objects in a collection ("users", "groups"), optionally filtered. */
  async count(collection: string, filter?: string): Promise<number> {
    const q = filter !== undefined ? `?$filter=${encodeURIComponent(filter)}` : '';
    const n = await this.request<unknown>('GET', `/${collection}/$count${q}`, undefined, { ConsistencyLevel: 'eventual' });
    const value = Number(typeof n === 'string' ? n.trim() : n);
    if (!Number.isFinite(value)) throw new CloudsyncError('runtime', `Graph returned no number for /${collection}/$count`);
    return value;
  }

  // ---- tenant ---------------------------------------------------------------------------

  async organization(): Promise<Organization> {
    const page = await this.request<{ value?: Organization[] }>('GET', '/organization');
    const org = page.value?.[0];
    if (org === undefined) throw new CloudsyncError('runtime', 'Graph returned no organization for this tenant');
    return org;
  }

  async domains(): Promise<Domain[]> {
    return collect(this.pages<Domain>('/domains'));
  }

  /** Verified domain names, lower-case. */
  async verifiedDomains(): Promise<string[]> {
    return (await this.domains()).filter((d) => d.isVerified === true && typeof d.id === 'string').map((d) => d.id!.toLowerCase());
  }

  // ---- users ----------------------------------------------------------------------------

  users(opts: ListOptions = {}): AsyncIterable<User> {
    return this.list<User>('/users', opts, USER_SELECT);
  }

  /** By object id or userPrincipalName; undefined when there is no such user. */
  async getUser(idOrUpn: string, select: readonly string[] = USER_SELECT): Promise<User | undefined> {
    return this.getOrUndefined<User>(`${userPath(idOrUpn)}?$select=${select.join(',')}`);
  }

  async findUserByImmutableId(id: string, select: readonly string[] = USER_SELECT): Promise<User | undefined> {
    const page = await this.request<{ value?: User[] }>(
      'GET',
      `/users?$filter=${encodeURIComponent(`onPremisesImmutableId eq ${odataString(id)}`)}&$select=${select.join(',')}`,
    );
    return page.value?.[0];
  }

  createUser(u: User): Promise<User> {
    return this.request<User>('POST', '/users', u);
  }

  async updateUser(id: string, patch: Partial<User>): Promise<void> {
    await this.request('PATCH', userPath(id), patch);
  }

  /** Soft delete: the user stays in directory/deletedItems for 30 days. */
  async deleteUser(id: string): Promise<void> {
    await this.request('DELETE', userPath(id));
  }

  restoreDeleted(id: string): Promise<DirectoryObject> {
    return this.request<DirectoryObject>('POST', `/directory/deletedItems/${encodeURIComponent(id)}/restore`);
  }

  deletedUsers(select: readonly string[] = USER_SELECT): AsyncIterable<User> {
    return this.pages<User>(`/directory/deletedItems/microsoft.graph.user?$select=${[...select, 'deletedDateTime'].join(',')}&$top=999`);
  }

  // ---- groups ---------------------------------------------------------------------------

  groups(opts: ListOptions = {}): AsyncIterable<Group> {
    return this.list<Group>('/groups', opts, GROUP_SELECT);
  }

  /** Direct members (users, groups, contacts, devices), each with its @odata.type. */
  groupMembers(groupId: string, select: readonly string[] = MEMBER_SELECT): AsyncIterable<DirectoryObject> {
    return this.pages<DirectoryObject>(`/groups/${encodeURIComponent(groupId)}/members?$select=${select.join(',')}&$top=999`);
  }

  async addMember(groupId: string, memberId: string): Promise<void> {
    const ref = { '@odata.id': `${this.settings.graphEndpoint}/v1.0/directoryObjects/${encodeURIComponent(memberId)}` };
    await this.request('POST', `/groups/${encodeURIComponent(groupId)}/members/$ref`, ref);
  }

  async removeMember(groupId: string, memberId: string): Promise<void> {
    await this.request('DELETE', `/groups/${encodeURIComponent(groupId)}/members/${encodeURIComponent(memberId)}/$ref`);
  }

  createGroup(g: Group): Promise<Group> {
    return this.request<Group>('POST', '/groups', g);
  }

  async updateGroup(id: string, patch: Partial<Group>): Promise<void> {
    await this.request('PATCH', `/groups/${encodeURIComponent(id)}`, patch);
  }

  async deleteGroup(id: string): Promise<void> {
    await this.request('DELETE', `/groups/${encodeURIComponent(id)}`);
  }

  // ---- roles ----------------------------------------------------------------------------

  /**
   * Who holds a directory role (active assignments): principal id -> role names. Uses the unified
   * role management API; falls back to the older directoryRoles API when that is refused.
   */
  async adminRoleHolders(): Promise<Map<string, string[]>> {
    try {
      const names = new Map<string, string>();
      for await (const d of this.pages<UnifiedRoleDefinition>('/roleManagement/directory/roleDefinitions?$select=id,displayName')) {
        if (d.id && d.displayName) names.set(d.id, d.displayName);
      }
      const holders = new Map<string, string[]>();
      for await (const a of this.pages<UnifiedRoleAssignment>('/roleManagement/directory/roleAssignments?$select=principalId,roleDefinitionId')) {
        if (!a.principalId || !a.roleDefinitionId) continue;
        addRole(holders, a.principalId, names.get(a.roleDefinitionId) ?? a.roleDefinitionId);
      }
      return holders;
    } catch (e) {
      if (!(e instanceof GraphError) || ![400, 403, 404].includes(e.status)) throw e;
      this.hooks.onWarning?.(`role assignments could not be read (${e.status} ${e.code}); using directoryRoles instead`);
    }
    const holders = new Map<string, string[]>();
    for await (const role of this.pages<DirectoryRole>('/directoryRoles?$select=id,displayName')) {
      if (!role.id) continue;
      for await (const m of this.pages<DirectoryObject>(`/directoryRoles/${encodeURIComponent(role.id)}/members?$select=id`)) {
        if (m.id) addRole(holders, m.id, role.displayName ?? role.id);
      }
    }
    return holders;
  }

  // ---- helpers --------------------------------------------------------------------------

  private list<T>(collection: string, opts: ListOptions, defaultSelect: readonly string[]): AsyncIterable<T> {
    const q = [`$select=${(opts.select ?? defaultSelect).join(',')}`, `$top=${opts.top ?? 999}`];
    if (opts.filter !== undefined) q.push(`$filter=${encodeURIComponent(opts.filter)}`);
    if (opts.count === true) q.push('$count=true');
    return this.pages<T>(`${collection}?${q.join('&')}`, opts.count === true ? { ConsistencyLevel: 'eventual' } : undefined);
  }

  private async getOrUndefined<T>(path: string): Promise<T | undefined> {
    try {
      return await this.request<T>('GET', path);
    } catch (e) {
      if (e instanceof GraphError && e.status === 404) return undefined;
      throw e;
    }
  }
}


/** The path of one user; a UPN starting with "$" needs Graph's key syntax /users('$…'). */
export function userPath(idOrUpn: string): string {
  return idOrUpn.startsWith('$') ? `/users('${encodeURIComponent(idOrUpn.replace(/'/g, "''"))}')` : `/users/${encodeURIComponent(idOrUpn)}`;
}

function addRole(holders: Map<string, string[]>, principal: string, role: string): void {
  const list = holders.get(principal);
  if (list === undefined) holders.set(principal, [role]);
  else if (!list.includes(role)) list.push(role);
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
