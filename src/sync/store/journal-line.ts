/**
 * One journal line as an event, checked: a line that is not JSON, or JSON that is not an event of
 * the shape readers rely on (a `null`, an operation without its op number, a name that is not a
 * string), is a bad line — readers drop it and count it, as docs/logs.md says. The check is
 * structural and cheap; fields readers do not use are not checked.
 */
import { echo } from '../../util/echo.js';
import type { JournalEvent } from './journal.js';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): boolean => typeof v === 'string';
const optStr = (v: unknown): boolean => v === undefined || typeof v === 'string';
const optNum = (v: unknown): boolean => v === undefined || (typeof v === 'number' && Number.isFinite(v));

function ref(v: unknown): boolean {
  return v === undefined || (isObj(v) && optStr(v.dn) && optStr(v.upn) && optStr(v.displayName) && optStr(v.cloudId) && optStr(v.anchor));
}

const strings = (v: unknown): boolean => v === undefined || (Array.isArray(v) && v.every(str));

function scope(v: unknown): boolean {
  return v === undefined || (isObj(v) && optStr(v.baseDn) && optStr(v.filter) && strings(v.ous) && strings(v.groups));
}

function operation(e: Obj): boolean {
  return (
    Number.isSafeInteger(e.op) &&
    str(e.action) &&
    str(e.kind) &&
    optStr(e.dn) &&
    optStr(e.upn) &&
    optStr(e.displayName) &&
    optStr(e.anchor) &&
    optStr(e.cloudId) &&
    optStr(e.matchedOn) &&
    ref(e.member) &&
    ref(e.manager) &&
    (e.changes === undefined || (Array.isArray(e.changes) && e.changes.every((c) => isObj(c) && str(c.attribute))))
  );
}

function valid(e: Obj): boolean {
  if (!str(e.type) || !str(e.time)) return false;
  switch (e.type) {
    case 'run-start':
      return str(e.command) && optStr(e.runId) && optStr(e.tenant) && optStr(e.scopeKey) && (e.options === undefined || isObj(e.options)) && scope(e.scope) && (e.mode === undefined || e.mode === 'full' || e.mode === 'delta');
    case 'planned':
    case 'intent':
      return operation(e);
    case 'result':
      return operation(e) && str(e.status) && optNum(e.httpStatus) && optNum(e.attempts) && optStr(e.note) && (e.error === undefined || (isObj(e.error) && str(e.error.message) && optStr(e.error.code)));
    case 'guard':
      return str(e.guard) && str(e.message);
    case 'warning':
      return str(e.message) && optStr(e.dn);
    case 'ad-write':
      return str(e.dn) && str(e.attribute) && str(e.status) && optStr(e.note) && optStr(e.error);
    case 'run-end':
      return str(e.outcome) && optNum(e.durationMs) && optNum(e.exitCode) && optStr(e.message) && (e.counts === undefined || isObj(e.counts));
    default:
      return true; // a line type of a later version: readers skip what they do not know
  }
}

/** The event of a journal line; throws a SyntaxError for a line that is not a journal event. */
export function parseJournalLine(line: string): JournalEvent {
  let e: unknown;
  try {
    e = JSON.parse(line);
  } catch (err) {
    throw new SyntaxError(echo((err as Error).message, 160), { cause: err }); // JSON.parse quotes the line as is
  }
  if (!isObj(e) || !valid(e)) throw new SyntaxError('not a journal event');
  return e as unknown as JournalEvent;
}

/** parseJournalLine that answers undefined for a bad line. */
export function tryJournalLine(line: string | undefined): JournalEvent | undefined {
  if (line === undefined) return undefined;
  try {
    return parseJournalLine(line);
  } catch {
    return undefined;
  }
}
