import { CloudsyncError, type ErrorKind } from '../../errors.js';

/** A Graph request that failed for good. `message` is one line that says what to do. */
export class GraphError extends CloudsyncError {
  readonly status: number;
  /** Graph's error.code (Request_ResourceNotFound, Authorization_RequestDenied, …) or a transport code. */
  readonly code: string;
  readonly requestId?: string;

  constructor(kind: ErrorKind, message: string, fields: { status: number; code: string; requestId?: string; cause?: unknown; detail?: string }) {
    super(kind, message, { cause: fields.cause, ...(fields.detail !== undefined ? { detail: fields.detail } : {}) });
    this.name = 'GraphError';
    this.status = fields.status;
    this.code = fields.code;
    if (fields.requestId !== undefined) this.requestId = fields.requestId;
  }
}

export interface GraphErrorContext {
  /** Delegated (device code) tokens need delegated permissions and a directory role. */
  delegated: boolean;
  graphEndpoint: string;
}

/** Graph's error body: {"error":{"code","message","innerError":{"request-id","client-request-id","date"}}}. */
export interface GraphErrorBody {
  error?: { code?: string; message?: string; innerError?: Record<string, unknown>; innererror?: Record<string, unknown> };
}

/** The request id of a response: innerError's, else the response headers'. */
export function requestIdOf(body: unknown, headers?: Record<string, string> | Headers): string | undefined {
  const inner = (body as GraphErrorBody | undefined)?.error?.innerError ?? (body as GraphErrorBody | undefined)?.error?.innererror;
  const fromBody = inner?.['request-id'] ?? inner?.['client-request-id'];
  if (typeof fromBody === 'string' && fromBody !== '') return fromBody;
  if (headers === undefined) return undefined;
  const get = (name: string): string | undefined =>
    headers instanceof Headers ? (headers.get(name) ?? undefined) : Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
  return get('request-id') ?? get('client-request-id');
}

/** Builds the error for a failed Graph response (a whole request or one `$batch` step). */
export function graphErrorFromResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> | Headers | undefined,
  method: string,
  url: string,
  ctx: GraphErrorContext,
): GraphError {
  const err = (body as GraphErrorBody | undefined)?.error;
  const code = err?.code ?? `HTTP${status}`;
  const graphMessage = oneLine(err?.message ?? '').replace(/\.$/, '');
  const requestId = requestIdOf(body, headers);
  const path = displayPath(url);
  const what = `${method.toUpperCase()} ${path}`;
  const rid = requestId !== undefined ? `, request-id ${requestId}` : '';
  const tail = `(${status} ${code}${graphMessage ? `: ${graphMessage}` : ''}${rid})`;
  let kind: ErrorKind = 'runtime';
  let message: string;
  if (status === 401) {
    kind = 'auth';
    message = `Graph refused the access token for ${what} ${tail}: check that ${ctx.graphEndpoint} is in the same cloud as the authority, and the token's audience`;
  } else if (status === 403) {
    kind = 'permission';
    const named = permissionsNamed(graphMessage);
    const perm = named ?? `e.g. ${permissionFor(method, path)}`;
    message = ctx.delegated
      ? `the signed-in user lacks the permission for ${what}: grant ${perm} (Delegated) with admin consent and sign in with a suitable directory role ${tail}`
      : `the app lacks the permission for ${what}: grant ${perm} (Application) and admin consent ${tail}`;
  } else if (status === 404) {
    kind = 'not-found';
    message = `${what}: not found ${tail}`;
  } else if (status === 429) {
    message = `Graph kept throttling ${what} ${tail}: try again later or lower the concurrency`;
  } else if (status >= 500) {
    message = `Graph failed on ${what} ${tail}: retry later; quote the request-id to Microsoft support if it persists`;
  } else {
    message = `Graph rejected ${what} ${tail}`;
  }
  return new GraphError(kind, message, { status, code, ...(requestId !== undefined ? { requestId } : {}) });
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS|DEPTH_ZERO/;

/** A request that got no HTTP answer at all. `code` is Node's error code when known. */
export function graphTransportError(method: string, url: string, ctx: GraphErrorContext, code: string | undefined, cause: unknown): GraphError {
  const host = hostOf(ctx.graphEndpoint);
  const what = `${method.toUpperCase()} ${displayPath(url)}`;
  if (code !== undefined && TLS_CODES.test(code)) {
    return new GraphError('tls', `cannot verify the TLS certificate of ${host} (${code}) for ${what}: if it is signed by a private CA, set NODE_EXTRA_CA_CERTS to the CA's PEM file`, {
      status: 0,
      code,
      cause,
    });
  }
  return new GraphError('connect', `cannot reach Microsoft Graph at ${host} (${code ?? 'network error'}) for ${what}: check the network, proxy and CLOUDSYNC_GRAPH_ENDPOINT`, {
    status: 0,
    code: code ?? 'network',
    cause,
  });
}

/**
 * A request whose answer broke off after its status line (the connection reset in the middle of
 * the body): not a refusal. The request itself may have been carried out; a read is repeated.
 */
export function graphAnswerCutError(method: string, url: string, status: number, ctx: GraphErrorContext, cause: unknown): GraphError {
  const why = cause instanceof Error ? oneLine(cause.message) : 'connection closed';
  return new GraphError(
    'connect',
    `the connection to Microsoft Graph at ${hostOf(ctx.graphEndpoint)} broke in the middle of the answer to ${method.toUpperCase()} ${displayPath(url)} (after status ${status}: ${why}): check the network and proxy, and run again`,
    { status: 0, code: 'answer-cut', cause },
  );
}

/** "GET /users/x" for messages: no host, no version, no query (queries can be long). */
export function displayPath(url: string): string {
  let path = url;
  if (/^https?:\/\//i.test(url)) {
    try {
      path = new URL(url).pathname;
    } catch {
      /* keep as given */
    }
  }
  path = path.split('?')[0]!;
  return path.replace(/^\/?(v1\.0|beta)(?=\/|$)/, '') || '/';
}

/** Permissions Graph itself names in a 403 message (some APIs list them). */
function permissionsNamed(message: string): string | undefined {
  const found = message.match(/\b[A-Z][A-Za-z]+(?:\.[A-Z][A-Za-z]+){1,3}\b/g)?.filter((p) => /\.(Read|ReadWrite|Write|Manage)\b/.test(p) || /\.All$/.test(p));
  return found && found.length > 0 ? [...new Set(found)].join(' or ') : undefined;
}

/** The least permission that usually covers a request (a hint: Graph's own docs list the exact one). */
export function permissionFor(method: string, path: string): string {
  const write = method.toUpperCase() !== 'GET';
  const p = path.toLowerCase();
  const rw = (read: string, readWrite: string): string => (write ? readWrite : read);
  if (/^\/groups\/[^/]+\/(members|owners)/.test(p)) return rw('GroupMember.Read.All', 'GroupMember.ReadWrite.All');
  if (p.startsWith('/users')) return rw('User.Read.All', 'User.ReadWrite.All');
  if (p.startsWith('/groups')) return rw('Group.Read.All', 'Group.ReadWrite.All');
  if (p.startsWith('/domains')) return rw('Domain.Read.All', 'Domain.ReadWrite.All');
  if (p.startsWith('/organization')) return rw('Organization.Read.All', 'Organization.ReadWrite.All');
  if (p.startsWith('/rolemanagement') || p.startsWith('/directoryroles')) return rw('RoleManagement.Read.Directory', 'RoleManagement.ReadWrite.Directory');
  if (p.startsWith('/directory/deleteditems')) return rw('User.Read.All', 'User.ReadWrite.All');
  if (p.startsWith('/directory/onpremisessynchronization')) return rw('OnPremDirectorySynchronization.Read.All', 'OnPremDirectorySynchronization.ReadWrite.All');
  if (p.includes('/synchronization')) return rw('Synchronization.Read.All', 'Synchronization.ReadWrite.All');
  if (p.startsWith('/auditlogs')) return 'AuditLog.Read.All';
  if (p.startsWith('/applications') && p.includes('/extensionproperties')) return rw('Application.Read.All', 'Application.ReadWrite.OwnedBy');
  if (p.startsWith('/serviceprincipals') || p.startsWith('/applications')) return rw('Application.Read.All', 'Application.ReadWrite.All');
  if (p.startsWith('/onpremisespublishingprofiles')) return 'OnPremisesPublishingProfiles.ReadWrite.All';
  return rw('Directory.Read.All', 'Directory.ReadWrite.All');
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
