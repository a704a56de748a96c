/**
 * Applies fix rows, and reverts undo files, one object at a time: re-read, check AD still holds
 * what the row (or undo record) expects, record the inverse change, then send ONE modify.
 */
import { readFile } from 'node:fs/promises';
import { parseLdif, type LdifRecord } from '../../directory/ldif/parser.js';
import {
  attrStrings,
  BINARY_ATTRIBUTES,
  type DirectoryObject,
  type DirectorySource,
  type DirectoryWriter,
  type Modification,
} from '../../directory/types.js';
import { CloudsyncError } from '../../errors.js';
import type { FixRow } from './csv.js';
import { planRow, precheck } from './plan.js';
import { defaultUndoPath, readRecordNotes, UndoLog, type RecordNotes } from './undo-log.js';
import { inverse, sameValues, simulate, text } from './values.js';

/**
 * applied: the change was made. planned: it would be made (no `apply`). skipped: nothing to do.
 * refused: AD no longer matches the row, or the row cannot be applied safely. failed: the
 * directory returned an error.
 */
export type RowStatus = 'applied' | 'planned' | 'skipped' | 'refused' | 'failed';

export interface RowResult {
  readonly row: FixRow;
  readonly status: RowStatus;
  /** The modifications of the row's one modify request (empty when there is none). */
  readonly changes: readonly Modification[];
  readonly reason?: string;
}

export interface FixOptions {
  /** false: only report what would change (no directory write, no undo file). */
  readonly apply: boolean;
  /** Where the undo file goes (created on the first change; never overwritten). Default: defaultUndoPath(). */
  readonly undoPath?: string;
  /** Named in the undo file's header and row comments, e.g. the CSV's path. */
  readonly source?: string;
  /** Checked between rows; an abort throws the signal's reason after closing the undo file. */
  readonly signal?: AbortSignal;
}

type Dir = DirectorySource & DirectoryWriter;

/**
 * In plan mode nothing is written, so a later row on the same attribute would be checked
 * against values an earlier row is about to change. The plan remembers what each planned
 * change leaves, so the plan shows what --apply would do.
 */
class Planned {
  private readonly values = new Map<string, readonly string[]>();

  private key(dn: string, attribute: string): string {
    return `${dn.toLowerCase()}\n${attribute.toLowerCase()}`;
  }

  remember(dn: string, attribute: string, after: readonly string[]): void {
    this.values.set(this.key(dn, attribute), after);
  }

  /** The object as it will be once the changes planned so far are made. */
  view(object: DirectoryObject | undefined, attribute: string): DirectoryObject | undefined {
    const planned = object && this.values.get(this.key(object.dn, attribute));
    if (!object || !planned) return object;
    const attributes = new Map(object.attributes);
    attributes.set(attribute.toLowerCase(), planned);
    return { ...object, attributes };
  }
}

/** Reads one attribute of one object, as the plan so far would leave it. */
async function read(dir: Dir, dn: string, attribute: string, planned: Planned | undefined) {
  const object = await dir.get(dn, [attribute]);
  return planned ? planned.view(object && { ...object, dn }, attribute) : object;
}

function errorText(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';
}

/**
 * Applies the rows in file order and yields one result per row; a refused or failed row never
 * stops the run. Only an undo file that cannot be written stops it (no change is made without
 * its undo record).
 */
export async function* applyFixRows(rows: readonly FixRow[], dir: Dir, options: FixOptions): AsyncGenerator<RowResult> {
  const target: Target = options.apply
    ? { log: new UndoLog(options.undoPath ?? defaultUndoPath(), { source: options.source, directory: dir.description }) }
    : { planned: new Planned() };
  try {
    for (const row of rows) {
      options.signal?.throwIfAborted();
      yield await fixRow(row, dir, target, `${options.source ?? 'CSV'} line ${row.line}`);
    }
  } finally {
    await target.log?.close();
  }
}

/** Either the changes are made (and logged), or they are planned (and remembered). */
type Target = { readonly log: UndoLog; readonly planned?: undefined } | { readonly log?: undefined; readonly planned: Planned };

async function fixRow(row: FixRow, dir: Dir, target: Target, label: string): Promise<RowResult> {
  const early = precheck(row);
  if (early) return { row, status: early.kind === 'skip' ? 'skipped' : 'refused', changes: [], reason: early.reason };
  let object;
  try {
    object = await read(dir, row.dn, row.attribute, target.planned);
  } catch (e) {
    return { row, status: 'failed', changes: [], reason: `cannot read the object: ${errorText(e)}` };
  }
  const plan = planRow(row, object);
  if (plan.kind !== 'change') return { row, status: plan.kind === 'skip' ? 'skipped' : 'refused', changes: [], reason: plan.reason };
  return commit(dir, target, row, row.attribute, plan.before, plan.changes, label, plan.note);
}

/** Plans, or records the inverse and then makes the change. */
async function commit(
  dir: Dir,
  target: Target,
  row: FixRow,
  attribute: string,
  before: readonly string[],
  changes: readonly Modification[],
  label: string,
  note?: string,
): Promise<RowResult> {
  const withNote = note === undefined ? {} : { reason: note };
  const after = simulate(before, changes);
  const { log } = target;
  if (!log) {
    target.planned.remember(row.dn, attribute, after);
    return { row, status: 'planned', changes, ...withNote };
  }
  await log.record(row.dn, inverse(attribute, before, changes), { attribute, values: after }, label);
  try {
    await dir.modify(row.dn, changes);
  } catch (e) {
    const reason = errorText(e);
    await log.notApplied(reason);
    return { row, status: 'failed', changes, reason };
  }
  return { row, status: 'applied', changes, ...withNote };
}

/**
 * Reverts an undo file written by applyFixRows (or a redo file written by this function),
 * newest record first, so that several changes to one attribute unwind in order. A record is
 * reverted only when AD holds exactly the values its cloudsync-expect comment names (what the
 * fix left); otherwise it is refused, so a later change made by someone else is never lost.
 * `options.undoPath` is where the redo file goes (it reverts the undo).
 */
export async function* applyUndoFile(path: string, dir: Dir, options: FixOptions): AsyncGenerator<RowResult> {
  let content: string;
  try {
    content = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  } catch (e) {
    throw new CloudsyncError('input', `${path}: cannot read the undo file (${(e as NodeJS.ErrnoException).code ?? String(e)})`, { cause: e });
  }
  const notes = new Map(readRecordNotes(content, path).map((n) => [n.line, n]));
  const records: LdifRecord[] = [];
  for await (const r of parseLdif(once(content), { source: path })) records.push(r);

  const target: Target = options.apply
    ? { log: new UndoLog(options.undoPath ?? defaultUndoPath(), { source: `undo of ${path}`, directory: dir.description }) }
    : { planned: new Planned() };
  try {
    for (const record of records.reverse()) {
      options.signal?.throwIfAborted();
      yield await undoRecord(record, notes.get(record.line), dir, target, `undo of ${path} line ${record.line}`);
    }
  } finally {
    await target.log?.close();
  }
}

async function* once(s: string): AsyncGenerator<string> {
  yield s;
}

async function undoRecord(
  record: LdifRecord,
  notes: RecordNotes | undefined,
  dir: Dir,
  target: Target,
  label: string,
): Promise<RowResult> {
  const expect = notes?.expect;
  const changes = record.kind === 'modify' ? record.modifications.map((m) => ({ ...m, values: m.values.map(text) })) : [];
  const attribute = expect?.attribute ?? changes[0]?.attribute ?? '';
  const row: FixRow = {
    line: record.line,
    dn: record.dn,
    cn: '',
    objectClass: '',
    attribute,
    error: '',
    value: expect ? expect.values.join('; ') : '',
    update: expect ? simulate(expect.values, changes).join('; ') : '',
    proposedAction: 'Undo',
    action: 'UNDO',
  };
  const refuse = (reason: string): RowResult => ({ row, status: 'refused', changes, reason });

  if (record.kind !== 'modify') return refuse(`a "${record.kind}" record; undo files hold only modify records`);
  if (notes?.notApplied !== undefined) return { row, status: 'skipped', changes, reason: `the change was never made (${notes.notApplied})` };
  if (!expect) return refuse('no cloudsync-expect comment: the record was not written by cloudsync, so there is nothing to check it against');
  if (changes.some((m) => m.attribute.toLowerCase() !== attribute.toLowerCase())) {
    return refuse(`the record changes attributes other than ${attribute}; cloudsync records change one attribute`);
  }
  if (BINARY_ATTRIBUTES.has(attribute.toLowerCase())) return refuse(`${attribute} is binary; cloudsync never changes it`);

  let object;
  try {
    object = await read(dir, record.dn, attribute, target.planned);
  } catch (e) {
    return { row, status: 'failed', changes, reason: `cannot read the object: ${errorText(e)}` };
  }
  if (!object) return refuse('object no longer exists');
  const current = attrStrings(object, attribute);
  if (!sameValues(current, expect.values)) {
    const show = (v: readonly string[]) => (v.length === 0 ? 'no value' : v.map((x) => `'${x}'`).join(', '));
    return refuse(`AD now has ${show(current)} (expected ${show(expect.values)}); it changed after the fix, so undoing could lose that change`);
  }
  return commit(dir, target, row, attribute, current, changes, label);
}
