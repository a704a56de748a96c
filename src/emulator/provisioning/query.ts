/**
 * $filter, $orderby and paging of GET /auditLogs/provisioning, as the reports API documents
 * them: eq and contains on the string properties, eq/gt/lt on activityDateTime and
 * durationInMilliseconds, and/or, tolower()/toupper() around a property, enum literals.
 * Comparisons are case-sensitive, as Graph's are here. Anything else is a 400.
 */
import type { ProvisioningObjectSummary } from '../../sync/explain/provisioning-summary.js';
import { badRequest, GraphError } from '../graph/errors.js';
import { describe, parseFilter, type CmpOp, type Expr, type Literal, type Operand } from '../graph/filter-parse.js';
import { compareStored, type StoredRecord } from './store.js';

type Kind = 'string' | 'date' | 'number';
interface Field {
  path: readonly string[];
  kind: Kind;
}

const STRING_FIELDS = [
  'id',
  'tenantId',
  'jobId',
  'changeId',
  'cycleId',
  'provisioningAction',
  'provisioningStatusInfo/status',
  'sourceSystem/displayName',
  'targetSystem/displayName',
  'sourceIdentity/identityType',
  'targetIdentity/identityType',
  'sourceIdentity/id',
  'targetIdentity/id',
  'sourceIdentity/displayName',
  'targetIdentity/displayName',
  'servicePrincipal/id',
  'servicePrincipal/displayName',
  'initiatedBy/displayName',
];

/** Filterable properties by lower-case path (the documented table writes some in lower case). */
const FIELDS = new Map<string, Field>([
  ...STRING_FIELDS.map((p): [string, Field] => [p.toLowerCase(), { path: p.split('/'), kind: 'string' }]),
  ['activitydatetime', { path: ['activityDateTime'], kind: 'date' }],
  ['durationinmilliseconds', { path: ['durationInMilliseconds'], kind: 'number' }],
]);

const TYPE = 'microsoft.graph.provisioningObjectSummary';
const unsupported = (what: string): GraphError => new GraphError(400, 'BadRequest', `Invalid filter clause: ${what} is not supported by /auditLogs/provisioning. Supported: eq and contains on text properties; eq, gt, lt on activityDateTime and durationInMilliseconds; and, or.`);

export type Predicate = (r: ProvisioningObjectSummary) => boolean;

function fieldOf(o: Operand): { field: Field; fn?: 'tolower' | 'toupper' } | undefined {
  if (o.k === 'call') {
    const inner = fieldOf(o.arg);
    if (!inner || inner.fn || inner.field.kind !== 'string') throw unsupported(`${o.name}() on '${describe(o.arg)}'`);
    return { field: inner.field, fn: o.name };
  }
  if (o.k !== 'prop') return undefined;
  const name = o.path.join('/');
  const field = FIELDS.get(name.toLowerCase());
  if (!field) throw new GraphError(400, 'BadRequest', `Could not find a property named '${name}' on type '${TYPE}'.`);
  return { field };
}

function read(r: ProvisioningObjectSummary, f: { field: Field; fn?: 'tolower' | 'toupper' }): unknown {
  let v: unknown = r;
  for (const seg of f.field.path) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[seg] : undefined;
  if (typeof v === 'string' && f.fn) return f.fn === 'tolower' ? v.toLowerCase() : v.toUpperCase();
  return v;
}

const FLIP: Record<CmpOp, CmpOp> = { eq: 'eq', ne: 'ne', gt: 'lt', ge: 'le', lt: 'gt', le: 'ge' };

function literalFor(kind: Kind, lit: Literal, name: string): string | number {
  if (kind === 'date') {
    const t = typeof lit === 'string' ? Date.parse(lit) : NaN;
    if (!Number.isFinite(t)) throw badRequest(`Invalid filter clause: '${String(lit)}' is not a date-time for '${name}'.`);
    return t;
  }
  if (kind === 'number') {
    const n = typeof lit === 'number' ? lit : Number(lit);
    if (!Number.isFinite(n)) throw badRequest(`Invalid filter clause: '${String(lit)}' is not a number for '${name}'.`);
    return n;
  }
  if (lit === null || typeof lit === 'boolean') throw badRequest(`Invalid filter clause: '${String(lit)}' cannot be compared with '${name}'.`);
  return String(lit);
}

function compile(e: Expr): Predicate {
  switch (e.k) {
    case 'and': {
      const l = compile(e.l);
      const r = compile(e.r);
      return (x) => l(x) && r(x);
    }
    case 'or': {
      const l = compile(e.l);
      const r = compile(e.r);
      return (x) => l(x) || r(x);
    }
    case 'not':
      throw unsupported("'not'");
    case 'in':
      throw unsupported("'in'");
    case 'lambda':
      throw unsupported(`'${e.quant}'`);
    case 'fn': {
      if (e.name !== 'contains') throw unsupported(`'${e.name}'`);
      const f = fieldOf(e.l);
      if (!f || e.r.k !== 'lit') throw unsupported(`contains() with '${describe(e.l)}' and '${describe(e.r)}' (it takes a property and a text)`);
      if (f.field.kind !== 'string') throw unsupported(`contains() on '${f.field.path.join('/')}'`);
      const needle = literalFor('string', e.r.value, f.field.path.join('/')) as string;
      return (x) => {
        const v = read(x, f);
        return typeof v === 'string' && v.includes(needle);
      };
    }
    case 'cmp': {
      let op = e.op;
      let side = e.l;
      let other = e.r;
      if (side.k === 'lit') {
        [side, other] = [other, side];
        op = FLIP[op];
      }
      const f = fieldOf(side);
      if (!f || other.k !== 'lit') throw unsupported(`comparing '${describe(e.l)}' with '${describe(e.r)}' (compare a property with a value)`);
      const name = f.field.path.join('/');
      // The API documents eq, gt and lt (and contains) only: ge, le and ne are refused, so clients stay on what Graph promises.
      if (op === 'ne' || op === 'ge' || op === 'le') throw unsupported(`'${op}' on '${name}'`);
      if (f.field.kind === 'string' && op !== 'eq') throw unsupported(`'${op}' on '${name}'`);
      const want = literalFor(f.field.kind, other.value, name);
      const val = (x: ProvisioningObjectSummary): string | number | undefined => {
        const v = read(x, f);
        if (f.field.kind === 'date') return typeof v === 'string' ? Date.parse(v) : undefined;
        return typeof v === 'string' || typeof v === 'number' ? v : undefined;
      };
      switch (op) {
        case 'eq':
          return (x) => val(x) === want;
        case 'gt':
          return (x) => (val(x) ?? NaN) > want;
        default:
          return (x) => (val(x) ?? NaN) < want;
      }
    }
  }
}

/** The predicate of a $filter value (400 for what the API does not support). */
export function provisioningFilter(src: string): Predicate {
  return compile(parseFilter(src, { dialect: 'reports' }));
}

/** $orderby: activityDateTime only; newest first unless "asc". */
export function orderOf(raw: string | undefined): 'desc' | 'asc' {
  if (raw === undefined) return 'desc';
  const m = /^\s*activityDateTime(?:\s+(asc|desc))?\s*$/i.exec(raw);
  if (!m) throw badRequest(`Invalid $orderby: '${raw.trim()}'. The provisioning logs are ordered by activityDateTime (asc or desc) only.`);
  return m[1]?.toLowerCase() === 'asc' ? 'asc' : 'desc';
}

// ---- paging ---------------------------------------------------------------------------------

export interface Cursor {
  dir: 'desc' | 'asc';
  time: number;
  seq: number;
}

export const encodeCursor = (c: Cursor): string => Buffer.from(`prov1:${c.dir}:${c.time}:${c.seq}`).toString('base64url');

export function decodeCursor(token: string): Cursor {
  const m = /^prov1:(desc|asc):(-?\d+):(\d+)$/.exec(Buffer.from(token, 'base64url').toString());
  if (!m) throw badRequest('Unsupported or invalid query skiptoken specified.');
  return { dir: m[1] as 'desc' | 'asc', time: Number(m[2]), seq: Number(m[3]) };
}

/** One page: the matches after the cursor in the order asked, and whether more follow. */
export function page(entries: readonly StoredRecord[], opts: { dir: 'desc' | 'asc'; top: number; match?: Predicate; after?: Cursor }): { items: StoredRecord[]; next?: Cursor } {
  const { dir, top, match, after } = opts;
  // First index strictly after the cursor in ascending order.
  let lo = 0;
  let hi = entries.length;
  if (after) {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareStored(entries[mid]!, after) <= 0) lo = mid + 1;
      else hi = mid;
    }
  }
  const items: StoredRecord[] = [];
  let more = false;
  const visit = (e: StoredRecord): boolean => {
    if (match && !match(e.record)) return true;
    if (items.length === top) {
      more = true;
      return false;
    }
    items.push(e);
    return true;
  };
  if (dir === 'asc') {
    for (let i = after ? lo : 0; i < entries.length; i++) if (!visit(entries[i]!)) break;
  } else {
    // Descending: records strictly before the cursor.
    let start = entries.length - 1;
    if (after) {
      let l = 0;
      let h = entries.length;
      while (l < h) {
        const mid = (l + h) >>> 1;
        if (compareStored(entries[mid]!, after) < 0) l = mid + 1;
        else h = mid;
      }
      start = l - 1;
    }
    for (let i = start; i >= 0; i--) if (!visit(entries[i]!)) break;
  }
  const last = items[items.length - 1];
  return more && last ? { items, next: { dir, time: last.time, seq: last.seq } } : { items };
}
