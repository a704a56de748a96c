/**
 * Attribute mappings: target Graph property ← expression, the defaults overridden per target from
 * the configuration, and their application to one source object.
 */
import { CloudsyncError } from '../../errors.js';
import type { DirectoryObject } from '../../directory/types.js';
import { echo } from '../../util/echo.js';
import { oneLine } from './errors.js';
import { evaluate, evaluateNow, parseExpression, type ParsedExpression } from './expression.js';
import { IGNORE_FLOW, type EvalContext, type IgnoreFlow, type Value } from './types.js';
import { isArray, text } from './values.js';

/** How a result is written: text, a boolean, a string collection or an ISO 8601 date-time. */
export type TargetType = 'string' | 'boolean' | 'stringCollection' | 'dateTime';

export interface AttributeMapping {
  /** Graph property name, e.g. displayName or onPremisesExtensionAttributes.extensionAttribute1. */
  readonly target: string;
  /** An expression; a direct mapping is just the attribute, "[givenName]". */
  readonly expression: string;
  /** 'create': only when the object is created (Cloud Sync's "Only during object creation"). */
  readonly applyOn?: 'always' | 'create';
  /** Default 'string'. */
  readonly type?: TargetType;
  /** The value is a DN to resolve to an Entra object (manager). */
  readonly reference?: boolean;
}

interface CompiledEntry {
  readonly target: string;
  readonly expression: string;
  readonly parsed: ParsedExpression;
  readonly applyOn: 'always' | 'create';
  readonly type: TargetType;
  readonly reference: boolean;
}

export interface CompiledMapping {
  readonly entries: readonly CompiledEntry[];
}

export interface MappedAttribute {
  readonly target: string;
  readonly expression: string;
  /** The value to write (null clears the property), or IGNORE_FLOW: leave the property alone. */
  readonly value: Value | IgnoreFlow;
  /** Why the value could not be computed; value is then IGNORE_FLOW. */
  readonly error?: string;
  readonly reference?: true;
  readonly applyOn: 'always' | 'create';
}

/** Types of Graph properties an override may add, so new targets are written in the right shape. */
const KNOWN_TYPES: Record<string, TargetType> = {
  accountenabled: 'boolean',
  securityenabled: 'boolean',
  mailenabled: 'boolean',
  businessphones: 'stringCollection',
  othermails: 'stringCollection',
  employeehiredate: 'dateTime',
  employeeleavedatetime: 'dateTime',
};
const KNOWN_REFERENCES = new Set(['manager']);

const TARGET_NAME = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)?$/;

/**
 * The defaults with the configuration's overrides applied: an override replaces the expression of
 * its target (names match case-insensitively), adds a target the defaults lack, or with null
 * removes the target. Every expression is parsed here, so a bad one fails at load time with the
 * target's name and the column.
 */
export function compileMapping(
  defaults: readonly AttributeMapping[],
  overrides: Readonly<Record<string, string | null>> = {},
): CompiledMapping {
  const byTarget = new Map<string, AttributeMapping>();
  for (const m of defaults) byTarget.set(m.target.toLowerCase(), m);
  for (const [target, expression] of Object.entries(overrides)) {
    if (!TARGET_NAME.test(target)) {
      throw new CloudsyncError(
        'config',
        `mapping target "${target}" is not a Graph property name (for example displayName or onPremisesExtensionAttributes.extensionAttribute1)`,
      );
    }
    const key = target.toLowerCase();
    if (expression === null) {
      byTarget.delete(key);
      continue;
    }
    if (typeof expression !== 'string') {
      throw new CloudsyncError('config', `mapping for ${echo(target, 80)}: expected an expression string or null`);
    }
    const base = byTarget.get(key);
    byTarget.set(
      key,
      base !== undefined
        ? { ...base, expression }
        : { target, expression, type: KNOWN_TYPES[key] ?? 'string', ...(KNOWN_REFERENCES.has(key) ? { reference: true } : {}) },
    );
  }
  const entries: CompiledEntry[] = [];
  for (const m of byTarget.values()) {
    let parsed: ParsedExpression;
    try {
      parsed = parseExpression(m.expression);
    } catch (e) {
      if (e instanceof CloudsyncError) {
        throw new CloudsyncError('config', `mapping for ${echo(m.target, 80)}: ${e.message}`, e.detail === undefined ? {} : { detail: e.detail });
      }
      throw e;
    }
    entries.push({
      target: m.target,
      expression: m.expression,
      parsed,
      applyOn: m.applyOn ?? 'always',
      type: m.type ?? 'string',
      reference: m.reference === true,
    });
  }
  return { entries };
}

export interface ApplyOptions {
  /** 'update' leaves out the create-only mappings; default: everything. */
  readonly operation?: 'create' | 'update';
}

/**
 * Evaluates every mapping for one object. An expression that fails does not stop the others: its
 * attribute carries `error` and IGNORE_FLOW. Values come in the target's shape: empty text is
 * null (Entra stores no empty strings), collections are arrays, booleans are booleans.
 */
export async function applyMapping(m: CompiledMapping, ctx: EvalContext, options: ApplyOptions = {}): Promise<MappedAttribute[]> {
  const out: MappedAttribute[] = [];
  const update = options.operation === 'update';
  for (const e of m.entries) {
    if (update && e.applyOn === 'create') continue;
    let value: Value | IgnoreFlow;
    let error: string | undefined;
    try {
      // Only SelectUniqueValue reads ctx.target (and is the only one awaited).
      let raw = evaluateNow(e.parsed, ctx);
      if (raw === undefined) raw = await evaluate(e.parsed, ctx.target === e.target ? ctx : { ...ctx, target: e.target });
      value = raw === IGNORE_FLOW ? IGNORE_FLOW : shape(raw, e);
    } catch (err) {
      value = IGNORE_FLOW;
      error = err instanceof Error ? err.message : String(err);
    }
    out.push(result(e, value, error));
  }
  return out;
}

function result(e: CompiledEntry, value: Value | IgnoreFlow, error: string | undefined): MappedAttribute {
  const r: { -readonly [K in keyof MappedAttribute]: MappedAttribute[K] } = { target: e.target, expression: e.expression, value, applyOn: e.applyOn };
  if (error !== undefined) r.error = error;
  if (e.reference) r.reference = true;
  return r;
}

function fail(e: CompiledEntry, what: string): never {
  throw new CloudsyncError('runtime', `${echo(e.target, 80)}: ${echo(what, 240)} (expression ${echo(oneLine(e.expression))})`);
}

function scalarText(v: Value, e: CompiledEntry): string | null {
  if (isArray(v)) {
    const values = v.filter((x) => x !== null && x !== '');
    if (values.length === 0) return null;
    if (values.length > 1) fail(e, `the expression gave ${values.length} values but ${e.target} takes one`);
    return scalarText(values[0]!, e);
  }
  const s = text(v, e.target);
  return s === '' ? null : s;
}

function shape(v: Value, e: CompiledEntry): Value {
  switch (e.type) {
    case 'string':
      return scalarText(v, e);
    case 'boolean': {
      const s = isArray(v) ? scalarText(v, e) : v;
      if (s === null || typeof s === 'boolean') return s;
      if (typeof s === 'number') return s !== 0;
      const t = text(s, e.target)!.trim().toLowerCase();
      if (t === 'true' || t === '1') return true;
      if (t === 'false' || t === '0') return false;
      return fail(e, `${JSON.stringify(text(s, e.target))} is not True or False`);
    }
    case 'stringCollection': {
      const list = isArray(v) ? v : [v];
      const values: string[] = [];
      for (const x of list) {
        const s = text(x, e.target);
        if (s !== null && s !== '') values.push(s);
      }
      return values;
    }
    case 'dateTime': {
      const s = isArray(v) ? scalarText(v, e) : v;
      if (s === null || s === '') return null;
      if (s instanceof Date) return s.toISOString().replace('.000Z', 'Z');
      return text(s, e.target);
    }
  }
}

/**
 * An evaluation context over a DirectoryObject. `dn`/`distinguishedName` and `objectClass` are
 * answered from the object itself when the source did not return them as attributes.
 */
export function objectContext(o: DirectoryObject, extra: Omit<EvalContext, 'attribute'> = {}): EvalContext {
  const dn = [o.dn];
  return {
    ...extra,
    attribute: (name) => {
      const v = o.attributes.get(name);
      if (v !== undefined) return v;
      if (name === 'dn' || name === 'distinguishedname') return dn;
      if (name === 'objectclass') return o.objectClass;
      return undefined;
    },
  };
}
