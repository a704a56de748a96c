import type { Props } from '../directory.js';
import { GraphError, unsupportedQuery } from './errors.js';
import type { TypeSpec } from './schema.js';

/**
 * OData $filter, the subset Graph supports on directory objects: eq ne gt ge lt le, in,
 * and/or/not, startswith/endswith, any/all lambdas on collections
 * (`proxyAddresses/any(p:p eq 'smtp:x')`, `identities/any(i:i/issuer eq 'x')`), literals
 * 'string' (with '' escapes), true/false/null, numbers, GUIDs and date-times.
 * String comparisons are case-insensitive, as directory queries are. The reports dialect
 * (ParseOptions) is parsed here and evaluated by its own API, case-sensitively
 * (src/emulator/provisioning/query.ts).
 */
export type Literal = string | number | boolean | null;
export type Operand =
  | { k: 'prop'; path: string[] }
  | { k: 'var'; name: string; path: string[] }
  | { k: 'lit'; value: Literal }
  /** tolower(x) / toupper(x): only in the reports dialect. */
  | { k: 'call'; name: 'tolower' | 'toupper'; arg: Operand };
export type CmpOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
export type Expr =
  | { k: 'and' | 'or'; l: Expr; r: Expr }
  | { k: 'not'; e: Expr }
  | { k: 'cmp'; op: CmpOp; l: Operand; r: Operand }
  | { k: 'in'; l: Operand; values: Literal[] }
  | { k: 'fn'; name: 'startswith' | 'endswith' | 'contains'; l: Operand; r: Operand }
  | { k: 'lambda'; path: string[]; quant: 'any' | 'all'; v: string; body: Expr };

type Lambda = Extract<Expr, { k: 'lambda' }>;

/**
 * 'directory' (default): what directory objects accept. 'reports': the activity-report APIs
 * (provisioning logs), which also take contains(), tolower()/toupper() around a property and
 * enum literals such as microsoft.graph.provisioningResult'failure'.
 */
export interface ParseOptions {
  dialect?: 'directory' | 'reports';
}
type Tok = { t: 'id' | 'str' | 'lit' | 'punct'; v: string; lit?: Literal };

const invalid = (detail: string): GraphError => new GraphError(400, 'BadRequest', `Invalid filter clause: ${detail}`);

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/;
const DATETIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?/;
const NUMBER = /^-?\d+(\.\d+)?/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_.]*/;

function lex(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if ('(),:/'.includes(c)) {
      out.push({ t: 'punct', v: c });
      i++;
      continue;
    }
    if (c === "'") {
      let v = '';
      i++;
      for (;;) {
        if (i >= src.length) throw invalid('unterminated string literal');
        if (src[i] === "'") {
          if (src[i + 1] === "'") {
            v += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        v += src[i++];
      }
      out.push({ t: 'str', v, lit: v });
      continue;
    }
    const rest = src.slice(i);
    const m = GUID.exec(rest) ?? DATETIME.exec(rest) ?? NUMBER.exec(rest);
    if (m && (GUID.test(rest) || /^[-\d]/.test(c))) {
      const text = m[0];
      const lit: Literal = NUMBER.exec(text)?.[0] === text ? Number(text) : text;
      out.push({ t: 'lit', v: text, lit });
      i += text.length;
      continue;
    }
    const id = IDENT.exec(rest);
    if (!id) throw invalid(`unexpected character '${c}' at position ${i}`);
    const word = id[0];
    const lw = word.toLowerCase();
    if (lw === 'true' || lw === 'false') out.push({ t: 'lit', v: word, lit: lw === 'true' });
    else if (lw === 'null') out.push({ t: 'lit', v: word, lit: null });
    else out.push({ t: 'id', v: word });
    i += word.length;
  }
  return out;
}

class Parser {
  private pos = 0;
  private readonly vars: string[] = [];

  constructor(
    private readonly toks: Tok[],
    private readonly reports = false,
  ) {}

  parse(): Expr {
    const e = this.or();
    if (this.pos < this.toks.length) throw invalid(`unexpected '${this.toks[this.pos]!.v}'`);
    return e;
  }

  private peek(): Tok | undefined {
    return this.toks[this.pos];
  }

  private isWord(w: string): boolean {
    const t = this.peek();
    return t?.t === 'id' && t.v.toLowerCase() === w;
  }

  private expect(v: string): void {
    const t = this.toks[this.pos++];
    if (!t || t.v !== v) throw invalid(`expected '${v}'`);
  }

  private or(): Expr {
    let l = this.and();
    while (this.isWord('or')) {
      this.pos++;
      l = { k: 'or', l, r: this.and() };
    }
    return l;
  }

  private and(): Expr {
    let l = this.unary();
    while (this.isWord('and')) {
      this.pos++;
      l = { k: 'and', l, r: this.unary() };
    }
    return l;
  }

  private unary(): Expr {
    if (this.isWord('not')) {
      this.pos++;
      return { k: 'not', e: this.unary() };
    }
    return this.primary();
  }

  private primary(): Expr {
    const t = this.peek();
    if (!t) throw invalid('unexpected end of expression');
    if (t.v === '(') {
      this.pos++;
      const e = this.or();
      this.expect(')');
      return e;
    }
    if (t.t === 'id' && ['startswith', 'endswith', 'contains'].includes(t.v.toLowerCase()) && this.toks[this.pos + 1]?.v === '(') {
      const name = t.v.toLowerCase();
      this.pos += 2;
      const l = this.operand();
      this.expect(',');
      const r = this.operand();
      this.expect(')');
      if (name === 'contains' && !this.reports) throw unsupportedQuery(`Unsupported or invalid query filter clause specified for property '${describe(l)}'.`);
      return { k: 'fn', name: name as 'startswith' | 'endswith' | 'contains', l, r };
    }
    const l = this.term(true);
    if (l.k === 'lambda') return l;
    const op = this.peek();
    if (op?.t === 'id' && op.v.toLowerCase() === 'in') {
      this.pos++;
      this.expect('(');
      const values: Literal[] = [];
      for (;;) {
        const v = this.toks[this.pos++];
        if (!v || (v.t !== 'str' && v.t !== 'lit')) throw invalid("expected a literal in 'in'");
        values.push(v.lit ?? null);
        if (this.peek()?.v === ',') {
          this.pos++;
          continue;
        }
        this.expect(')');
        break;
      }
      return { k: 'in', l, values };
    }
    if (op?.t !== 'id' || !['eq', 'ne', 'gt', 'ge', 'lt', 'le'].includes(op.v.toLowerCase())) {
      throw invalid(`expected an operator after '${describe(l)}'`);
    }
    this.pos++;
    return { k: 'cmp', op: op.v.toLowerCase() as CmpOp, l, r: this.operand() };
  }

  private operand(): Operand {
    const o = this.term(false);
    if (o.k === 'lambda') throw invalid('a lambda cannot be an operand');
    return o;
  }

  /** A literal, a property path, a lambda variable path, or (when allowed) a lambda. */
  private term(allowLambda: boolean): Operand | Lambda {
    const t = this.toks[this.pos++];
    if (!t) throw invalid('unexpected end of expression');
    if (t.t === 'str' || t.t === 'lit') return { k: 'lit', value: t.lit ?? null };
    if (t.t !== 'id') throw invalid(`unexpected '${t.v}'`);
    if (this.reports) {
      const lw = t.v.toLowerCase();
      if ((lw === 'tolower' || lw === 'toupper') && this.peek()?.v === '(') {
        this.pos++;
        const arg = this.operand();
        this.expect(')');
        return { k: 'call', name: lw, arg };
      }
      // An enum literal: Namespace.Type'member'.
      if (t.v.includes('.') && this.peek()?.t === 'str') return { k: 'lit', value: this.toks[this.pos++]!.lit ?? null };
    }
    const path = [t.v];
    while (this.peek()?.v === '/') {
      this.pos++;
      const n = this.toks[this.pos++];
      if (!n || n.t !== 'id') throw invalid('expected a property name after /');
      const lw = n.v.toLowerCase();
      if ((lw === 'any' || lw === 'all') && this.peek()?.v === '(') {
        if (!allowLambda) throw invalid('a lambda cannot be an operand');
        this.pos++;
        const v = this.toks[this.pos++];
        if (!v || v.t !== 'id') throw invalid('expected a lambda variable');
        this.expect(':');
        this.vars.push(v.v);
        const body = this.or();
        this.vars.pop();
        this.expect(')');
        return { k: 'lambda', path, quant: lw, v: v.v, body };
      }
      path.push(n.v);
    }
    if (this.vars.includes(path[0]!)) return { k: 'var', name: path[0]!, path: path.slice(1) };
    return { k: 'prop', path };
  }
}

export const describe = (o: Operand): string =>
  o.k === 'lit' ? String(o.value) : o.k === 'var' ? [o.name, ...o.path].join('/') : o.k === 'call' ? `${o.name}(${describe(o.arg)})` : o.path.join('/');

export function parseFilter(src: string, opts: ParseOptions = {}): Expr {
  return new Parser(lex(src), opts.dialect === 'reports').parse();
}

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
