/**
 * Any Microsoft Graph request through the configured sign-in (AADCloudSyncTools'
 * Invoke-AADCloudSyncToolsGraphQuery): path handling, body and header parsing, and paging. The
 * token only ever goes to the configured Graph endpoint: an absolute URL on another host is
 * refused before anything is sent.
 */
import { CloudsyncError } from '../errors.js';
import type { GraphReader } from '../cloud-sync/discovery.js';
import { jsonErrorPosition } from '../util/json-position.js';

export const GRAPH_METHODS = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'] as const;
export type GraphMethod = (typeof GRAPH_METHODS)[number];

export function parseMethod(m: string): GraphMethod {
  const up = m.trim().toUpperCase();
  if ((GRAPH_METHODS as readonly string[]).includes(up)) return up as GraphMethod;
  throw new CloudsyncError('usage', `unsupported HTTP method "${m}": use GET, POST, PATCH, PUT or DELETE`);
}

export const isWrite = (m: GraphMethod): boolean => m !== 'GET';

/**
 * The request path, always with its version ("/v1.0/users?$top=5"), from what the user typed:
 * "/users", "users?$top=5", "/beta/…", "v1.0/…" or an absolute URL on the Graph endpoint.
 * `beta` puts a path without a version on /beta. The query is kept exactly as given.
 */
export function resolveGraphPath(input: string, graphEndpoint: string, opts: { beta?: boolean } = {}): string {
  const raw = input.trim();
  if (raw === '') throw new CloudsyncError('usage', 'no Graph path: give one like /users, "users?$top=5" or /beta/…');
  let p = raw;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new CloudsyncError('usage', `"${raw}" is not a valid URL`);
    }
    const endpoint = new URL(graphEndpoint);
    if (url.protocol !== endpoint.protocol || url.host.toLowerCase() !== endpoint.host.toLowerCase()) {
      throw new CloudsyncError('usage', `refusing to send the token to ${url.protocol}//${url.host}: only URLs on the configured Graph endpoint ${endpoint.origin} are allowed (or give a relative path)`);
    }
    if (url.username !== '' || url.password !== '') throw new CloudsyncError('usage', 'a Graph URL with a user name or password is not allowed');
    // The raw path and query as typed (URL would re-encode the query).
    const rest = raw.slice(raw.indexOf('//') + 2);
    const cut = rest.search(/[/?]/);
    p = (cut < 0 ? '/' : rest.slice(cut)).replace(/#.*$/, '');
  }
  if (!p.startsWith('/')) p = `/${p}`;
  if (p.startsWith('//')) throw new CloudsyncError('usage', `"${raw}" is not a Graph path`);
  const version = /^\/(v1\.0|beta)(?=\/|\?|$)/i.exec(p)?.[1];
  if (version !== undefined) {
    if (opts.beta === true && version.toLowerCase() !== 'beta') throw new CloudsyncError('usage', `--beta with a /${version} path: drop one of them`);
    return `/${version.toLowerCase()}${p.slice(version.length + 1)}`;
  }
  return `${opts.beta === true ? '/beta' : '/v1.0'}${p}`;
}

/** A request body: JSON text, or "@file" (read by the caller). Errors name the line and column. */
export function parseJsonBody(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // V8's messages differ between Node versions and do not always give a position: find it here.
    const pos = jsonErrorPosition(text) ?? { offset: text.length, line: text.split('\n').length, column: text.length - text.lastIndexOf('\n') };
    const { line, column } = pos;
    const ch = text[pos.offset];
    const what = ch === undefined ? 'unexpected end of the document' : ch === '\n' || ch === '\r' ? 'unexpected line break' : /\s/.test(ch) ? 'unexpected space' : `unexpected ${JSON.stringify(ch)}`;
    throw new CloudsyncError('input', `${source} is not valid JSON at line ${line}, column ${column}: ${what}`);
  }
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Headers cloudsync sets itself (the token goes only where the Graph client sends it). */
const RESERVED = new Set(['authorization', 'host', 'content-length']);

/** "Name: value" pairs into a header object. */
export function parseHeaders(list: readonly string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of list ?? []) {
    const i = h.indexOf(':');
    const name = i < 0 ? '' : h.slice(0, i).trim();
    if (i < 0 || !TOKEN.test(name)) throw new CloudsyncError('usage', `--header "${h}": write it as "Name: value" (e.g. "ConsistencyLevel: eventual")`);
    if (RESERVED.has(name.toLowerCase())) throw new CloudsyncError('usage', `--header ${name}: cloudsync sets this header itself (the token comes from the configured sign-in)`);
    const value = h.slice(i + 1).trim();
    if (/[\r\n]/.test(value)) throw new CloudsyncError('usage', `--header ${name}: the value has a line break`);
    out[name] = value;
  }
  return out;
}

export interface Page {
  value?: unknown[];
  '@odata.nextLink'?: string;
  [k: string]: unknown;
}

/**
 * Every item of a collection, following @odata.nextLink page by page (each page through the
 * Graph client's retries). A response that is not a collection is yielded once as it is.
 */
export async function* allItems(graph: Pick<GraphReader, 'request'>, path: string, graphEndpoint: string, headers?: Record<string, string>): AsyncGenerator<unknown> {
  let next: string | undefined = path;
  while (next !== undefined) {
    const page: unknown = await graph.request<unknown>('GET', next, undefined, headers);
    if (!isPage(page)) {
      if (page !== undefined && page !== '') yield page;
      return;
    }
    for (const item of page.value) yield item;
    const link = page['@odata.nextLink'];
    if (link === undefined) return;
    if (new URL(link, graphEndpoint).origin !== new URL(graphEndpoint).origin) {
      throw new CloudsyncError('runtime', `Graph returned a next-page link to another host (${new URL(link, graphEndpoint).host}): refusing to follow it`);
    }
    next = link;
  }
}

export function isPage(x: unknown): x is Page & { value: unknown[] } {
  return typeof x === 'object' && x !== null && Array.isArray((x as Page).value);
}
