/**
 * Merges an operation's planned, intent and result lines into one row with its final status. Only
 * the operations that pass the filter are kept, so memory follows what is shown.
 */
import type { IntentEvent, JournalEvent, PlannedEvent, ResultEvent, RunEndEvent } from '../../sync/store/journal.js';
import { parseJournalLine, tryJournalLine } from '../../sync/store/journal-line.js';
import { matchesFields, matchesFinal, type OperationFilter } from './filter.js';
import type { OperationRow, OperationStatus, RunNote, RunState } from './types.js';

type OpEvent = PlannedEvent | IntentEvent | ResultEvent;

interface Pending {
  /** The first line, parsed; or its text, parsed only if the operation is shown. */
  base?: OpEvent;
  raw?: string;
  intent: boolean;
  result?: ResultEvent;
  time: string;
}

/** How the run ended, for operations without a result. */
export interface RunEnding {
  readonly state: RunState;
  /** The run applies (planned operations without a result were meant to be sent). */
  readonly applying: boolean;
  readonly end?: RunEndEvent;
}

const PREFIX = { planned: '{"type":"planned","op":', intent: '{"type":"intent","op":', result: '{"type":"result","op":' } as const;

/** Whether a line is a planned, intent or result line as the Journal writes them (`type` and `op` first). */
export function isOperationLine(line: string): boolean {
  return line.startsWith(PREFIX.planned) || line.startsWith(PREFIX.intent) || line.startsWith(PREFIX.result);
}

/** The `time` of a journal line, which JSON.stringify writes last. */
function timeOf(line: string): string | undefined {
  const i = line.lastIndexOf('"time":"');
  return i < 0 ? undefined : line.slice(i + 8, line.indexOf('"', i + 8));
}

export class OperationMerger {
  private readonly ops = new Map<number, Pending>();
  readonly notes: RunNote[] = [];
  /** Kept lines found not to be journal events when parsed late (dropped like any bad line). */
  badLines = 0;
  private readonly prefilter: (line: string) => boolean;

  constructor(private readonly filter: OperationFilter = {}) {
    this.prefilter = linePrefilter(filter);
  }

  /**
   * Takes one line of text. Operation lines are classified without parsing (the Journal writes
   * `type` and `op` first and `time` last): intents only mark their operation, lines that cannot
   * match the filter are dropped, and planned lines are parsed only if their operation is shown —
   * most of the cost of a 100,000-operation journal is JSON.parse. Anything unusual is parsed.
   */
  addLine(line: string): number | undefined {
    const kind = line.startsWith(PREFIX.planned) ? 'planned' : line.startsWith(PREFIX.intent) ? 'intent' : line.startsWith(PREFIX.result) ? 'result' : undefined;
    const op = kind === undefined ? NaN : parseInt(line.slice(PREFIX[kind].length), 10);
    const time = kind === undefined ? undefined : timeOf(line);
    if (kind === undefined || !Number.isFinite(op) || time === undefined) return this.add(parseJournalLine(line));
    if (!this.prefilter(line)) return undefined;
    const p = this.ops.get(op);
    if (kind === 'planned' && p === undefined) {
      this.ops.set(op, { raw: line, intent: false, time });
      return undefined;
    }
    if (p !== undefined && kind === 'intent') {
      p.intent = true;
      p.time = time;
      return undefined;
    }
    if (p !== undefined && kind === 'result' && this.filter.failed && line.includes('"status":"success"')) {
      // --failed: a success is final and not shown.
      this.ops.delete(op);
      return undefined;
    }
    return this.add(parseJournalLine(line));
  }

  /** Takes one journal line; returns the op number when the line gave an operation its result. */
  add(e: JournalEvent): number | undefined {
    switch (e.type) {
      case 'planned':
      case 'intent':
      case 'result': {
        let p = this.ops.get(e.op);
        if (p === undefined && !matchesFields(this.filter, e)) return undefined;
        if (p === undefined) {
          p = { base: e, intent: false, time: e.time };
          this.ops.set(e.op, p);
        }
        p.time = e.time;
        if (e.type === 'intent') p.intent = true;
        if (e.type === 'result') {
          p.result = e;
          p.raw = undefined;
          return e.op;
        }
        return undefined;
      }
      case 'guard':
        this.notes.push({ type: 'guard', time: e.time, message: `guard ${e.guard}${e.blocking ? (e.forced ? ' (forced)' : ' (blocking)') : ''}: ${e.message}` });
        return undefined;
      case 'warning':
        this.notes.push({ type: 'warning', time: e.time, ...(e.dn !== undefined ? { dn: e.dn } : {}), message: e.message });
        return undefined;
      case 'ad-write':
        this.notes.push({
          type: 'ad-write',
          time: e.time,
          dn: e.dn,
          message: `AD ${e.attribute} ${e.status === 'success' ? (e.note ?? 'written') : `not written: ${e.error ?? 'failed'}`}`,
        });
        return undefined;
      default:
        return undefined;
    }
  }

  has(op: number): boolean {
    return this.ops.has(op);
  }

  /** The row of one operation as known now (undefined: not kept, or not matching). */
  row(op: number, ending: RunEnding): OperationRow | undefined {
    const p = this.ops.get(op);
    return p === undefined || !this.resolve(p) ? undefined : toRow(p, ending);
  }

  /** Parses a kept line if still text; false when the operation does not match after all. */
  private resolve(p: Pending): boolean {
    // A result line repeats every field of the planned line: that one need not be parsed.
    if (p.base === undefined && p.result !== undefined) p.raw = undefined;
    else if (p.base === undefined) {
      const e = tryJournalLine(p.raw);
      p.raw = undefined;
      if (e === undefined || (e.type !== 'planned' && e.type !== 'intent' && e.type !== 'result')) {
        this.badLines++;
        return false;
      }
      p.base = e;
    }
    return matchesFields(this.filter, p.result ?? p.base!);
  }

  /** Forgets an operation (after a follower printed it). */
  forget(op: number): void {
    this.ops.delete(op);
  }

  /** Every kept operation in plan order that passes the status and time filters. */
  rows(ending: RunEnding): OperationRow[] {
    const out: OperationRow[] = [];
    for (const op of [...this.ops.keys()].sort((a, b) => a - b)) {
      const p = this.ops.get(op)!;
      if (!this.resolve(p)) {
        if (p.base === undefined && p.result === undefined) this.ops.delete(op);
        continue;
      }
      const r = toRow(p, ending);
      if (matchesFinal(this.filter, r)) out.push(r);
    }
    return out;
  }
}

/**
 * A cheap necessary condition on a line's text for the action, user and attribute filters: a line
 * that fails it cannot match. JSON.stringify escapes only quotes, backslashes and control
 * characters, so a fragment without them appears in the text as it does in the value.
 */
function linePrefilter(f: OperationFilter): (line: string) => boolean {
  const tests: ((line: string, lower: () => string) => boolean)[] = [];
  if (f.actions !== undefined) {
    const needles = [...f.actions].map((a) => `"action":"${a}"`);
    tests.push((l) => needles.some((n) => l.includes(n)));
  }
  // eslint-disable-next-line no-control-regex -- JSON escapes control characters: such a fragment is not in the text as is
  const plain = (q: string) => !/["\\\u0000-\u001f]/.test(q);
  if (f.user !== undefined && plain(f.user)) {
    const q = f.user;
    tests.push((_l, lower) => lower().includes(q));
  }
  if (f.attribute !== undefined && plain(f.attribute)) {
    const q = f.attribute === 'members' ? 'member' : f.attribute.slice(f.attribute.lastIndexOf('.') + 1);
    tests.push((_l, lower) => lower().includes(q));
  }
  if (tests.length === 0) return () => true;
  return (line) => {
    let low: string | undefined;
    const lower = () => (low ??= line.toLowerCase());
    return tests.every((t) => t(line, lower));
  };
}

function status(p: Pending, ending: RunEnding): { status: OperationStatus; error?: string; note?: string } {
  const r = p.result;
  if (r !== undefined) {
    const error = r.error === undefined ? undefined : r.error.code && !r.error.message.includes(r.error.code) ? `${r.error.code}: ${r.error.message}` : r.error.message;
    return { status: r.status, ...(error !== undefined ? { error } : {}), ...(r.note !== undefined ? { note: r.note } : {}) };
  }
  if (ending.state === 'running' && (p.intent || ending.applying)) return { status: 'pending' };
  if (p.intent) {
    // The request may have reached Graph: the next sync plans again from what Entra holds.
    const why = ending.end === undefined ? 'unknown: run interrupted' : `unknown: the run ended (${ending.end.outcome}) without a result for it`;
    return { status: 'unknown', error: `${why}; the request may have been sent, the next sync converges` };
  }
  if (!ending.applying) return { status: 'planned' };
  const why = ending.end === undefined ? 'the run was interrupted before it' : ending.end.outcome === 'blocked' ? `blocked: ${ending.end.message ?? 'a guard stopped the run'}` : `the run stopped (${ending.end.outcome}) before it`;
  return { status: 'not-run', note: `not sent: ${why}` };
}

function toRow(p: Pending, ending: RunEnding): OperationRow {
  // The result line names the object as it ended (a create's result carries the new cloud id).
  const b = p.result ?? p.base!;
  const s = status(p, ending);
  return {
    op: b.op,
    action: b.action,
    kind: b.kind,
    ...(b.dn !== undefined ? { dn: b.dn } : {}),
    ...(b.upn !== undefined ? { upn: b.upn } : {}),
    ...(b.displayName !== undefined ? { displayName: b.displayName } : {}),
    ...(b.anchor !== undefined ? { anchor: b.anchor } : {}),
    ...(b.cloudId !== undefined ? { cloudId: b.cloudId } : {}),
    ...(b.changes !== undefined ? { changes: b.changes } : {}),
    ...(b.member !== undefined ? { member: b.member } : {}),
    ...(b.manager !== undefined ? { manager: b.manager } : {}),
    ...(b.matchedOn !== undefined ? { matchedOn: b.matchedOn } : {}),
    status: s.status,
    time: p.time,
    ...(p.result?.httpStatus !== undefined ? { httpStatus: p.result.httpStatus } : {}),
    ...(p.result?.requestId !== undefined ? { requestId: p.result.requestId } : {}),
    ...(p.result?.attempts !== undefined ? { attempts: p.result.attempts } : {}),
    ...(s.error !== undefined ? { error: s.error } : {}),
    ...(s.note !== undefined ? { note: s.note } : {}),
  };
}
