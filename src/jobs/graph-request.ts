/**
 * Any Microsoft Graph request through the configured sign-in (AADCloudSyncTools'
 * Invoke-AADCloudSyncToolsGraphQuery): path handling, body and header parsing, and paging. The
 * token only ever goes to the configured Graph endpoint: an absolute URL on another host is
 * refused before anything is sent.
 */
import { CloudsyncError } from '../errors.js';
import type { GraphReader } from './discovery.js';

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
    const at = jsonErrorOffset(text);
    const before = text.slice(0, at);
    const line = before.split('\n').length;
    const column = at - before.lastIndexOf('\n');
    const ch = text[at];
    const what = ch === undefined ? 'unexpected end of the document' : ch === '\n' || ch === '\r' ? 'unexpected line break' : /\s/.test(ch) ? 'unexpected space' : `unexpected ${JSON.stringify(ch)}`;
    throw new CloudsyncError('input', `${source} is not valid JSON at line ${line}, column ${column}: ${what}`);
  }
}

/** The offset of the first character that makes `text` invalid JSON (RFC 8259), or its length. */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const literal = (word: string): void => {
    for (const ch of word) {
      if (text[i] !== ch) fail();
      i++;
    }
  };
  const string = (): void => {
    i++; // opening quote
    for (;;) {
      if (i >= text.length) fail();
      const ch = text[i]!;
      if (ch === '"') return void i++;
      if (ch.charCodeAt(0) < 0x20) fail();
      if (ch === '\\') {
        i++;
        if (text[i] === 'u') {
          i++;
          for (let k = 0; k < 4; k++) {
            if (!/[0-9a-fA-F]/.test(text[i] ?? '')) fail();
            i++;
          }
        } else if (text[i] !== undefined && '"\\/bfnrt'.includes(text[i]!)) i++;
        else fail();
      } else i++;
    }
  };
  const number = (): void => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m || m[0] === '' || m[0] === '-') fail();
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    const ch = text[i];
    if (ch === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail();
      }
    }
    if (ch === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail();
      }
    }
    if (ch === '"') return string();
    if (ch === 't') return literal('true');
    if (ch === 'f') return literal('false');
    if (ch === 'n') return literal('null');
    if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) return number();
    fail();
  };
  try {
    value();
    ws();
    return i < text.length ? i : text.length;
  } catch (at) {
    return Math.min(at as number, text.length);
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
