/** parseExpression and evaluate: the public face of the expression language. */
import type { Node } from './ast.js';
import { compileRoot, type Compiled } from './compile.js';
import { EvalFailure, ParseFailure, expressionError } from './errors.js';
import { IGNORE_SIGNAL } from './functions/define.js';
import { parse } from './parser.js';
import { IGNORE_FLOW, type EvalContext, type Fn, type IgnoreFlow, type Value } from './types.js';
import { text } from './values.js';

export interface ParsedExpression {
  /** The expression as written. */
  readonly source: string;
  /** The syntax tree (see ast.ts). */
  readonly ast: Node;
}

class Expression implements ParsedExpression {
  constructor(
    readonly source: string,
    readonly ast: Node,
    readonly compiled: Compiled,
  ) {}
}

/**
 * Parses and compiles an expression. Throws CloudsyncError('config') whose message reads
 * `expression <source>: column N: <what is wrong>` (N 1-based) and whose `detail` is the expression
 * with a caret under column N.
 */
export function parseExpression(source: string): ParsedExpression {
  try {
    const ast = parse(source);
    return new Expression(source, ast, compileRoot(ast));
  } catch (e) {
    if (e instanceof ParseFailure) throw expressionError('config', source, e.pos, e.message);
    throw e;
  }
}

function compiledOf(expr: ParsedExpression): Compiled {
  if (expr instanceof Expression) return expr.compiled;
  return (parseExpression(expr.source) as Expression).compiled;
}

function runtimeError(expr: ParsedExpression, e: EvalFailure): Error {
  return expressionError('runtime', expr.source, e.pos ?? 0, e.message);
}

/**
 * Evaluates synchronously; undefined when the expression is SelectUniqueValue (which needs the async
 * uniqueness check). Used by applyMapping to avoid an await per attribute.
 */
export function evaluateNow(expr: ParsedExpression, ctx: EvalContext): Value | IgnoreFlow | undefined {
  const c = compiledOf(expr);
  if (c.uniqueRules !== undefined) return undefined;
  try {
    return c.run(ctx);
  } catch (e) {
    if (e === IGNORE_SIGNAL) return IGNORE_FLOW;
    if (e instanceof EvalFailure) throw runtimeError(expr, e);
    throw e;
  }
}

/**
 * Evaluates against one object. Returns IGNORE_FLOW when IgnoreFlowIfNullOrEmpty dropped the
 * attribute. Throws CloudsyncError('runtime') naming the function and column that failed.
 */
export async function evaluate(expr: ParsedExpression, ctx: EvalContext): Promise<Value | IgnoreFlow> {
  const c = compiledOf(expr);
  if (c.uniqueRules === undefined) return evaluateNow(expr, ctx)!;
  try {
    return await selectUnique(c.uniqueRules, ctx);
  } catch (e) {
    if (e === IGNORE_SIGNAL) return IGNORE_FLOW;
    if (e instanceof EvalFailure) throw runtimeError(expr, e);
    throw e;
  }
}

/** SelectUniqueValue: the first candidate the target directory does not already hold. */
async function selectUnique(rules: readonly Fn[], ctx: EvalContext): Promise<Value> {
  const check = ctx.isUnique;
  if (check === undefined) throw new EvalFailure('SelectUniqueValue: needs a uniqueness check, which this caller does not provide', 0);
  const tried: string[] = [];
  for (const rule of rules) {
    const v = text(rule(ctx), 'SelectUniqueValue rule');
    if (v === null || v === '' || tried.includes(v)) continue;
    tried.push(v);
    if (await check(v, ctx.target ?? '')) return v;
  }
  throw new EvalFailure(
    tried.length === 0
      ? 'SelectUniqueValue: every rule gave an empty value'
      : `SelectUniqueValue: every candidate is already taken (${tried.join(', ')})`,
    0,
  );
}
