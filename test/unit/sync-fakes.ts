/**
 * In-memory fakes for the sync tests: an AD source over an array (scope and filters applied as a
 * server would), and a small Graph that answers the reads and writes the sync makes, with Graph's
 * uniqueness rules and error bodies.
 */
import type { Domain } from '@microsoft/microsoft-graph-types';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BatchRequest, BatchResult } from '../../src/directory/entra/batch.js';
import type { Scope } from '../../src/directory/types.js';
import {
  apply,
  compileSyncMapping,
  mappedTargets,
  plan,
  readCloud,
  readSource,
  SyncWorkspace,
  type ApplyResult,
  type CloudSnapshot,
  type CloudTarget,
  type CloudWriter,
  type Plan,
  type PlanOptions,
  type SourceSnapshot,
  type SyncState,
} from '../../src/sync/index.js';
import { ArraySource, GROUPS, STAFF } from './sync-fake-ad.js';

export { adGroup, adUser, anchorOf, ArraySource, DOMAIN, GROUPS, guid, STAFF, withAttr } from './sync-fake-ad.js';

// ---- Graph ------------------------------------------------------------------------------------

type Props = Record<string, unknown>;

export interface FakeUser {
  id: string;
  props: Props;
  managerId: string | null;
}

export interface FakeGroup {
  id: string;
  props: Props;
  members: Set<string>;
}

const lc = (v: unknown): string => (typeof v === 'string' ? v.toLowerCase() : '');

function parse(url: string): { path: string; query: Map<string, string> } {
  const u = new URL(url, 'https://graph.test');
  const query = new Map<string, string>();
  for (const [k, v] of u.searchParams) query.set(k, v);
  return { path: decodeURIComponent(u.pathname).replace(/^\/v1\.0/, ''), query };
}

/** `prop eq 'v'` and `proxyAddresses/any(p:p eq 'v')`, the filters the sync sends. */
function matches(filter: string | undefined, o: Props): boolean {
  if (filter === undefined) return true;
  const any = /^(\w+)\/any\(\w+:\w+ eq '((?:[^']|'')*)'\)$/.exec(filter);
  if (any) {
    const list = o[any[1]!];
    return Array.isArray(list) && list.some((x) => lc(x) === any[2]!.replace(/''/g, "'").toLowerCase());
  }
  const eq = /^(\w+) eq '((?:[^']|'')*)'$/.exec(filter);
  if (!eq) throw new Error(`fake Graph: unsupported filter ${filter}`);
  return lc(o[eq[1]!]) === eq[2]!.replace(/''/g, "'").toLowerCase();
}

function graphError(status: number, code: string, message: string): BatchResult {
  return { status, body: { error: { code, message, innerError: { 'request-id': `err-${status}` } } }, attempts: 1 };
}

export class FakeGraph implements CloudTarget, CloudWriter {
  users = new Map<string, FakeUser>();
  groups = new Map<string, FakeGroup>();
  deleted = new Map<string, FakeUser>();
  admins = new Map<string, string[]>();
  verified = ['contoso.com', 'contoso.onmicrosoft.com'];
  /** Every request submitted, in order. */
  readonly requests: BatchRequest[] = [];
  /** Initial passwords of created users (to check they are never journaled). */
  readonly passwords: string[] = [];
  /** Fails a request when it returns a result (simulates Graph errors). */
  failWhen?: (r: BatchRequest) => BatchResult | undefined;
  private seq = 0;

  // ---- seeding ----------------------------------------------------------------------------

  addUser(props: Props, managerId: string | null = null): FakeUser {
    const id = `u${++this.seq}`;
    const u: FakeUser = { id, props: { accountEnabled: true, proxyAddresses: [], businessPhones: [], ...props }, managerId };
    if (typeof props.mail === 'string' && !props.proxyAddresses) u.props.proxyAddresses = [`SMTP:${props.mail}`];
    this.users.set(id, u);
    return u;
  }

  addGroup(props: Props, members: string[] = []): FakeGroup {
    const id = `g${++this.seq}`;
    const g: FakeGroup = { id, props: { securityEnabled: true, mailEnabled: false, groupTypes: [], createdDateTime: new Date().toISOString(), ...props }, members: new Set(members) };
    this.groups.set(id, g);
    return g;
  }

  // ---- CloudTarget ------------------------------------------------------------------------

  async *pages<T>(url: string): AsyncIterable<T> {
    const { path, query } = parse(url);
    const filter = query.get('$filter');
    const expandManager = (query.get('$expand') ?? '').startsWith('manager');
    let m: RegExpExecArray | null;
    if (path === '/users') {
      for (const u of this.users.values()) {
        const o = { id: u.id, ...u.props };
        if (!matches(filter, o)) continue;
        yield (expandManager && u.managerId !== null ? { ...o, manager: { id: u.managerId } } : o) as T;
      }
    } else if (path === '/groups') {
      for (const g of this.groups.values()) {
        const o = { id: g.id, ...g.props };
        if (matches(filter, o)) yield o as T;
      }
    } else if ((m = /^\/groups\/([^/]+)\/members$/.exec(path))) {
      const g = this.groups.get(m[1]!);
      if (g === undefined) throw new Error(`fake Graph: no group ${m[1]}`);
      for (const id of g.members) yield { id } as T;
    } else if (path === '/directory/deletedItems/microsoft.graph.user') {
      for (const u of this.deleted.values()) yield { id: u.id, ...u.props } as T;
    } else {
      throw new Error(`fake Graph: unsupported read ${url}`);
    }
  }

  async adminRoleHolders(): Promise<Map<string, string[]>> {
    return new Map(this.admins);
  }

  async domains(): Promise<Domain[]> {
    return this.verified.map((id) => ({ id, isVerified: true, isInitial: id.endsWith('.onmicrosoft.com') }));
  }

  // ---- CloudWriter ------------------------------------------------------------------------

  async submit(r: BatchRequest): Promise<BatchResult> {
    this.requests.push(JSON.parse(JSON.stringify(r)) as BatchRequest);
    const injected = this.failWhen?.(r);
    if (injected !== undefined) return injected;
    const res = this.handle(r);
    const inner = (res.body as { error?: { innerError?: Record<string, string> } } | undefined)?.error?.innerError?.['request-id'];
    return { ...res, requestId: inner ?? `req-${this.requests.length}` };
  }

  private conflict(kind: 'user' | 'group', selfId: string | undefined, props: Props): BatchResult | undefined {
    const addresses = (p: Props): [string, string][] => {
      const out: [string, string][] = [];
      if (kind === 'user' && typeof p.userPrincipalName === 'string') out.push(['userPrincipalName', lc(p.userPrincipalName)]);
      if (typeof p.mail === 'string') out.push(['mail', lc(p.mail)]);
      for (const x of (p.proxyAddresses as string[] | undefined) ?? []) out.push(['proxyAddresses', lc(x.replace(/^smtp:/i, ''))]);
      return out;
    };
    const mine = addresses(props);
    const others = [...this.users.values(), ...this.groups.values()].filter((o) => o.id !== selfId);
    for (const o of others) {
      const theirs = new Set(addresses(o.props).map(([, a]) => a));
      for (const [prop, a] of mine) if (theirs.has(a)) return graphError(400, 'Request_BadRequest', `Another object with the same value for property ${prop} already exists.`);
      if (kind === 'user' && props.onPremisesImmutableId && o.props.onPremisesImmutableId === props.onPremisesImmutableId) {
        return graphError(400, 'Request_BadRequest', 'Another object with the same value for property onPremisesImmutableId already exists.');
      }
    }
    return undefined;
  }

  private handle(r: BatchRequest): BatchResult {
    const { path } = parse(r.url);
    const body = (r.body ?? {}) as Props;
    // Graph refuses null for a collection (Collection(Edm.String), Nullable="false"): [] clears it.
    for (const p of ['businessPhones', 'otherMails']) {
      if (p in body && !Array.isArray(body[p])) return graphError(400, 'Request_BadRequest', `Invalid value specified for property '${p}' of resource 'User'.`);
    }
    let m: RegExpExecArray | null;
    const ok = (status: number, b?: unknown): BatchResult => ({ status, ...(b !== undefined ? { body: b } : {}), attempts: 1 });
    const refId = (b: Props): string => String(b['@odata.id']).split('/').pop()!;

    if (r.method === 'POST' && path === '/users') {
      for (const p of ['accountEnabled', 'displayName', 'mailNickname', 'userPrincipalName']) {
        if (body[p] === undefined || body[p] === null) return graphError(400, 'Request_BadRequest', `Property ${p} is required.`);
      }
      const pw = (body.passwordProfile as Props | undefined)?.password;
      if (typeof pw !== 'string') return graphError(400, 'Request_BadRequest', 'A password is required.');
      const domain = lc(body.userPrincipalName).split('@')[1] ?? '';
      if (!this.verified.some((d) => domain === d || domain.endsWith(`.${d}`))) {
        return graphError(400, 'Request_BadRequest', 'The domain portion of the userPrincipalName property is invalid. You must use one of the verified domain names in your organization.');
      }
      const { passwordProfile: _pp, ...props } = body;
      const full: Props = { proxyAddresses: typeof props.mail === 'string' ? [`SMTP:${props.mail}`] : [], businessPhones: [], ...props };
      const c = this.conflict('user', undefined, full);
      if (c) return c;
      this.passwords.push(pw);
      const u = this.addUser(full);
      return ok(201, { id: u.id, ...u.props });
    }
    if ((m = /^\/users\/([^/]+)$/.exec(path))) {
      const u = this.users.get(m[1]!);
      if (u === undefined) return graphError(404, 'Request_ResourceNotFound', `Resource '${m[1]}' does not exist.`);
      if (r.method === 'PATCH') {
        const next: Props = { ...u.props, ...body };
        if ('mail' in body) next.proxyAddresses = typeof body.mail === 'string' ? [`SMTP:${body.mail}`] : [];
        const c = this.conflict('user', u.id, next);
        if (c) return c;
        u.props = next;
        return ok(204);
      }
      if (r.method === 'DELETE') {
        this.users.delete(u.id);
        for (const g of this.groups.values()) g.members.delete(u.id);
        for (const x of this.users.values()) if (x.managerId === u.id) x.managerId = null;
        this.deleted.set(u.id, u);
        return ok(204);
      }
    }
    if (r.method === 'POST' && (m = /^\/directory\/deletedItems\/([^/]+)\/restore$/.exec(path))) {
      const u = this.deleted.get(m[1]!);
      if (u === undefined) return graphError(404, 'Request_ResourceNotFound', `Resource '${m[1]}' does not exist.`);
      const c = this.conflict('user', u.id, u.props);
      if (c) return c;
      this.deleted.delete(u.id);
      this.users.set(u.id, u);
      return ok(200, { id: u.id, ...u.props });
    }
    if (r.method === 'POST' && path === '/groups') {
      for (const p of ['displayName', 'mailNickname']) if (typeof body[p] !== 'string') return graphError(400, 'Request_BadRequest', `Property ${p} is required.`);
      if (body.mailEnabled !== false || typeof body.securityEnabled !== 'boolean') return graphError(400, 'Request_BadRequest', 'mailEnabled and securityEnabled are required.');
      const g = this.addGroup(body);
      return ok(201, { id: g.id, ...g.props });
    }
    if ((m = /^\/groups\/([^/]+)$/.exec(path))) {
      const g = this.groups.get(m[1]!);
      if (g === undefined) return graphError(404, 'Request_ResourceNotFound', `Resource '${m[1]}' does not exist.`);
      if (r.method === 'PATCH') {
        g.props = { ...g.props, ...body };
        return ok(204);
      }
      if (r.method === 'DELETE') {
        this.groups.delete(g.id);
        for (const x of this.groups.values()) x.members.delete(g.id);
        return ok(204);
      }
    }
    if ((m = /^\/groups\/([^/]+)\/members\/\$ref$/.exec(path)) && r.method === 'POST') {
      const g = this.groups.get(m[1]!);
      const id = refId(body);
      if (g === undefined || (!this.users.has(id) && !this.groups.has(id))) return graphError(404, 'Request_ResourceNotFound', `Resource '${id}' does not exist.`);
      if (g.members.has(id)) return graphError(400, 'Request_BadRequest', "One or more added object references already exist for the following modified properties: 'members'.");
      g.members.add(id);
      return ok(204);
    }
    if ((m = /^\/groups\/([^/]+)\/members\/([^/]+)\/\$ref$/.exec(path)) && r.method === 'DELETE') {
      const g = this.groups.get(m[1]!);
      if (g === undefined || !g.members.delete(m[2]!)) return graphError(404, 'Request_ResourceNotFound', `Resource '${m[2]}' does not exist.`);
      return ok(204);
    }
    if ((m = /^\/users\/([^/]+)\/manager\/\$ref$/.exec(path))) {
      const u = this.users.get(m[1]!);
      if (u === undefined) return graphError(404, 'Request_ResourceNotFound', `Resource '${m[1]}' does not exist.`);
      if (r.method === 'PUT') {
        const id = refId(body);
        if (!this.users.has(id)) return graphError(404, 'Request_ResourceNotFound', `Resource '${id}' does not exist.`);
        u.managerId = id;
        return ok(204);
      }
      if (r.method === 'DELETE') {
        if (u.managerId === null) return graphError(404, 'Request_ResourceNotFound', 'no manager');
        u.managerId = null;
        return ok(204);
      }
    }
    return graphError(400, 'BadRequest', `fake Graph: unsupported ${r.method} ${r.url}`);
  }

  // ---- inspection -------------------------------------------------------------------------

  userByUpn(upn: string): FakeUser | undefined {
    return [...this.users.values()].find((u) => lc(u.props.userPrincipalName) === upn.toLowerCase());
  }

  groupByName(name: string): FakeGroup | undefined {
    return [...this.groups.values()].find((g) => g.props.displayName === name);
  }

  /** The tenant without ids and times: users by UPN, groups by name, references by name. */
  dump(): unknown {
    const nameOf = (id: string | null): string | null =>
      id === null ? null : String(this.users.get(id)?.props.userPrincipalName ?? this.groups.get(id)?.props.displayName ?? `?${id}`);
    const users = [...this.users.values()]
      .map((u): Props => ({ ...u.props, manager: nameOf(u.managerId) }))
      .sort((a, b) => String(a.userPrincipalName).localeCompare(String(b.userPrincipalName)));
    const groups = [...this.groups.values()]
      .map((g) => {
        const { createdDateTime: _c, ...props } = g.props;
        return { ...props, members: [...g.members].map(nameOf).sort() } as Props;
      })
      .sort((a, b) => String(a.displayName).localeCompare(String(b.displayName)));
    const deleted = [...this.deleted.values()].map((u) => u.props.userPrincipalName).sort();
    return { users, groups, deleted };
  }
}

// ---- a run, as the CLI will drive it ----------------------------------------------------------

export interface RunOutput {
  plan: Plan;
  result: ApplyResult;
  journal: string;
}

/** AD + Graph + a state directory, and the steps of a sync run over them. */
export class Harness {
  readonly mapping = compileSyncMapping();
  readonly stateDir = mkdtempSync(join(tmpdir(), 'cloudsync-sync-'));

  constructor(
    readonly ad: ArraySource,
    readonly graph: FakeGraph,
    readonly scope: Scope = { ous: [STAFF, GROUPS] },
  ) {}

  workspace(): SyncWorkspace {
    return SyncWorkspace.open({ tenant: 'contoso', scope: this.scope, stateDir: this.stateDir });
  }

  async read(): Promise<{ source: SourceSnapshot; cloud: CloudSnapshot; state: SyncState }> {
    const source = await readSource(this.ad, this.scope, this.mapping);
    const cloud = await readCloud(this.graph, { targets: mappedTargets(this.mapping) });
    return { source, cloud, state: this.workspace().loadState() };
  }

  async plan(options: PlanOptions = {}): Promise<Plan> {
    const { source, cloud, state } = await this.read();
    return plan(source, cloud, state, { tenant: 'contoso', scopeKey: this.workspace().key, ...options });
  }

  /** Plans and applies; `writer` replaces the fake Graph as the request target (crash tests). */
  async sync(options: PlanOptions = {}, writer: CloudWriter = this.graph): Promise<RunOutput> {
    const ws = this.workspace();
    const { source, cloud, state } = await this.read();
    const p = plan(source, cloud, state, { tenant: 'contoso', scopeKey: ws.key, ...options });
    const journal = ws.startRun();
    journal.start({ command: 'sync', tenant: 'contoso', scopeKey: ws.key, scope: this.scope });
    journal.planned(p);
    const result = await apply(p, writer, journal, { state, cloud });
    ws.saveState(result.state);
    journal.end({ outcome: result.outcome, counts: result.counts });
    return { plan: p, result, journal: journal.path };
  }

  cleanup(): void {
    rmSync(this.stateDir, { recursive: true, force: true });
  }
}
