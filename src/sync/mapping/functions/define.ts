/** How functions are declared: documented signature, argument counts and a compiler to closures. */
import type { Node } from '../ast.js';
import type { EvalContext, Fn, Value } from '../types.js';

export interface CompiledArg {
  readonly fn: Fn;
  readonly node: Node;
  /** The argument slot was left empty: `Replace([mail], "@x", , , "", , )`. */
  readonly missing: boolean;
}

export interface FunctionDef {
  /** Canonical spelling, as documented. */
  readonly name: string;
  /** The documented signature, quoted in argument-count errors. */
  readonly signature: string;
  readonly min: number;
  readonly max: number;
  /** Argument count must be even (Switch: source, default, then key/value pairs). */
  readonly pairs?: boolean;
  /** Turns compiled arguments into the call's closure; may throw ParseFailure for bad literals. */
  readonly compile: (args: readonly CompiledArg[], pos: number) => Fn;
}

/** Thrown (never an Error, so no stack is captured) when IgnoreFlowIfNullOrEmpty drops the attribute. */
export const IGNORE_SIGNAL: { readonly ignoreFlow: true } = Object.freeze({ ignoreFlow: true });

type Impl = (values: Value[], ctx: EvalContext, args: readonly CompiledArg[]) => Value;

/** A function whose arguments are all evaluated before it runs. */
export function eager(name: string, signature: string, min: number, max: number, impl: Impl): FunctionDef {
  return {
    name,
    signature,
    min,
    max,
    compile: (args) => {
      const fns = args.map((a) => a.fn);
      return (ctx) => {
        const values = new Array<Value>(fns.length);
        for (let k = 0; k < fns.length; k++) values[k] = fns[k]!(ctx);
        return impl(values, ctx, args);
      };
    },
  };
}

/** One-argument function (no per-call allocation). */
export function unary(name: string, signature: string, impl: (v: Value, ctx: EvalContext) => Value): FunctionDef {
  return {
    name,
    signature,
    min: 1,
    max: 1,
    compile: ([a]) => {
      const f = a!.fn;
      return (ctx) => impl(f(ctx), ctx);
    },
  };
}

/** The text of a string-literal argument, for checks and caches at compile time. */
export function literalText(a: CompiledArg | undefined): string | undefined {
  return a !== undefined && a.node.kind === 'string' ? a.node.value : undefined;
}
