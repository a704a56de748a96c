/**
 * Replace(source, oldValue, regexPattern, regexGroupName, replacementValue, replacementAttributeName,
 * template), dispatched on which arguments are given, as documented:
 * - oldValue + replacementValue: every oldValue in source becomes replacementValue (case-sensitive);
 * - oldValue + template: every oldValue in template becomes source;
 * - regexPattern + replacementValue: regex replace in source; ${group}, $1, $$ and $& as in .NET;
 * - regexPattern + regexGroupName + replacementValue: the named group of each match is replaced;
 * - regexPattern + regexGroupName + replacementAttributeName: source when it has a value, else the
 *   named group of the pattern applied to replacementAttributeName (the documented Example 5).
 * Patterns run as ECMAScript regular expressions, which agree with .NET on the common constructs;
 * a leading (?i) becomes the ignore-case flag and (?'name'…) becomes (?<name>…).
 */
import { echo } from '../../../util/echo.js';
import { ParseFailure, fail } from '../errors.js';
import type { EvalContext, Fn, Value } from '../types.js';
import { eachText, isNullOrEmpty, text, textOrEmpty } from '../values.js';
import { literalText, type CompiledArg, type FunctionDef } from './define.js';
import { safeRegExp } from './regex-safety.js';

const SOURCE = 0;
const OLD = 1;
const PATTERN = 2;
const GROUP = 3;
const VALUE = 4;
const ATTRIBUTE = 5;
const TEMPLATE = 6;

/**
 * Compiles a .NET-style pattern for JS; throws an Error with a readable message when invalid or
 * when it could take exponential time (regex-safety.ts). `indices`: group offsets are needed.
 */
export function compileRegex(pattern: string, indices = false): RegExp {
  let p = pattern;
  let flags = 'g';
  const inline = /^\(\?([imsx]+)\)/.exec(p);
  if (inline !== null && /^[is]+$/.test(inline[1]!)) {
    p = p.slice(inline[0].length);
    if (inline[1]!.includes('i')) flags += 'i';
    if (inline[1]!.includes('s')) flags += 's';
  }
  p = p.replace(/\(\?'([A-Za-z_][A-Za-z0-9_]*)'/g, '(?<$1>').replace(/\\A/g, '^').replace(/\\[zZ]/g, '$');
  return safeRegExp(p, flags, indices);
}

/** Expands a .NET replacement pattern for one match. */
export function expandReplacement(repl: string, m: RegExpExecArray | RegExpMatchArray, input: string): string {
  if (!repl.includes('$')) return repl;
  let out = '';
  for (let i = 0; i < repl.length; i++) {
    const c = repl[i]!;
    const next = repl[i + 1];
    if (c !== '$' || next === undefined) {
      out += c;
      continue;
    }
    if (next === '$') {
      out += '$';
      i++;
    } else if (next === '&') {
      out += m[0];
      i++;
    } else if (next === '`') {
      out += input.slice(0, m.index);
      i++;
    } else if (next === "'") {
      out += input.slice((m.index ?? 0) + m[0].length);
      i++;
    } else if (next === '_') {
      out += input;
      i++;
    } else if (next === '{') {
      const close = repl.indexOf('}', i + 2);
      const name = close === -1 ? '' : repl.slice(i + 2, close);
      if (/^\d+$/.test(name) && Number(name) < m.length) {
        out += m[Number(name)] ?? '';
        i = close;
      } else if (name !== '' && m.groups !== undefined && name in m.groups) {
        out += m.groups[name] ?? '';
        i = close;
      } else {
        out += c; // not a group: kept literally, as .NET does
      }
    } else if (next >= '0' && next <= '9') {
      // The longest number that names a group.
      let j = i + 1;
      while (j < repl.length && repl[j]! >= '0' && repl[j]! <= '9') j++;
      let k = j;
      while (k > i + 1 && Number(repl.slice(i + 1, k)) >= m.length) k--;
      if (k === i + 1) out += c;
      else {
        out += m[Number(repl.slice(i + 1, k))] ?? '';
        i = k - 1;
      }
    } else {
      out += c;
    }
  }
  return out;
}

/** A regex source: compiled once for a literal pattern, else per distinct pattern value. */
function regexGetter(arg: CompiledArg, indices: boolean): (ctx: EvalContext) => RegExp {
  const literal = literalText(arg);
  if (literal !== undefined) {
    let re: RegExp;
    try {
      re = compileRegex(literal, indices);
    } catch (e) {
      throw new ParseFailure(arg.node.pos, `invalid regexPattern: ${(e as Error).message}`);
    }
    return () => re;
  }
  const cache = new Map<string, RegExp>();
  return (ctx) => {
    const p = text(arg.fn(ctx), 'regexPattern') ?? '';
    let re = cache.get(p);
    if (re === undefined) {
      try {
        re = compileRegex(p, indices);
      } catch (e) {
        return fail(`invalid regexPattern "${echo(p, 60)}": ${(e as Error).message}`);
      }
      if (cache.size > 100) cache.clear();
      cache.set(p, re);
    }
    return re;
  };
}

function replaceGroup(s: string, re: RegExp, group: string, repl: string): string {
  let out = '';
  let last = 0;
  for (const m of s.matchAll(re)) {
    if (m.groups === undefined || !(group in m.groups)) return fail(`regexGroupName "${echo(group, 60)}" is not a group of the pattern`);
    const span = m.indices?.groups?.[group];
    if (span === undefined) continue;
    out += s.slice(last, span[0]) + repl;
    last = span[1];
  }
  return out + s.slice(last);
}

function compileReplace(args: readonly CompiledArg[], pos: number): Fn {
  const has = (i: number): boolean => i < args.length && !args[i]!.missing;
  const fn = (i: number): Fn => args[i]!.fn;
  const source = fn(SOURCE);
  const str = (f: Fn, ctx: EvalContext, what: string): string => textOrEmpty(f(ctx), what);

  if (has(OLD) && has(PATTERN)) throw new ParseFailure(args[PATTERN]!.node.pos, 'give either oldValue or regexPattern, not both');
  if (has(OLD)) {
    const old = fn(OLD);
    const oldOf = (ctx: EvalContext): string => {
      const o = str(old, ctx, 'oldValue');
      return o === '' ? fail('oldValue is empty') : o;
    };
    if (has(TEMPLATE)) {
      const template = fn(TEMPLATE);
      return (ctx) => {
        const s = text(source(ctx), 'source');
        return s === null ? null : str(template, ctx, 'template').replaceAll(oldOf(ctx), s);
      };
    }
    if (has(VALUE)) {
      const value = fn(VALUE);
      return (ctx) => {
        const o = oldOf(ctx);
        const r = str(value, ctx, 'replacementValue');
        return eachText(source(ctx), (s) => (s === null ? null : s.replaceAll(o, r)));
      };
    }
    throw new ParseFailure(pos, 'Replace with oldValue also needs replacementValue or template');
  }
  if (has(PATTERN)) {
    const regex = regexGetter(args[PATTERN]!, has(GROUP) && has(VALUE) && !has(ATTRIBUTE));
    if (has(GROUP)) {
      const group = fn(GROUP);
      if (has(ATTRIBUTE)) {
        const attribute = fn(ATTRIBUTE);
        return (ctx) => {
          const v: Value = source(ctx);
          if (!isNullOrEmpty(v)) return v;
          const from = text(attribute(ctx), 'replacementAttributeName');
          if (from === null) return null;
          const re = regex(ctx);
          re.lastIndex = 0;
          const m = re.exec(from);
          re.lastIndex = 0;
          return m?.groups?.[str(group, ctx, 'regexGroupName')] ?? null;
        };
      }
      if (has(VALUE)) {
        const value = fn(VALUE);
        return (ctx) => {
          const re = regex(ctx);
          const g = str(group, ctx, 'regexGroupName');
          const r = str(value, ctx, 'replacementValue');
          return eachText(source(ctx), (s) => (s === null ? null : replaceGroup(s, re, g, r)));
        };
      }
      throw new ParseFailure(pos, 'Replace with regexGroupName also needs replacementValue or replacementAttributeName');
    }
    if (has(VALUE)) {
      const value = fn(VALUE);
      return (ctx) => {
        const re = regex(ctx);
        const r = str(value, ctx, 'replacementValue');
        return eachText(source(ctx), (s) => (s === null ? null : replaceMatches(s, re, r)));
      };
    }
    throw new ParseFailure(pos, 'Replace with regexPattern also needs replacementValue (or regexGroupName and replacementAttributeName)');
  }
  throw new ParseFailure(pos, 'Replace needs oldValue (with replacementValue or template) or regexPattern (with replacementValue)');
}

/** Regex replace of every match, expanding .NET replacement syntax per match. */
function replaceMatches(s: string, re: RegExp, repl: string): string {
  let out = '';
  let last = 0;
  for (const m of s.matchAll(re)) {
    out += s.slice(last, m.index) + expandReplacement(repl, m, s);
    last = m.index + m[0].length;
  }
  return out + s.slice(last);
}

export const REPLACE: FunctionDef = {
  name: 'Replace',
  signature: 'Replace(source, oldValue, regexPattern, regexGroupName, replacementValue, replacementAttributeName, template)',
  min: 3,
  max: 7,
  compile: compileReplace,
};
