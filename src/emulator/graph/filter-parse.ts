import { GraphError, unsupportedQuery } from './errors.js';
import { echo } from '../../util/echo.js';

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

const invalid = (detail: string): GraphError => new GraphError(400, 'BadRequest', `Invalid filter clause: ${echo(detail, 200)}`);

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
    if (!id) throw invalid(`unexpected character '${echo(c)}' at position ${i}`);
    const word = id[0];
    const lw = word.toLowerCase();
    if (lw === 'true' || lw === 'false') out.push({ t: 'lit', v: word, lit: lw === 'true' });
    else if (lw === 'null') out.push({ t: 'lit', v: word, lit: null });
    else out.push({ t: 'id', v: word });
    i += word.length;
  }
  return out;
}

/** Deepest nesting of parentheses and `not` accepted (the parser and the evaluator recurse). */
export const MAX_FILTER_DEPTH = 50;
/** Most `and`/`or` clauses accepted (they build a tree the evaluator walks recursively). */
export const MAX_FILTER_CLAUSES = 500;

class Parser {
  private pos = 0;
  private readonly vars: string[] = [];
  private depth = 0;
  private clauses = 0;

  constructor(
    private readonly toks: Tok[],
    private readonly reports = false,
  ) {}

  parse(): Expr {
    const e = this.or();
    if (this.pos < this.toks.length) throw invalid(`unexpected '${echo(this.toks[this.pos]!.v, 60)}'`);
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

  private clause(): void {
    if (++this.clauses > MAX_FILTER_CLAUSES) throw invalid(`the filter has more than ${MAX_FILTER_CLAUSES} and/or clauses`);
  }

  private nest<T>(f: () => T): T {
    if (++this.depth > MAX_FILTER_DEPTH) throw invalid(`the filter is nested more than ${MAX_FILTER_DEPTH} levels deep`);
    try {
      return f();
    } finally {
      this.depth--;
    }
  }

  private or(): Expr {
    let l = this.and();
    while (this.isWord('or')) {
      this.pos++;
      this.clause();
      l = { k: 'or', l, r: this.and() };
    }
    return l;
  }

  private and(): Expr {
    let l = this.unary();
    while (this.isWord('and')) {
      this.pos++;
      this.clause();
      l = { k: 'and', l, r: this.unary() };
    }
    return l;
  }

  private unary(): Expr {
    if (this.isWord('not')) {
      this.pos++;
      return { k: 'not', e: this.nest(() => this.unary()) };
    }
    return this.primary();
  }

  private primary(): Expr {
    const t = this.peek();
    if (!t) throw invalid('unexpected end of expression');
    if (t.v === '(') {
      this.pos++;
      const e = this.nest(() => this.or());
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
      if (name === 'contains' && !this.reports) throw unsupportedQuery(`Unsupported or invalid query filter clause specified for property '${echo(describe(l), 80)}'.`);
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
      throw invalid(`expected an operator after '${echo(describe(l), 80)}'`);
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
    if (t.t !== 'id') throw invalid(`unexpected '${echo(t.v, 60)}'`);
    if (this.reports) {
      const lw = t.v.toLowerCase();
      if ((lw === 'tolower' || lw === 'toupper') && this.peek()?.v === '(') {
        this.pos++;
        const arg = this.nest(() => this.operand());
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
        const body = this.nest(() => this.or());
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
