/**
 * What is done with a parsed $filter (filter-parse.ts): property names checked against the type,
 * Graph's limit on OR'ed clauses, the operators that need an advanced query, evaluation against an
 * object (case-insensitive, as directory queries are) and the equality lookups an index can serve.
 */
import type { Props } from '../directory.js';
import { GraphError, unsupportedQuery } from './errors.js';
import type { CmpOp, Expr, Literal, Operand } from './filter-parse.js';
import type { TypeSpec } from './schema.js';

/** Checks property names against the type; unknown ones are Graph's OData error. */
export function validateFilter(e: Expr, spec: TypeSpec): void {
  const prop = (o: Operand): void => {
    if (o.k !== 'prop') return;
    const name = o.path[0]!;
    if (!spec.props[name] || spec.props[name].writeOnly) {
      throw new GraphError(400, 'BadRequest', `Could not find a property named '${name}' on type 'microsoft.graph.${spec.name}'.`);
    }
  };
  const walk = (x: Expr): void => {
    switch (x.k) {
      case 'and':
      case 'or':
        walk(x.l);
        walk(x.r);
        break;
      case 'not':
        walk(x.e);
        break;
      case 'cmp':
      case 'fn':
        prop(x.l);
        prop(x.r);
        break;
      case 'in':
        prop(x.l);
        break;
      case 'lambda': {
        prop({ k: 'prop', path: x.path });
        const kind = spec.props[x.path[0]!]!.kind;
        if (kind !== 'strings' && kind !== 'objects') {
          throw unsupportedQuery(`Unsupported or invalid query filter clause specified for property '${x.path[0]}' of resource '${spec.title}'.`);
        }
        walk(x.body);
        break;
      }
    }
  };
  walk(e);
  checkClauseCount(e);
}

/** Directory queries allow at most 15 OR'ed clauses (an `in` list counts each value). */
function checkClauseCount(e: Expr): void {
  const count = (x: Expr): number => (x.k === 'or' ? count(x.l) + count(x.r) : x.k === 'in' ? x.values.length : 1);
  const walk = (x: Expr): void => {
    if (x.k === 'or' || x.k === 'in') {
      const n = count(x);
      if (n > 15) throw unsupportedQuery(`Too many child clauses specified in search filter expression containing 'OR' operators: ${n}. Max allowed: 15.`);
    }
    if (x.k === 'and') {
      walk(x.l);
      walk(x.r);
    } else if (x.k === 'not') walk(x.e);
    else if (x.k === 'lambda') walk(x.body);
  };
  walk(e);
}

/** The first operator that Graph only accepts as an advanced query (ConsistencyLevel + $count). */
export function advancedOperator(e: Expr): string | undefined {
  switch (e.k) {
    case 'and':
    case 'or':
      return advancedOperator(e.l) ?? advancedOperator(e.r);
    case 'not':
      return 'not';
    case 'cmp':
      return e.op === 'ne' ? 'ne' : undefined;
    case 'fn':
      return e.name === 'endswith' ? 'endsWith' : undefined;
    case 'lambda':
      return advancedOperator(e.body);
    default:
      return undefined;
  }
}

type Scope = Record<string, unknown>;

function valueOf(o: Operand, props: Props, scope: Scope): unknown {
  if (o.k === 'lit') return o.value;
  if (o.k === 'call') {
    const v = valueOf(o.arg, props, scope);
    return typeof v === 'string' ? (o.name === 'tolower' ? v.toLowerCase() : v.toUpperCase()) : v;
  }
  let v: unknown = o.k === 'prop' ? props[o.path[0]!] : scope[o.name];
  for (const seg of o.k === 'prop' ? o.path.slice(1) : o.path) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[seg] : undefined;
  return v;
}

const norm = (v: unknown): unknown => (typeof v === 'string' ? v.toLowerCase() : v === undefined ? null : v);

function compare(op: CmpOp, a: unknown, b: unknown): boolean {
  const x = norm(a);
  const y = norm(b);
  if (op === 'eq') return x === y;
  if (op === 'ne') return x !== y;
  if (x === null || y === null) return false;
  const xs = x as string | number;
  const ys = y as string | number;
  return op === 'gt' ? xs > ys : op === 'ge' ? xs >= ys : op === 'lt' ? xs < ys : xs <= ys;
}

export function evaluate(e: Expr, props: Props, scope: Scope = {}): boolean {
  switch (e.k) {
    case 'and':
      return evaluate(e.l, props, scope) && evaluate(e.r, props, scope);
    case 'or':
      return evaluate(e.l, props, scope) || evaluate(e.r, props, scope);
    case 'not':
      return !evaluate(e.e, props, scope);
    case 'cmp':
      return compare(e.op, valueOf(e.l, props, scope), valueOf(e.r, props, scope));
    case 'in': {
      const v = norm(valueOf(e.l, props, scope));
      return e.values.some((x) => norm(x) === v);
    }
    case 'fn': {
      const a = valueOf(e.l, props, scope);
      const b = valueOf(e.r, props, scope);
      if (typeof a !== 'string' || typeof b !== 'string') return false;
      if (e.name === 'contains') return a.toLowerCase().includes(b.toLowerCase());
      return e.name === 'startswith' ? a.toLowerCase().startsWith(b.toLowerCase()) : a.toLowerCase().endsWith(b.toLowerCase());
    }
    case 'lambda': {
      const coll = valueOf({ k: 'prop', path: e.path }, props, scope);
      const items = Array.isArray(coll) ? coll : [];
      const test = (item: unknown): boolean => evaluate(e.body, props, { ...scope, [e.v]: item });
      return e.quant === 'any' ? items.some(test) : items.every(test);
    }
  }
}

/**
 * Equality conditions an index can answer: the filter matches only objects whose `property`
 * equals one of `values`. Returned for `p eq v`, `p in (…)`, `proxyAddresses/any(x:x eq v)`,
 * an `and` with one such side, and an `or` of such conditions (as several entries).
 */
export function indexable(e: Expr): Array<{ property: string; values: Literal[] }> | undefined {
  switch (e.k) {
    case 'cmp':
      if (e.op !== 'eq') return undefined;
      if (e.l.k === 'prop' && e.l.path.length === 1 && e.r.k === 'lit') return [{ property: e.l.path[0]!, values: [e.r.value] }];
      if (e.r.k === 'prop' && e.r.path.length === 1 && e.l.k === 'lit') return [{ property: e.r.path[0]!, values: [e.l.value] }];
      return undefined;
    case 'in':
      return e.l.k === 'prop' && e.l.path.length === 1 ? [{ property: e.l.path[0]!, values: e.values }] : undefined;
    case 'lambda': {
      const b = e.body;
      if (e.quant !== 'any' || e.path.length !== 1 || b.k !== 'cmp' || b.op !== 'eq') return undefined;
      const isVar = (o: Operand): boolean => o.k === 'var' && o.name === e.v && o.path.length === 0;
      if (isVar(b.l) && b.r.k === 'lit') return [{ property: e.path[0]!, values: [b.r.value] }];
      if (isVar(b.r) && b.l.k === 'lit') return [{ property: e.path[0]!, values: [b.l.value] }];
      return undefined;
    }
    case 'and':
      return indexable(e.l) ?? indexable(e.r);
    case 'or': {
      const l = indexable(e.l);
      const r = indexable(e.r);
      return l && r ? [...l, ...r] : undefined;
    }
    default:
      return undefined;
  }
}
