/**
 * Streaming LDIF (RFC 2849) parser. Works on bytes: physical lines are split and folded lines
 * joined before any decoding, so a fold inside a multi-byte UTF-8 character or inside base64
 * (as Windows ldifde writes at a fixed width) decodes correctly. Only one record is held at a time.
 */
import { isUtf8 } from 'node:buffer';
import { CloudsyncError } from '../../errors.js';
import { echo } from '../../util/echo.js';
import { BINARY_ATTRIBUTES, type AttributeValue, type Modification } from '../types.js';

export type LdifAttribute = [name: string, value: string | Buffer];

export type LdifRecord =
  | { kind: 'content'; dn: string; line: number; attributes: LdifAttribute[] }
  | { kind: 'add'; dn: string; line: number; attributes: LdifAttribute[] }
  | { kind: 'modify'; dn: string; line: number; modifications: Modification[] }
  | { kind: 'delete'; dn: string; line: number }
  | { kind: 'modrdn'; dn: string; line: number; newRdn: string; deleteOldRdn: boolean; newSuperior?: string };

export interface ParseLdifOptions {
  /** Names the input in error messages, e.g. the file path. */
  source?: string;
  /**
   * Called when the input ends part-way through its last entry: its last line has no line ending
   * (cut mid-line), or its last entry has neither a changetype nor an objectClass line (cut before
   * them). That entry is then left out, not yielded half-read. Without this option it is yielded.
   */
  onPartial?: (reason: string) => void;
}

/** One logical line: `name: value`, `name:: base64` or the `-` separator. */
interface LdifLine {
  /** As written, options included (`member;range=0-1499`). */
  name: string;
  /** Lower-case name without options. */
  base: string;
  value: AttributeValue;
  line: number;
}

const CR = 0x0d;
const SPACE = 0x20;
const HASH = 0x23;
const COLON = 0x3a;
const LESS = 0x3c;
const ATTRIBUTE_NAME = /^(?:[A-Za-z][A-Za-z0-9-]*|\d+(?:\.\d+)*)(?:;[A-Za-z0-9=.*-]+)*$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const NON_ASCII = /[\x80-\xff]/;
const BOM = '\xef\xbb\xbf';
const SEPARATOR = '-';
/** Attribute names repeat on every entry; their checks and base names are cached (bounded). */
const NAME_CACHE_LIMIT = 4096;

/** Parses LDIF from a stream or any async iterable of chunks, yielding records as they complete. */
export async function* parseLdif(
  input: NodeJS.ReadableStream | AsyncIterable<string | Buffer>,
  options: ParseLdifOptions = {},
): AsyncGenerator<LdifRecord> {
  const reader = new LdifReader(options.source ?? 'LDIF input', options.onPartial);
  for await (const chunk of input as AsyncIterable<string | Buffer>) {
    reader.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
    yield* reader.take();
  }
  reader.end();
  yield* reader.take();
}

/**
 * Bytes are handled as latin1 strings (one char per byte, lossless and much cheaper than Buffer
 * slices); a value is decoded as UTF-8 only once its logical line is complete.
 */
class LdifReader {
  private carry = '';
  private lineNo = 0;
  /** The logical line being read (a line plus its continuations), as latin1. */
  private pending: string | undefined;
  private pendingLine = 0;
  private inComment = false;
  private lines: LdifLine[] = [];
  private firstRecord = true;
  /** An entry so far had an objectClass line. */
  private classSeen = false;
  private ready: LdifRecord[] = [];
  private readonly names = new Map<string, string>();
  private readonly recent: [name: string, base: string][] = [];

  constructor(
    private readonly source: string,
    private readonly onPartial?: (reason: string) => void,
  ) {}

  push(chunk: Buffer): void {
    const data = this.carry + chunk.toString('latin1');
    let start = 0;
    for (;;) {
      const nl = data.indexOf('\n', start);
      if (nl === -1) break;
      this.physical(data, start, nl);
      start = nl + 1;
    }
    this.carry = data.slice(start);
  }

  end(): void {
    const cutLine = this.carry !== '' && this.carry !== '\r' ? this.lineNo + 1 : undefined;
    if (this.carry !== '') this.physical(this.carry, 0, this.carry.length);
    this.carry = '';
    this.endLogical();
    if (this.onPartial !== undefined && this.lines.length > 0) {
      const why = cutLine !== undefined ? `the file ends in the middle of line ${cutLine} (no line ending)` : this.cutBeforeClass() ? 'the file ends inside an entry (it has no objectClass line)' : undefined;
      if (why !== undefined) {
        const start = this.lines[0]!.line;
        this.lines = [];
        this.onPartial(`${this.source}:${cutLine ?? this.lineNo}: ${why}: the entry at line ${start} was left out; the file looks cut short`);
        return;
      }
    }
    this.endRecord();
  }

  /**
   * The last entry (not followed by a blank line) has neither changetype nor objectClass while the
   * entries before it had an objectClass: it was cut before that line.
   */
  private cutBeforeClass(): boolean {
    const lines = this.firstRecord && this.lines[0]?.base === 'version' ? this.lines.slice(1) : this.lines;
    return this.classSeen && lines.length > 0 && !lines.some((l) => l.base === 'objectclass' || l.base === 'changetype');
  }

  take(): LdifRecord[] {
    const out = this.ready;
    this.ready = [];
    return out;
  }

  private fail(line: number, why: string): never {
    throw new CloudsyncError('input', `${this.source}:${line}: ${why}`);
  }

  private physical(data: string, start: number, end: number): void {
    this.lineNo++;
    if (end > start && data.charCodeAt(end - 1) === CR) end--;
    if (this.lineNo === 1 && data.startsWith(BOM, start)) start += 3;
    if (start === end) {
      this.endLogical();
      this.endRecord();
      return;
    }
    const first = data.charCodeAt(start);
    if (first === SPACE) {
      if (this.inComment) return;
      if (this.pending !== undefined) {
        this.pending += data.slice(start + 1, end);
        return;
      }
      // Only spaces where a record could start: treat as a blank line.
      if (data.slice(start, end).trim() === '') {
        this.endRecord();
        return;
      }
      this.fail(this.lineNo, 'a continuation line (starting with a space) has no line to continue');
    }
    this.endLogical();
    if (first === HASH) {
      this.inComment = true;
      return;
    }
    this.pending = data.slice(start, end);
    this.pendingLine = this.lineNo;
  }

  private endLogical(): void {
    this.inComment = false;
    if (this.pending === undefined) return;
    const text = this.pending;
    this.pending = undefined;
    this.lines.push(this.parseLine(text, this.pendingLine));
  }

  /** Lower-case base name (options dropped) of a valid attribute description. */
  private baseName(name: string, line: number): string {
    // Exports repeat one attribute order per entry: the name at this position last time is the
    // likeliest match, and a string comparison is cheaper than hashing a fresh slice.
    const position = this.lines.length;
    const recent = this.recent[position];
    if (recent !== undefined && recent[0] === name) return recent[1];
    const base = this.lookupBaseName(name, line);
    if (position < NAME_CACHE_LIMIT) this.recent[position] = [name, base];
    return base;
  }

  private lookupBaseName(name: string, line: number): string {
    const cached = this.names.get(name);
    if (cached !== undefined) return cached;
    if (!ATTRIBUTE_NAME.test(name)) this.fail(line, `bad attribute name "${echo(utf8(name), 60)}"`);
    const semi = name.indexOf(';');
    const base = (semi === -1 ? name : name.slice(0, semi)).toLowerCase();
    if (this.names.size < NAME_CACHE_LIMIT) this.names.set(name, base);
    return base;
  }

  private parseLine(text: string, line: number): LdifLine {
    const colon = text.indexOf(':');
    if (colon === -1) {
      const shown = utf8(text).trim();
      if (shown === SEPARATOR) return { name: SEPARATOR, base: SEPARATOR, value: '', line };
      this.fail(line, `expected "name: value", got "${echo(shown, 40)}"`);
    }
    const name = text.slice(0, colon);
    const base = this.baseName(name, line);
    let at = colon + 1;
    const marker = text.charCodeAt(at);
    if (marker === LESS) {
      this.fail(line, 'URL values ("attr:< …") are not supported; inline the value');
    }
    if (marker === COLON) {
      let b64 = text.slice(at + 1).trim();
      if (b64.includes(' ')) b64 = b64.replace(/ +/g, '');
      if (!BASE64.test(b64) || b64.length % 4 === 1) this.fail(line, `"${echo(utf8(name), 60)}::" is not valid base64`);
      const bytes = Buffer.from(b64, 'base64');
      const value = BINARY_ATTRIBUTES.has(base) || !isUtf8(bytes) ? bytes : bytes.toString('utf8');
      return { name, base, value, line };
    }
    while (text.charCodeAt(at) === SPACE) at++;
    return { name, base, value: utf8(at === 0 ? text : text.slice(at)), line };
  }

  private endRecord(): void {
    const lines = this.lines;
    if (lines.length === 0) return;
    this.lines = [];
    if (this.firstRecord && lines[0]!.base === 'version') {
      const version = lines.shift()!;
      if (asText(version.value).trim() !== '1') this.fail(version.line, `unsupported LDIF version "${echo(asText(version.value), 20)}"; expected 1`);
    }
    if (lines.length === 0) return;
    this.firstRecord = false;
    if (!this.classSeen && lines.some((l) => l.base === 'objectclass')) this.classSeen = true;
    this.ready.push(this.record(lines));
  }

  private record(lines: LdifLine[]): LdifRecord {
    const head = lines[0]!;
    if (head.base !== 'dn' || head.name.includes(';')) {
      this.fail(head.line, `expected "dn:" to start a record, got "${echo(utf8(head.name), 60)}:" (records are separated by a blank line)`);
    }
    const dn = asText(head.value);
    const line = head.line;
    let k = 1;
    while (lines[k]?.base === 'control') k++; // controls only matter to a server applying the change
    const next = lines[k];
    if (next?.base !== 'changetype') {
      return { kind: 'content', dn, line, attributes: this.attributes(lines.slice(1)) };
    }
    const type = asText(next.value).trim().toLowerCase();
    const rest = lines.slice(k + 1);
    switch (type) {
      case 'add':
        return { kind: 'add', dn, line, attributes: this.attributes(rest) };
      case 'delete':
        if (rest.length > 0) this.fail(rest[0]!.line, 'a "changetype: delete" record takes no further lines');
        return { kind: 'delete', dn, line };
      case 'modify':
        return { kind: 'modify', dn, line, modifications: this.modifications(rest) };
      case 'modrdn':
      case 'moddn':
        return { kind: 'modrdn', dn, line, ...this.modrdn(rest, line) };
      default:
        return this.fail(next.line, `unknown changetype "${echo(type, 40)}"; expected add, delete, modify, modrdn or moddn`);
    }
  }

  private checkAttribute(l: LdifLine): void {
    if (l.base === 'dn') this.fail(l.line, 'a second "dn:" line in one record; separate records with a blank line');
    if (l.base === 'changetype') this.fail(l.line, '"changetype:" must come right after the "dn:" line');
    if (l.base === SEPARATOR) this.fail(l.line, 'unexpected "-" outside a modify record');
  }

  private attributes(lines: LdifLine[]): LdifAttribute[] {
    return lines.map((l) => {
      this.checkAttribute(l);
      return [l.base, l.value];
    });
  }

  private modifications(lines: LdifLine[]): Modification[] {
    const out: Modification[] = [];
    let k = 0;
    while (k < lines.length) {
      const op = lines[k]!;
      if (op.base !== 'add' && op.base !== 'delete' && op.base !== 'replace') {
        const hint = op.base === 'increment' ? '"increment:" is not supported' : `expected "add:", "delete:" or "replace:", got "${echo(utf8(op.name), 60)}:"`;
        this.fail(op.line, hint);
      }
      const attribute = asText(op.value).trim();
      if (!ATTRIBUTE_NAME.test(attribute)) this.fail(op.line, `bad attribute name "${echo(attribute, 60)}" after "${op.base}:"`);
      const base = attribute.split(';')[0]!.toLowerCase();
      const values: AttributeValue[] = [];
      k++;
      for (; k < lines.length && lines[k]!.base !== SEPARATOR; k++) {
        const v = lines[k]!;
        if (v.base !== base) this.fail(v.line, `expected "${attribute}:" values or "-" to end the "${op.base}: ${attribute}" block, got "${echo(utf8(v.name), 60)}:"`);
        values.push(v.value);
      }
      k++; // the "-" (optional after the last block)
      out.push({ operation: op.base, attribute, values });
    }
    return out;
  }

  private modrdn(lines: LdifLine[], line: number): { newRdn: string; deleteOldRdn: boolean; newSuperior?: string } {
    let newRdn: string | undefined;
    let deleteOldRdn: boolean | undefined;
    let newSuperior: string | undefined;
    for (const l of lines) {
      const value = asText(l.value).trim();
      if (l.base === 'newrdn') newRdn = value;
      else if (l.base === 'deleteoldrdn') {
        if (value !== '0' && value !== '1') this.fail(l.line, `"deleteoldrdn:" must be 0 or 1, got "${echo(value, 20)}"`);
        deleteOldRdn = value === '1';
      } else if (l.base === 'newsuperior') newSuperior = value;
      else this.fail(l.line, `unexpected "${echo(utf8(l.name), 60)}:" in a modrdn record`);
    }
    if (newRdn === undefined) this.fail(line, 'a modrdn record needs a "newrdn:" line');
    if (deleteOldRdn === undefined) this.fail(line, 'a modrdn record needs a "deleteoldrdn:" line');
    return newSuperior === undefined ? { newRdn, deleteOldRdn } : { newRdn, deleteOldRdn, newSuperior };
  }
}

/** A latin1 (byte) string read as UTF-8. */
function utf8(bytes: string): string {
  return NON_ASCII.test(bytes) ? Buffer.from(bytes, 'latin1').toString('utf8') : bytes;
}

function asText(v: AttributeValue): string {
  return typeof v === 'string' ? v : v.toString('utf8');
}
