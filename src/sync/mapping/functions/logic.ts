/** Conditions, tests and multi-valued helpers. IIF, Switch and Coalesce evaluate only what they need. */
import { fail } from '../errors.js';
import type { Fn, Value } from '../types.js';
import { isArray, isNullOrEmpty, text, toInteger, toNumber, truth } from '../values.js';
import { IGNORE_SIGNAL, eager, unary, type FunctionDef } from './define.js';

const iif: FunctionDef = {
  name: 'IIF',
  signature: 'IIF(condition, valueIfTrue, valueIfFalse)',
  min: 3,
  max: 3,
  compile: ([c, t, f]) => {
    const cond = c!.fn;
    const yes = t!.fn;
    const no = f!.fn;
    // A condition without a value (an absent attribute) is not true.
    return (ctx) => (truth(cond(ctx), 'condition') === true ? yes(ctx) : no(ctx));
  },
};

const switchFn: FunctionDef = {
  name: 'Switch',
  signature: 'Switch(source, defaultValue, key1, value1, key2, value2, …)',
  min: 4,
  max: Infinity,
  pairs: true,
  compile: (args) => {
    const source = args[0]!.fn;
    const dflt = args[1]!.missing ? undefined : args[1]!.fn;
    const keys: Fn[] = [];
    const values: Fn[] = [];
    for (let k = 2; k < args.length; k += 2) {
      keys.push(args[k]!.fn);
      values.push(args[k + 1]!.fn);
    }
    return (ctx) => {
      // Case-sensitive, as documented; an empty or absent source matches the key "".
      const s = text(source(ctx), 'source') ?? '';
      for (let k = 0; k < keys.length; k++) {
        if ((text(keys[k]!(ctx), 'key') ?? '') === s) return values[k]!(ctx);
      }
      return dflt === undefined ? null : dflt(ctx);
    };
  },
};

const coalesce: FunctionDef = {
  name: 'Coalesce',
  signature: 'Coalesce(source1, source2, …, defaultValue)',
  min: 1,
  max: Infinity,
  compile: (args) => {
    const fns = args.map((a) => a.fn);
    return (ctx) => {
      for (const f of fns) {
        const v = f(ctx);
        if (v !== null && !(isArray(v) && v.length === 0)) return v;
      }
      return null;
    };
  },
};

const ignoreFlow = unary('IgnoreFlowIfNullOrEmpty', 'IgnoreFlowIfNullOrEmpty(expression)', (v) => {
  if (isNullOrEmpty(v)) throw IGNORE_SIGNAL;
  return v;
});

const bitAnd = eager('BitAnd', 'BitAnd(value1, value2)', 2, 2, ([a, b]) => {
  const x = toNumber(a!, 'value1');
  const y = toNumber(b!, 'value2');
  if (x === null || y === null) return null;
  // 64-bit, so negative AD values (groupType -2147483646) keep their high bits.
  return Number(BigInt.asIntN(64, BigInt(Math.trunc(x)) & BigInt(Math.trunc(y))));
});

const cbool = unary('CBool', 'CBool(Expression)', (v) => truth(v, 'value') === true);

/** Documented: True gives False, anything else (False, no value, other text) gives True. */
const not = unary('Not', 'Not(source)', (v) => {
  try {
    return truth(v, 'value') !== true;
  } catch {
    return true;
  }
});

const isNull = unary('IsNull', 'IsNull(Expression)', (v) => v === null || (isArray(v) && v.length === 0));
const isNullOrEmptyFn = unary('IsNullOrEmpty', 'IsNullOrEmpty(Expression)', (v) => isNullOrEmpty(v));
const isPresent = unary('IsPresent', 'IsPresent(Expression)', (v) => !isNullOrEmpty(v));

function isStringy(v: Value): boolean {
  if (v === null || Buffer.isBuffer(v)) return false;
  if (isArray(v)) return v.length > 0 && v.every(isStringy);
  return true;
}
/** Binary values (objectGUID, mS-DS-ConsistencyGuid) are not strings; text, numbers and dates are. */
const isString = unary('IsString', 'IsString(Expression)', isStringy);

const errorFn = unary('Error', 'Error(ErrorMessage)', (v) => fail(text(v, 'value') ?? 'error'));

const count = unary('Count', 'Count(attribute)', (v) => (v === null ? 0 : isArray(v) ? v.length : 1));

const item = eager('Item', 'Item(attribute, index)', 2, 2, ([v, indexV]) => {
  if (v === null || v === undefined) return null;
  const list = isArray(v) ? v : [v];
  const i = toInteger(indexV!, 'index');
  if (i === null) return null;
  if (i < 1 || i > list.length) {
    return fail(`index ${i} is out of range: there ${list.length === 1 ? 'is 1 value' : `are ${list.length} values`} (the first is 1)`);
  }
  return list[i - 1]!;
});

const removeDuplicates = unary('RemoveDuplicates', 'RemoveDuplicates(attribute)', (v) => {
  if (!isArray(v)) return v;
  const seen = new Set<string>();
  const out: Value[] = [];
  for (const x of v) {
    const key = Buffer.isBuffer(x) ? `b:${x.toString('hex')}` : `t:${text(x, 'value') ?? ''}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(x);
    }
  }
  return out;
});

/** Evaluated by evaluate() itself (it is async and top-level only); the parser enforces the position. */
const selectUniqueValue: FunctionDef = {
  name: 'SelectUniqueValue',
  signature: 'SelectUniqueValue(uniqueValueRule1, uniqueValueRule2, …)',
  min: 2,
  max: Infinity,
  compile: () => () => fail('SelectUniqueValue must be the whole expression'),
};

export const LOGIC_FUNCTIONS: readonly FunctionDef[] = [
  iif,
  switchFn,
  coalesce,
  ignoreFlow,
  bitAnd,
  cbool,
  not,
  isNull,
  isNullOrEmptyFn,
  isPresent,
  isString,
  errorFn,
  count,
  item,
  removeDuplicates,
  selectUniqueValue,
];
