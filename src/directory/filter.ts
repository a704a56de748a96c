/**
 * RFC 4515 filters: escaping of user input. Every value that reaches a filter string goes through
 * escapeFilterValue; nothing user-typed is ever concatenated into a filter raw.
 */
import { FilterParser } from 'ldapts';
import { CloudsyncError } from '../errors.js';
import { echo } from '../util/echo.js';

/** Longest filter accepted (characters): far beyond any real scope filter, short enough to parse at once. */
export const MAX_FILTER_LENGTH = 32 * 1024;
/** Deepest nesting of `(&…)`, `(|…)` and `(!…)` accepted (the parser and the evaluator recurse). */
export const MAX_FILTER_DEPTH = 100;

/** Escapes a filter assertion value: `*` `(` `)` `\` NUL always, and every byte of a Buffer. */
export function escapeFilterValue(value: string | Buffer): string {
  if (Buffer.isBuffer(value)) {
    let out = '';
    for (const b of value) out += '\\' + b.toString(16).padStart(2, '0');
    return out;
  }
  return value.replace(/[*()\\\0]/g, (c) => '\\' + c.charCodeAt(0).toString(16).padStart(2, '0'));
}

/** `(attr=value)` with the value escaped. */
export function equalityFilter(attribute: string, value: string | Buffer): string {
  return `(${attribute}=${escapeFilterValue(value)})`;
}

/**
 * Checks an RFC 4515 filter and returns it in its parenthesized form (a bare `cn=x` is wrapped).
 * ldapts's parser accepts some unbalanced strings (`(&(a=1)`), so parentheses are counted too.
 */
export function validateFilter(filter: string): string {
  if (filter.length > MAX_FILTER_LENGTH) {
    throw new CloudsyncError('usage', `invalid LDAP filter "${echo(filter, 60)}": it is ${filter.length} characters long, more than the ${MAX_FILTER_LENGTH} accepted`);
  }
  const f = filter.trim();
  const wrapped = f.startsWith('(') ? f : `(${f})`;
  const why = f === '' ? 'it is empty' : parenthesesProblem(wrapped) ?? parseProblem(wrapped);
  if (why !== undefined) throw new CloudsyncError('usage', `invalid LDAP filter "${echo(filter)}": ${echo(why)}`);
  return wrapped;
}

/** `(&f1f2…)` of the non-empty filters, each validated; a single filter is returned as is. */
export function andFilters(...filters: (string | undefined)[]): string {
  const parts = filters.filter((f): f is string => f !== undefined && f.trim() !== '').map(validateFilter);
  if (parts.length === 0) return '(objectClass=*)';
  return parts.length === 1 ? parts[0]! : `(&${parts.join('')})`;
}

function parenthesesProblem(filter: string): string | undefined {
  // `(` and `)` never occur escaped (values use \28 and \29), so a plain count is exact.
  let depth = 0;
  for (let i = 0; i < filter.length; i++) {
    const c = filter[i];
    if (c === '(') {
      if (++depth > MAX_FILTER_DEPTH) return `nested more than ${MAX_FILTER_DEPTH} deep at offset ${i}`;
    } else if (c === ')') {
      depth--;
      if (depth < 0) return `unbalanced ")" at offset ${i}`;
      if (depth === 0 && i !== filter.length - 1) return `text after the closing ")" at offset ${i}`;
    }
  }
  return depth === 0 ? undefined : 'missing ")"';
}

function parseProblem(filter: string): string | undefined {
  try {
    FilterParser.parseString(filter);
    return undefined;
  } catch (e) {
    // ldapts repeats the whole filter in its messages; keep only the reason (cut by position: a
    // regular expression over the repeated filter would backtrack on a long run of spaces).
    const message = e instanceof Error ? e.message : String(e);
    const full = message.indexOf('Full string:');
    return (full < 0 ? message : message.slice(0, full)).trimEnd().replace(/[.:]$/, '');
  }
}

/** `(uSNChanged>=usn+1)` for change tracking (LDAP has no `>`); USNs are 64-bit, hence BigInt. */
export function changedSinceFilter(usn: string): string {
  if (!/^\d+$/.test(usn)) throw new CloudsyncError('input', `invalid USN watermark "${echo(usn, 40)}" in the sync state: run a full sync`);
  return `(uSNChanged>=${(BigInt(usn) + 1n).toString()})`;
}
