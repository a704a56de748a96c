import type { DirObject } from '../directory.js';
import { badRequest, GraphError, unsupportedQuery } from './errors.js';
import { parseFilter, type Expr } from './filter-parse.js';
import { advancedOperator, evaluate, indexable, validateFilter } from './filter.js';
import { isExtensionName } from '../extensions.js';
import { SPECS, withExtensions, type TypeSpec } from './schema.js';
import { queryOption, type GraphRequest, type GraphResponse } from './types.js';

/**
 * OData query options on directory collections, as Graph applies them: $select, $filter,
 * $top (default page 100, at most 999), $skiptoken paging with absolute https nextLinks,
 * $count and $orderby, and the "advanced query" rules (ConsistencyLevel: eventual).
 */
export const isEventual = (req: GraphRequest): boolean => req.headers['consistencylevel']?.toLowerCase() === 'eventual';

/** $select names, checked against the types a collection can hold. */
export function selectOf(req: GraphRequest, base: readonly TypeSpec[]): string[] | undefined {
  const specs = base.map((s) => withExtensions(s, req.extensions));
  const raw = queryOption(req, '$select');
  if (raw === undefined) return undefined;
  const names = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const n of names) {
    if (n === '*') continue;
    if (!specs.some((s) => s.props[n])) {
      throw new GraphError(400, 'BadRequest', `Parsing OData Select and Expand failed: Could not find a property named '${n}' on type 'microsoft.graph.${specs.length === 1 ? specs[0]!.name : 'directoryObject'}'.`);
    }
  }
  return names.includes('*') ? undefined : names;
}

export function topOf(req: GraphRequest, max = 999): number | undefined {
  const raw = queryOption(req, '$top');
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) throw badRequest(`Invalid page size specified: '${raw}'. Must be between 1 and ${max} inclusive.`);
  return n;
}

/** A directory object as Graph returns it: the selected (or default) properties, nulls included. */
export function project(o: DirObject, select: readonly string[] | undefined, version: GraphRequest['version'], withType: boolean): Record<string, unknown> {
  const spec = SPECS[o.type];
  const names = select
    ? select.filter((n) => spec.props[n] || isExtensionName(n))
    : Object.keys(spec.props).filter((n) => !spec.reducedDefault || version === 'beta' || spec.props[n]!.v1Default);
  const out: Record<string, unknown> = withType ? { '@odata.type': `#microsoft.graph.${spec.name}` } : {};
  for (const n of names) {
    const kind = spec.props[n]?.kind;
    const v = spec.props[n]?.writeOnly ? null : o.props[n];
    out[n] = v === undefined ? (kind === 'strings' || kind === 'objects' ? [] : null) : v;
  }
  // Directory extensions: by default on beta, only with $select on v1.0 (concepts/extensibility-overview.md).
  if (!select && version === 'beta') for (const [k, v] of Object.entries(o.props)) if (isExtensionName(k)) out[k] = v;
  return out;
}

export function contextUrl(req: GraphRequest, set: string, select?: readonly string[], entity = false): string {
  return `${req.origin}/${req.version}/$metadata#${set}${select ? `(${select.join(',')})` : ''}${entity ? '/$entity' : ''}`;
}

const encodeToken = (kind: 's' | 'o', n: number): string => Buffer.from(`emu1:${kind}:${n}`).toString('base64url');

function decodeToken(token: string): { kind: 's' | 'o'; n: number } {
  const m = /^emu1:([so]):(\d+)$/.exec(Buffer.from(token, 'base64url').toString());
  if (!m) throw badRequest('Unsupported or invalid query skiptoken specified.');
  return { kind: m[1] as 's' | 'o', n: Number(m[2]) };
}

export function nextLink(req: GraphRequest, token: string): string {
  const parts = req.query.filter(([k]) => k.toLowerCase() !== '$skiptoken').map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
  parts.push(`$skiptoken=${token}`);
  return `${req.origin}/${req.version}${req.path}?${parts.join('&')}`;
}

const advancedHint = (what: string): GraphError =>
  unsupportedQuery(`${what} is not supported because the required parameters might be missing. Try adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to https://aka.ms/graph-docs/advanced-queries for more information`);

export interface CollectionQuery {
  filter?: Expr;
  select?: string[];
  top: number;
  count: boolean;
  orderby?: { property: string; desc: boolean };
  skip?: { kind: 's' | 'o'; n: number };
}

/** Reads and checks the query options of a directory collection request. */
export function collectionQuery(req: GraphRequest, specs: readonly TypeSpec[], opts: { orderable?: readonly string[] } = {}): CollectionQuery {
  const eventual = isEventual(req);
  const countRaw = queryOption(req, '$count');
  const count = countRaw?.toLowerCase() === 'true';
  if (count && !eventual) throw badRequest('$count is not currently supported.');
  const q: CollectionQuery = { top: topOf(req) ?? 100, count };
  const select = selectOf(req, specs);
  if (select) q.select = select;
  const filterRaw = queryOption(req, '$filter');
  if (filterRaw !== undefined) {
    const expr = parseFilter(filterRaw);
    validateFilter(expr, withExtensions(specs[0]!, req.extensions));
    const adv = advancedOperator(expr);
    if (adv && !(eventual && count)) throw advancedHint(`Operator '${adv}'`);
    q.filter = expr;
  }
  if (queryOption(req, '$search') !== undefined) {
    if (!eventual) throw badRequest('Request with $search query parameter only works through MSGraph with a special request header: \'ConsistencyLevel: eventual\'');
    throw unsupportedQuery('$search is not supported by the cloudsync emulator.');
  }
  const orderRaw = queryOption(req, '$orderby');
  if (orderRaw !== undefined) {
    const m = /^\s*([A-Za-z]+)(?:\s+(asc|desc))?\s*$/i.exec(orderRaw);
    if (!m || !specs[0]!.props[m[1]!]) throw new GraphError(400, 'BadRequest', `Could not find a property named '${orderRaw.trim()}' on type 'microsoft.graph.${specs[0]!.name}'.`);
    const property = m[1]!;
    if (!(eventual && count)) {
      if (q.filter) throw unsupportedQuery('Sorting not supported for current query.');
      if (!(opts.orderable ?? []).includes(property)) throw advancedHint(`Order by '${property}'`);
    }
    q.orderby = { property, desc: m[2]?.toLowerCase() === 'desc' };
  }
  const skip = queryOption(req, '$skiptoken');
  if (skip !== undefined) q.skip = decodeToken(skip);
  return q;
}

export interface ListSource {
  /** Live objects in creation order after a sequence number. */
  iterate(afterSeq: number): Iterable<DirObject>;
  /** Index lookup for `property eq value`; undefined when the property is not indexed. */
  lookup?(property: string, value: unknown): DirObject[] | undefined;
}

/** Objects an index says can match, in creation order; undefined when a scan is needed. */
function indexCandidates(q: CollectionQuery, source: ListSource): DirObject[] | undefined {
  const idx = q.filter && source.lookup ? indexable(q.filter) : undefined;
  if (!idx) return undefined;
  const found = new Map<string, DirObject>();
  for (const { property, values } of idx) {
    for (const v of values) {
      const hits = source.lookup!(property, v);
      if (hits === undefined) return undefined;
      for (const h of hits) found.set(h.id, h);
    }
  }
  return [...found.values()].sort((a, b) => a.seq - b.seq);
}

/** Runs a collection query: filter, order, page; returns the Graph response body. */
export function listCollection(
  req: GraphRequest,
  q: CollectionQuery,
  source: ListSource,
  shape: { context: string; withType: boolean; expand?: (o: DirObject) => Record<string, unknown> },
): GraphResponse {
  const match = (o: DirObject): boolean => !q.filter || evaluate(q.filter, o.props);
  const candidates = indexCandidates(q, source);
  const page: DirObject[] = [];
  let more = false;
  let total: number | undefined;
  let token: string | undefined;

  if (q.orderby) {
    if (q.skip && q.skip.kind !== 'o') throw badRequest('Unsupported or invalid query skiptoken specified.');
    const all = (candidates ?? [...source.iterate(0)]).filter(match);
    const { property, desc } = q.orderby;
    const key = (o: DirObject): string => String(o.props[property] ?? '').toLowerCase();
    all.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.seq - b.seq) * (desc ? -1 : 1));
    const start = q.skip?.n ?? 0;
    page.push(...all.slice(start, start + q.top));
    more = all.length > start + q.top;
    if (more) token = encodeToken('o', start + q.top);
    total = all.length;
  } else {
    if (q.skip && q.skip.kind !== 's') throw badRequest('Unsupported or invalid query skiptoken specified.');
    const after = q.skip?.n ?? 0;
    const stream = candidates ? candidates.filter((o) => o.seq > after) : source.iterate(after);
    for (const o of stream) {
      if (!match(o)) continue;
      if (page.length === q.top) {
        more = true;
        break;
      }
      page.push(o);
    }
    if (more) token = encodeToken('s', page[page.length - 1]!.seq);
    if (q.count) total = countMatches(q, source);
  }
  const body: Record<string, unknown> = { '@odata.context': shape.context };
  if (q.count) body['@odata.count'] = total;
  if (token) body['@odata.nextLink'] = nextLink(req, token);
  body.value = page.map((o) => ({ ...project(o, q.select, req.version, shape.withType), ...shape.expand?.(o) }));
  return { status: 200, body };
}

export function countMatches(q: CollectionQuery, source: ListSource): number {
  const candidates = indexCandidates(q, source) ?? source.iterate(0);
  let n = 0;
  for (const o of candidates) if (!q.filter || evaluate(q.filter, o.props)) n++;
  return n;
}

/** GET …/$count: a text/plain number; needs ConsistencyLevel: eventual. */
export function countResponse(req: GraphRequest, n: number): GraphResponse {
  if (!isEventual(req)) throw badRequest('$count is not currently supported.');
  return { status: 200, text: String(n) };
}
