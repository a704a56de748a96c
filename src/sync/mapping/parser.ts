/**
 * Recursive-descent parser for Entra's attribute-mapping expressions.
 *
 *   expression := concat [ compareOp concat ]
 *   concat     := unary { "&" unary }
 *   unary      := [ "-" ] number | primary
 *   primary    := string | number | "[" attribute "]" | name "(" [ args ] ")" | name | "(" expression ")"
 *   args       := [ expression ] { "," [ expression ] }      (an empty slot is an omitted argument)
 *
 * Function and constant names are case-insensitive; attribute names are case-insensitive.
 */
import type { CompareOp, Node } from './ast.js';
import { ParseFailure, closest } from './errors.js';
import { Lexer, type Token } from './lexer.js';
import { FUNCTIONS, UNSUPPORTED, describeArity } from './functions/registry.js';

/** Bare names (no parentheses) the language knows: VBA compare modes and text encodings. */
const CONSTANTS = new Map(
  ['vbTextCompare', 'vbBinaryCompare', 'UTF8', 'Unicode', 'ASCII'].map((n) => [n.toLowerCase(), n]),
);

function describe(tok: Token): string {
  switch (tok.t) {
    case 'string':
      return 'a string';
    case 'number':
      return `the number ${tok.value}`;
    case 'attribute':
      return `[${tok.name}]`;
    case 'name':
      return `'${tok.name}'`;
    case 'punct':
      return `'${tok.p}'`;
    case 'op':
      return `'${tok.op}'`;
    case 'end':
      return 'the end of the expression';
  }
}

/** Deepest nesting of parentheses and function calls accepted (parser, compiler and evaluator recurse). */
export const MAX_EXPRESSION_DEPTH = 100;

class Parser {
  private i = 0;
  private depth = 0;
  constructor(private readonly lex: Lexer) {}

  /** A method, not a getter: TypeScript must not narrow the current token across advances. */
  private tok(): Token {
    return this.lex.at(this.i);
  }

  private isPunct(p: string): boolean {
    const t = this.tok();
    return t.t === 'punct' && t.p === p;
  }

  parseAll(): Node {
    if (this.tok().t === 'end') throw new ParseFailure(0, 'the expression is empty');
    const node = this.expression();
    const t = this.tok();
    if (t.t !== 'end') {
      if (t.t === 'punct' && t.p === ')') throw new ParseFailure(t.pos, "unbalanced brackets: ')' without an opening '('");
      if (t.t === 'punct' && t.p === ',') {
        throw new ParseFailure(t.pos, "unexpected ',' outside a function's argument list");
      }
      throw new ParseFailure(t.pos, `unexpected ${describe(t)} after the end of the expression`);
    }
    return node;
  }

  private expression(): Node {
    if (this.depth >= MAX_EXPRESSION_DEPTH) {
      throw new ParseFailure(this.tok().pos, `nested more than ${MAX_EXPRESSION_DEPTH} deep (parentheses and function calls): simplify the expression`);
    }
    this.depth++;
    try {
      return this.comparison();
    } finally {
      this.depth--;
    }
  }

  private comparison(): Node {
    const left = this.concat();
    const t = this.tok();
    if (t.t !== 'op') return left;
    this.i++;
    const right = this.concat();
    const next = this.tok();
    if (next.t === 'op') {
      throw new ParseFailure(next.pos, `comparisons cannot be chained: put one of them in parentheses`);
    }
    return { kind: 'compare', op: t.op as CompareOp, left, right, pos: t.pos };
  }

  private concat(): Node {
    const first = this.unary();
    if (!this.isPunct('&')) return first;
    const parts = [first];
    while (this.isPunct('&')) {
      this.i++;
      parts.push(this.unary());
    }
    return { kind: 'concat', parts, pos: first.pos };
  }

  private unary(): Node {
    const t = this.tok();
    if (t.t === 'punct' && t.p === '-') {
      const n = this.lex.at(this.i + 1);
      if (n.t !== 'number') throw new ParseFailure(t.pos, "'-' must be followed by a number");
      this.i += 2;
      return { kind: 'number', value: -n.value, pos: t.pos };
    }
    return this.primary();
  }

  private primary(): Node {
    const t = this.tok();
    switch (t.t) {
      case 'string':
        this.i++;
        return { kind: 'string', value: t.value, pos: t.pos };
      case 'number':
        this.i++;
        return { kind: 'number', value: t.value, pos: t.pos };
      case 'attribute':
        this.i++;
        return { kind: 'attribute', name: t.name, pos: t.pos };
      case 'name':
        return this.name(t);
      case 'punct':
        if (t.p === '(') {
          this.i++;
          const inner = this.expression();
          if (!this.isPunct(')')) {
            const n = this.tok();
            if (n.t === 'end') throw new ParseFailure(t.pos, "unbalanced brackets: '(' is never closed");
            throw new ParseFailure(n.pos, `expected ')' to close the '(' at column ${t.pos + 1}, found ${describe(n)}`);
          }
          this.i++;
          return inner;
        }
        if (t.p === ')') throw new ParseFailure(t.pos, "expected a value, found ')'");
        throw new ParseFailure(t.pos, `expected a value, found ${describe(t)}`);
      case 'op':
        throw new ParseFailure(t.pos, `expected a value, found ${describe(t)}`);
      case 'end':
        throw new ParseFailure(t.pos, 'the expression ends too early: a value is missing');
    }
  }

  private name(t: Extract<Token, { t: 'name' }>): Node {
    const lower = t.name.toLowerCase();
    let next: Token | undefined;
    try {
      next = this.lex.at(this.i + 1);
    } catch (e) {
      // A lexing error after the name: report the name's own problem first (reading order); a
      // valid constant lets the parser go on and meet the lexing error again.
      if (!(e instanceof ParseFailure)) throw e;
    }
    if (next !== undefined && next.t === 'punct' && next.p === '(') return this.call(t, lower);
    this.i++;
    if (lower === 'true' || lower === 'false') return { kind: 'boolean', value: lower === 'true', pos: t.pos };
    const constant = CONSTANTS.get(lower);
    if (constant !== undefined) return { kind: 'constant', name: constant, pos: t.pos };
    const fn = FUNCTIONS.get(lower);
    if (fn !== undefined) throw new ParseFailure(t.pos, `${fn.name} is a function: write ${fn.signature}`);
    throw new ParseFailure(
      t.pos,
      `unknown name '${t.name}': attributes go in square brackets ([${t.name}]), text in double quotes ("${t.name}")`,
    );
  }

  private call(t: Extract<Token, { t: 'name' }>, lower: string): Node {
    const def = FUNCTIONS.get(lower);
    if (def === undefined) {
      const why = UNSUPPORTED.get(lower);
      if (why !== undefined) throw new ParseFailure(t.pos, `function ${why.name} is not supported: ${why.reason}`);
      const guess = closest(t.name, [...FUNCTIONS.values()].map((f) => f.name));
      throw new ParseFailure(t.pos, `unknown function '${t.name}'${guess === undefined ? '' : ` (did you mean ${guess}?)`}`);
    }
    const open = this.lex.at(this.i + 1);
    this.i += 2;
    const args: Node[] = [];
    if (this.isPunct(')')) {
      this.i++;
    } else {
      for (;;) {
        const a = this.tok();
        if ((a.t === 'punct' && (a.p === ',' || a.p === ')')) || a.t === 'end') {
          args.push({ kind: 'missing', pos: a.pos });
        } else {
          args.push(this.expression());
        }
        const sep = this.tok();
        if (sep.t === 'punct' && sep.p === ',') {
          this.i++;
          continue;
        }
        if (sep.t === 'punct' && sep.p === ')') {
          this.i++;
          break;
        }
        if (sep.t === 'end') {
          throw new ParseFailure(open.pos, `unbalanced brackets: '${t.name}(' is never closed`);
        }
        throw new ParseFailure(sep.pos, `expected ',' or ')' in the arguments of ${def.name}, found ${describe(sep)}`);
      }
    }
    const n = args.length;
    if (n < def.min || n > def.max || (def.pairs === true && n % 2 !== 0)) {
      throw new ParseFailure(t.pos, `${def.name} takes ${describeArity(def)}: ${def.signature}; got ${n}`);
    }
    return { kind: 'call', name: def.name, args, pos: t.pos };
  }
}

/** Parses to a syntax tree; throws ParseFailure with the offset of the problem. */
export function parse(source: string): Node {
  const root = new Parser(new Lexer(source)).parseAll();
  checkTopLevelOnly(root, true);
  return root;
}

/** SelectUniqueValue is documented as top-level only ("can't be nested"). */
function checkTopLevelOnly(node: Node, top: boolean): void {
  if (node.kind === 'call') {
    if (node.name === 'SelectUniqueValue' && !top) {
      throw new ParseFailure(node.pos, 'SelectUniqueValue must be the whole expression: it cannot be nested');
    }
    for (const a of node.args) checkTopLevelOnly(a, false);
  } else if (node.kind === 'compare') {
    checkTopLevelOnly(node.left, false);
    checkTopLevelOnly(node.right, false);
  } else if (node.kind === 'concat') {
    for (const p of node.parts) checkTopLevelOnly(p, false);
  }
}
