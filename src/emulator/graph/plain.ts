import { parseFilter } from './filter-parse.js';
import { evaluate, validateFilter } from './filter.js';
import { contextUrl, isEventual } from './odata.js';
import type { Kind, TypeSpec } from './schema.js';
import { queryOption, type GraphRequest, type GraphResponse } from './types.js';
import { badRequest, GraphError } from './errors.js';

/**
 * Small read-only collections that are not directory objects (organization, domains,
 * directory roles, role definitions and assignments): $filter, $select and $count, no paging.
 */
export type Plain = Record<string, unknown>;

export function plainSpec(name: string, sample: Plain): TypeSpec {
  const kind = (v: unknown): Kind => (Array.isArray(v) ? (typeof v[0] === 'object' ? 'objects' : 'strings') : typeof v === 'boolean' ? 'boolean' : typeof v === 'object' && v !== null ? 'object' : 'string');
  return {
    name: name as TypeSpec['name'],
    title: name.charAt(0).toUpperCase() + name.slice(1),
    reducedDefault: false,
    props: Object.fromEntries(Object.entries(sample).map(([k, v]) => [k, { kind: kind(v) }])),
  };
}

export function selectPlain(req: GraphRequest, spec: TypeSpec, item: Plain): Plain {
  const raw = queryOption(req, '$select');
  if (raw === undefined) return item;
  const names = raw.split(',').map((s) => s.trim()).filter(Boolean);
  for (const n of names) {
    if (!spec.props[n]) throw new GraphError(400, 'BadRequest', `Parsing OData Select and Expand failed: Could not find a property named '${n}' on type 'microsoft.graph.${spec.name}'.`);
  }
  return Object.fromEntries(names.map((n) => [n, item[n] ?? null]));
}

export function plainCollection(req: GraphRequest, set: string, spec: TypeSpec, items: readonly Plain[]): GraphResponse {
  let out = [...items];
  const filter = queryOption(req, '$filter');
  if (filter !== undefined) {
    const e = parseFilter(filter);
    validateFilter(e, spec);
    out = out.filter((i) => evaluate(e, i));
  }
  const count = queryOption(req, '$count')?.toLowerCase() === 'true';
  if (count && !isEventual(req)) throw badRequest('$count is not currently supported.');
  const body: Plain = { '@odata.context': contextUrl(req, set) };
  if (count) body['@odata.count'] = out.length;
  body.value = out.map((i) => selectPlain(req, spec, i));
  return { status: 200, body };
}

export function plainEntity(req: GraphRequest, set: string, spec: TypeSpec, item: Plain): GraphResponse {
  return { status: 200, body: { '@odata.context': contextUrl(req, set, undefined, true), ...selectPlain(req, spec, item) } };
}
