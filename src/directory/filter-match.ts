/**
 * Evaluates RFC 4515 filters against DirectoryObjects (for sources without a server, i.e. LDIF),
 * with the Active Directory behaviours that AD filters rely on: objectCategory short names,
 * objectClass matching any class of the chain, the bitwise matching rules and DN-valued
 * attributes compared as DNs.
 */
import {
  AndFilter,
  ApproximateFilter,
  EqualityFilter,
  ExtensibleFilter,
  type Filter,
  FilterParser,
  GreaterThanEqualsFilter,
  LessThanEqualsFilter,
  NotFilter,
  OrFilter,
  PresenceFilter,
  SubstringFilter,
} from 'ldapts';
import { CloudsyncError } from '../errors.js';
import { echo } from '../util/echo.js';
import { normalizeDn, parseDn, rdnValue } from './dn.js';
import { validateFilter } from './filter.js';
import type { AttributeValue, DirectoryObject } from './types.js';

export type ObjectPredicate = (o: DirectoryObject) => boolean;

const BITWISE_AND = '1.2.840.113556.1.4.803';
const BITWISE_OR = '1.2.840.113556.1.4.804';
const IN_CHAIN = '1.2.840.113556.1.4.1941';
const EQUALITY_RULES = new Set(['', 'caseignorematch', '2.5.13.2', 'distinguishednamematch', '2.5.13.1']);
const EXACT_RULES = new Set(['caseexactmatch', '2.5.13.5']);

/** Attributes with DN syntax: compared as DNs, not as text. */
const DN_ATTRIBUTES = new Set([
  'distinguishedname',
  'member',
  'memberof',
  'manager',
  'directreports',
  'managedby',
  'managedobjects',
  'seealso',
  'secretary',
  'homemdb',
  'msexchhomeservername',
]);

/** AD resolves a class name in an objectCategory filter to the class's default category. */
const CATEGORY_OF_CLASS: Record<string, string> = {
  user: 'person',
  inetorgperson: 'person',
  contact: 'person',
  organizationalperson: 'person',
  person: 'person',
  computer: 'computer',
  group: 'group',
};

/** Compiles a filter once; the predicate is then cheap to call per object. */
export function compileFilter(filter: string): ObjectPredicate {
  const checked = validateFilter(filter);
  // ldapts turns `\XX` escapes into one char per byte; escaping non-ASCII text the same way first
  // makes every assertion value a pure byte string, so UTF-8 and binary compare alike.
  const parsed = FilterParser.parseString(escapeNonAscii(checked));
  return compile(parsed, filter);
}

function escapeNonAscii(filter: string): string {
  // eslint-disable-next-line no-control-regex -- the range is "everything outside ASCII"
  return filter.replace(/[^\x00-\x7f]+/g, (run) => {
    let out = '';
    for (const b of Buffer.from(run, 'utf8')) out += '\\' + b.toString(16).padStart(2, '0');
    return out;
  });
}

function unsupported(filter: string, why: string): never {
  throw new CloudsyncError('usage', `LDAP filter "${echo(filter)}" cannot be evaluated on a file: ${echo(why)}`);
}

function compile(f: Filter, source: string): ObjectPredicate {
  if (f instanceof AndFilter) {
    const parts = f.filters.map((c) => compile(c, source));
    return (o) => parts.every((p) => p(o));
  }
  if (f instanceof OrFilter) {
    const parts = f.filters.map((c) => compile(c, source));
    return (o) => parts.some((p) => p(o));
  }
  if (f instanceof NotFilter) {
    const inner = compile(f.filter, source);
    return (o) => !inner(o);
  }
  if (f instanceof PresenceFilter) return presence(f.attribute.toLowerCase());
  if (f instanceof EqualityFilter || f instanceof ApproximateFilter) {
    const raw = typeof f.value === 'string' ? Buffer.from(f.value, 'latin1') : f.value;
    return equality(f.attribute.toLowerCase(), raw, false);
  }
  if (f instanceof SubstringFilter) return substring(f);
  if (f instanceof GreaterThanEqualsFilter) return ordering(f.attribute.toLowerCase(), f.value, (c) => c >= 0);
  if (f instanceof LessThanEqualsFilter) return ordering(f.attribute.toLowerCase(), f.value, (c) => c <= 0);
  if (f instanceof ExtensibleFilter) return extensible(f, source);
  return unsupported(source, `unknown filter type ${String((f as Filter).type)}`);
}

// ---- attribute access ------------------------------------------------------------------------

function valuesOf(o: DirectoryObject, attribute: string): readonly AttributeValue[] {
  if (attribute === 'objectclass' && o.objectClass.length > 0) return o.objectClass;
  const values = o.attributes.get(attribute);
  if (values !== undefined && values.length > 0) return values;
  if (attribute === 'distinguishedname') return [o.dn];
  return [];
}

function fold(s: string): string {
  return s.toLowerCase();
}

function text(v: AttributeValue): string {
  return typeof v === 'string' ? v : v.toString('utf8');
}

function tryNormalizeDn(s: string): string | undefined {
  try {
    return normalizeDn(s);
  } catch {
    return undefined;
  }
}

/** Few distinct objectCategory values exist; their keys are memoized (bounded). */
const categoryKeys = new Map<string, string>();

/** objectCategory key: `CN=Person,CN=Schema,…` and `person` → `person` (case and hyphens ignored). */
function categoryKey(value: string): string {
  const known = categoryKeys.get(value);
  if (known !== undefined) return known;
  const key = computeCategoryKey(value);
  if (categoryKeys.size < 1000) categoryKeys.set(value, key);
  return key;
}

function computeCategoryKey(value: string): string {
  let name = value;
  if (value.includes('=')) {
    try {
      name = rdnValue(value);
    } catch {
      // not a DN: use the text as written
    }
  }
  return fold(name).replace(/-/g, '');
}

/** objectCategory as AD would have it; derived from the class chain when the export lacks it. */
function categoriesOf(o: DirectoryObject): string[] {
  const stored = o.attributes.get('objectcategory');
  if (stored !== undefined && stored.length > 0) return stored.map((v) => categoryKey(text(v)));
  const classes = valuesOf(o, 'objectclass').map((c) => fold(text(c)));
  for (let k = classes.length - 1; k >= 0; k--) {
    const category = CATEGORY_OF_CLASS[classes[k]!];
    if (category !== undefined) return [category];
  }
  const last = classes[classes.length - 1];
  return last === undefined ? [] : [last.replace(/-/g, '')];
}

// ---- filter kinds ----------------------------------------------------------------------------

function presence(attribute: string): ObjectPredicate {
  // Every entry has a DN, a class and (in AD) a category.
  if (attribute === 'objectclass' || attribute === 'distinguishedname' || attribute === 'objectcategory') {
    return () => true;
  }
  return (o) => valuesOf(o, attribute).length > 0;
}

function equality(attribute: string, assertion: Buffer, exact: boolean): ObjectPredicate {
  const asText = assertion.toString('utf8');
  if (attribute === 'objectcategory') {
    const key = categoryKey(asText);
    const wanted = CATEGORY_OF_CLASS[key] ?? key;
    return (o) => categoriesOf(o).includes(wanted);
  }
  if (DN_ATTRIBUTES.has(attribute)) {
    const wanted = tryNormalizeDn(asText);
    if (wanted !== undefined) {
      return (o) => valuesOf(o, attribute).some((v) => tryNormalizeDn(text(v)) === wanted);
    }
  }
  const wanted = exact ? asText : fold(asText);
  return (o) =>
    valuesOf(o, attribute).some((v) =>
      typeof v === 'string' ? (exact ? v : fold(v)) === wanted : v.equals(assertion),
    );
}

function substring(f: SubstringFilter): ObjectPredicate {
  const attribute = f.attribute.toLowerCase();
  const pieces = {
    initial: Buffer.from(f.initial, 'latin1'),
    any: f.any.map((a) => Buffer.from(a, 'latin1')),
    final: Buffer.from(f.final, 'latin1'),
  };
  const textPieces = {
    initial: fold(pieces.initial.toString('utf8')),
    any: pieces.any.map((a) => fold(a.toString('utf8'))),
    final: fold(pieces.final.toString('utf8')),
  };
  const matchesText = (v: string): boolean => {
    const s = fold(v);
    if (!s.startsWith(textPieces.initial)) return false;
    let at = textPieces.initial.length;
    for (const piece of textPieces.any) {
      const found = s.indexOf(piece, at);
      if (found === -1) return false;
      at = found + piece.length;
    }
    return s.length - textPieces.final.length >= at && s.endsWith(textPieces.final);
  };
  const matchesBytes = (v: Buffer): boolean => {
    if (v.subarray(0, pieces.initial.length).compare(pieces.initial) !== 0) return false;
    let at = pieces.initial.length;
    for (const piece of pieces.any) {
      const found = v.indexOf(piece, at);
      if (found === -1) return false;
      at = found + piece.length;
    }
    const tail = v.length - pieces.final.length;
    return tail >= at && v.subarray(tail).equals(pieces.final);
  };
  return (o) => valuesOf(o, attribute).some((v) => (typeof v === 'string' ? matchesText(v) : matchesBytes(v)));
}

const INTEGER = /^-?\d+$/;

function ordering(attribute: string, value: string, accept: (comparison: number) => boolean): ObjectPredicate {
  const bytes = Buffer.from(value, 'latin1');
  const asText = bytes.toString('utf8');
  const asInteger = INTEGER.test(asText) ? BigInt(asText) : undefined;
  const folded = fold(asText);
  const compare = (v: AttributeValue): number => {
    if (typeof v !== 'string') return Buffer.compare(v, bytes);
    if (asInteger !== undefined && INTEGER.test(v)) {
      const n = BigInt(v);
      return n < asInteger ? -1 : n > asInteger ? 1 : 0;
    }
    // Generalized times of one format (AD's) order correctly as text.
    const s = fold(v);
    return s < folded ? -1 : s > folded ? 1 : 0;
  };
  return (o) => valuesOf(o, attribute).some((v) => accept(compare(v)));
}

function extensible(f: ExtensibleFilter, source: string): ObjectPredicate {
  const attribute = f.matchType.toLowerCase();
  const rule = (f.rule ?? '').toLowerCase();
  const assertion = Buffer.from(f.value, 'latin1');
  if (rule === BITWISE_AND || rule === BITWISE_OR) {
    const asText = assertion.toString('utf8');
    if (attribute === '' || !INTEGER.test(asText)) {
      unsupported(source, `the bitwise rule ${rule} needs an attribute and an integer value`);
    }
    const mask = BigInt(asText);
    const test = rule === BITWISE_AND ? (n: bigint) => (n & mask) === mask : (n: bigint) => (n & mask) !== 0n;
    return (o) => valuesOf(o, attribute).some((v) => {
      const s = text(v);
      return INTEGER.test(s) && test(BigInt(s));
    });
  }
  if (rule === IN_CHAIN) {
    unsupported(source, `the in-chain rule ${IN_CHAIN} needs the directory; use direct membership or --group`);
  }
  const exact = EXACT_RULES.has(rule);
  if (!exact && !EQUALITY_RULES.has(rule)) unsupported(source, `matching rule "${f.rule}" is not supported`);
  const valueMatch: ObjectPredicate =
    attribute === ''
      ? (o) => [...o.attributes.keys()].some((a) => equality(a, assertion, exact)(o))
      : equality(attribute, assertion, exact);
  if (!f.dnAttributes) return valueMatch;
  // `:dn:` also matches the attribute values of the entry's own DN.
  const wanted = assertion.toString('utf8');
  const same = exact ? (v: string) => v === wanted : (v: string) => fold(v) === fold(wanted);
  return (o) =>
    valueMatch(o) ||
    parseDn(o.dn).some((rdn) =>
      rdn.some((p) => (attribute === '' || p.attribute.toLowerCase() === attribute) && same(p.value)),
    );
}
