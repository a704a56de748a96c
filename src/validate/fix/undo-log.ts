/**
 * The undo file: plain LDIF change records (ldapmodify and ldifde accept it) plus comment lines
 * that `cloudsync undo` reads: what AD must hold before a record may be reverted, which row the
 * record came from, and whether the change failed.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { formatChangeRecord } from '../../directory/ldif/writer.js';
import type { Modification } from '../../directory/types.js';
import { CloudsyncError } from '../../errors.js';

/** The attribute's full value list that AD should hold when the record is to be applied. */
export interface Expectation {
  readonly attribute: string;
  readonly values: readonly string[];
}

const EXPECT = '# cloudsync-expect: ';
const ROW = '# row: ';
const NOT_APPLIED = '# not applied: ';

/** Comments are kept to one line of printable ASCII so that every LDIF reader skips them. */
function commentText(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `cloudsync-undo-20261125T101500Z.ldif`, relative to the current directory. */
export function defaultUndoPath(now: Date = new Date()): string {
  return `cloudsync-undo-${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}.ldif`;
}

/**
 * Appends records to an undo file, creating it (never overwriting one) when the first record
 * comes, so a run that changes nothing leaves no file. Each record is on disk (fsync) before
 * the caller sends the change it reverts.
 */
export class UndoLog {
  private handle: FileHandle | undefined;

  constructor(
    readonly path: string,
    private readonly header: { readonly source?: string | undefined; readonly directory: string },
  ) {}

  async record(dn: string, changes: readonly Modification[], expect: Expectation, row: string): Promise<void> {
    const lines = [
      `${ROW}${commentText(row)}`,
      `${EXPECT}${commentText(JSON.stringify({ attribute: expect.attribute, values: expect.values }))}`,
    ];
    await this.write(`${lines.join('\n')}\n${formatChangeRecord(dn, changes)}`);
  }

  /** Marks the last record as describing a change the server refused. */
  async notApplied(reason: string): Promise<void> {
    await this.write(`${NOT_APPLIED}${commentText(reason)}\n\n`);
  }

  async close(): Promise<void> {
    const h = this.handle;
    this.handle = undefined;
    await h?.close();
  }

  private async write(text: string): Promise<void> {
    try {
      if (!this.handle) {
        this.handle = await open(this.path, 'wx');
        text = this.preamble() + text;
      }
      await this.handle.write(text);
      await this.handle.sync();
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') {
        throw new CloudsyncError('usage', `undo file ${this.path} already exists; choose another one (--undo-file) or move it away`, { cause: e });
      }
      throw new CloudsyncError('runtime', `cannot write the undo file ${this.path} (${code ?? String(e)}); the change was not made`, { cause: e });
    }
  }

  private preamble(): string {
    const lines = [
      'version: 1',
      '',
      '# Undo file written by cloudsync. Revert these changes with:',
      `#   cloudsync undo ${commentText(this.path)} --apply`,
      '# which checks that each object still holds what the fix left (cloudsync-expect) and',
      '# reverts the newest record first. ldapmodify and ldifde would apply the records as',
      '# written: unchecked and oldest first.',
      `# created: ${new Date().toISOString()}`,
      ...(this.header.source === undefined ? [] : [`# source: ${commentText(this.header.source)}`]),
      `# directory: ${commentText(this.header.directory)}`,
      '',
    ];
    return `${lines.join('\n')}\n`;
  }
}

export interface RecordNotes {
  /** Line number (1-based) of the record's first non-comment line (its `dn:`). */
  readonly line: number;
  readonly expect?: Expectation;
  readonly row?: string;
  readonly notApplied?: string;
}

/**
 * Reads the cloudsync comments of an undo file, per record. Comments before a record belong to
 * it; a `# not applied:` comment after a record belongs to the record before it.
 */
export function readRecordNotes(text: string, source: string): RecordNotes[] {
  const out: { line: number; expect?: Expectation; row?: string; notApplied?: string }[] = [];
  let pending: { expect?: Expectation; row?: string } = {};
  let inRecord = false;
  let seenContent = false;
  for (const { line, value } of logicalLines(text)) {
    if (value === '') {
      inRecord = false;
    } else if (value.startsWith('#')) {
      if (inRecord) continue;
      if (value.startsWith(EXPECT)) pending.expect = parseExpect(value.slice(EXPECT.length), source, line);
      else if (value.startsWith(ROW)) pending.row = value.slice(ROW.length);
      else if (value.startsWith(NOT_APPLIED)) {
        const last = out[out.length - 1];
        if (last) last.notApplied = value.slice(NOT_APPLIED.length);
      }
    } else if (!inRecord) {
      const isVersion = !seenContent && /^version:/i.test(value);
      seenContent = true;
      if (isVersion) continue;
      out.push({ line, ...pending });
      pending = {};
      inRecord = true;
    }
  }
  return out;
}

/** Unfolds RFC 2849 continuation lines (a leading space), keeping each logical line's first line number. */
function* logicalLines(text: string): Generator<{ line: number; value: string }> {
  const physical = text.split(/\r?\n/);
  let current: { line: number; value: string } | undefined;
  for (let i = 0; i < physical.length; i++) {
    const p = physical[i] as string;
    if (current && p.startsWith(' ')) {
      current.value += p.slice(1);
      continue;
    }
    if (current) yield current;
    current = { line: i + 1, value: p };
  }
  if (current) yield current;
}

function parseExpect(json: string, source: string, line: number): Expectation {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    data = undefined;
  }
  const d = data as { attribute?: unknown; values?: unknown } | undefined;
  if (typeof d?.attribute !== 'string' || !Array.isArray(d.values) || !d.values.every((v) => typeof v === 'string')) {
    throw new CloudsyncError('input', `${source} line ${line}: unreadable cloudsync-expect comment (expected {"attribute": …, "values": […]})`);
  }
  return { attribute: d.attribute, values: d.values as string[] };
}
