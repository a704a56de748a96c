/** Property values: from mapping results and Graph objects, compared the way Entra stores them, and nested for requests. */
import type { Value } from './mapping/index.js';
import type { Properties, PropertyValue } from './types.js';

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** A mapping result (already in its target's shape) as a property value. */
export function fromMappedValue(v: Value): PropertyValue {
  if (v === null) return null;
  if (typeof v === 'string') return v === '' ? null : v;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return String(v);
  if (v instanceof Date) return v.toISOString().replace('.000Z', 'Z');
  if (Buffer.isBuffer(v)) return v.toString('base64');
  const list = v.flatMap((x) => {
    const s = fromMappedValue(x);
    return typeof s === 'string' ? [s] : [];
  });
  return list;
}

/** A value Graph returned, as a property value (unknown shapes read as no value). */
export function fromGraphValue(v: unknown): PropertyValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v === '' ? null : v;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return null;
}

/** Entra stores no empty strings and no empty collections: both mean "no value". */
function canonical(v: PropertyValue | undefined): PropertyValue {
  if (v === undefined || v === '') return null;
  if (Array.isArray(v) && v.length === 0) return null;
  return v;
}

/** Equal as Entra sees them: no value = empty, date-times by instant, text case-sensitively. */
export function sameValue(a: PropertyValue | undefined, b: PropertyValue | undefined): boolean {
  const x = canonical(a);
  const y = canonical(b);
  if (x === y) return true;
  if (x === null || y === null) return false;
  if (Array.isArray(x) || Array.isArray(y)) {
    if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return false;
    return x.every((v, i) => v === y[i]);
  }
  if (typeof x === 'string' && typeof y === 'string' && ISO_DATE_TIME.test(x) && ISO_DATE_TIME.test(y)) {
    const tx = Date.parse(x);
    const ty = Date.parse(y);
    return Number.isFinite(tx) && tx === ty;
  }
  return false;
}

/** `onPremisesExtensionAttributes.extensionAttribute1` → `onPremisesExtensionAttributes`. */
export function topLevel(target: string): string {
  const dot = target.indexOf('.');
  return dot < 0 ? target : target.slice(0, dot);
}

/** Reads the named (possibly dotted) properties from a Graph object. */
export function pickGraphProperties(o: Record<string, unknown>, targets: readonly string[]): Properties {
  const out: Record<string, PropertyValue> = {};
  for (const t of targets) {
    const dot = t.indexOf('.');
    let v: unknown;
    if (dot < 0) v = o[t];
    else {
      const parent = o[t.slice(0, dot)];
      v = parent !== null && typeof parent === 'object' ? (parent as Record<string, unknown>)[t.slice(dot + 1)] : undefined;
    }
    const value = fromGraphValue(v);
    if (value !== null && !(Array.isArray(value) && value.length === 0)) out[t] = value;
  }
  return out;
}

/**
 * A request body from flattened properties. A nested property (extension attributes) is sent as
 * its whole object: the current cloud values with the changes on top, so a PATCH that replaces the
 * object and one that merges it give the same result.
 */
export function nestProperties(props: Readonly<Record<string, PropertyValue>>, current: Properties = {}): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props)) {
    const dot = k.indexOf('.');
    if (dot < 0) {
      body[k] = v;
      continue;
    }
    const parent = k.slice(0, dot);
    let nested = body[parent] as Record<string, unknown> | undefined;
    if (nested === undefined) {
      nested = {};
      for (const [ck, cv] of Object.entries(current)) if (ck.startsWith(`${parent}.`)) nested[ck.slice(parent.length + 1)] = cv;
      body[parent] = nested;
    }
    nested[k.slice(dot + 1)] = v;
  }
  return body;
}

/** A short text form for messages and tables. */
export function showValue(v: PropertyValue | undefined): string {
  if (v === undefined || v === null) return '(none)';
  if (Array.isArray(v)) return v.length === 0 ? '(none)' : v.join('; ');
  return String(v);
}
