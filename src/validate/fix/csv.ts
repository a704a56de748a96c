/**
 * Reads a findings CSV whose ACTION column the user filled in: the file `cloudsync validate
 * --output csv` writes (RFC 4180), or one IdFix exported (it quotes only fields that contain a
 * comma and never doubles embedded quotes; csv-parse's relax_quotes reads that).
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { CloudsyncError } from '../../errors.js';
import { echo } from '../../util/echo.js';

/** One CSV row; `line` is the file line the row starts on (the header is line 1). */
export interface FixRow {
  line: number;
  dn: string;
  cn: string;
  objectClass: string;
  attribute: string;
  error: string;
  value: string;
  update: string;
  proposedAction: string;
  /**
   * '', 'EDIT', 'REMOVE', 'COMPLETE', 'UNDO' or 'FAIL', upper-cased: the file's ACTION is read
   * ignoring case and surrounding spaces (IdFix would drop `Edit` silently).
   */
  action: string;
}

/** CSV header (upper-cased) → FixRow field. */
const COLUMNS = {
  DISTINGUISHEDNAME: 'dn',
  COMMONNAME: 'cn',
  OBJECTCLASS: 'objectClass',
  ATTRIBUTE: 'attribute',
  ERROR: 'error',
  VALUE: 'value',
  UPDATE: 'update',
  PROPOSEDACTION: 'proposedAction',
  ACTION: 'action',
} as const satisfies Record<string, keyof Omit<FixRow, 'line'>>;
type Column = keyof typeof COLUMNS;

/** Without these a row cannot be applied; the others are informational and may be absent. */
const REQUIRED: readonly Column[] = ['DISTINGUISHEDNAME', 'ATTRIBUTE', 'VALUE', 'UPDATE', 'ACTION'];

export const ACTIONS = ['EDIT', 'REMOVE', 'COMPLETE', 'UNDO', 'FAIL'] as const;

/**
 * Reads and checks every row; throws CloudsyncError('input') naming the file and line for a
 * missing column, a row with the wrong number of fields, or an unknown ACTION.
 *
 * Differences from IdFix's import, on purpose: ACTION is compared ignoring case and surrounding
 * spaces (IdFix silently drops anything but exact upper case); every other value is kept exactly,
 * spaces included (IdFix trims them, which would turn a refused row into a wrong edit); extra
 * columns are ignored; rows keep file order (IdFix re-sorts by DN).
 */
export async function readFixRows(path: string): Promise<FixRow[]> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new CloudsyncError('input', `${path}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? String(e)})`, { cause: e });
  }
  return parseFixRows(bytes, path);
}

/** The parsing half of readFixRows (exported for tests and for callers holding the bytes). */
export function parseFixRows(bytes: Buffer, source: string): FixRow[] {
  checkUtf8(bytes, source);
  let records: { record: string[]; info: { bytes: number } }[];
  try {
    // With `info`, each record comes as { record, info } (the typings only know plain rows).
    records = parse(bytes, {
      bom: true,
      delimiter: headerDelimiter(bytes),
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as typeof records;
  } catch (e) {
    throw new CloudsyncError('input', `${source}: not a readable CSV file (${echo((e as Error).message, 160)})`, { cause: e });
  }
  const header = records[0];
  if (!header) throw new CloudsyncError('input', `${source}: empty file (expected the header ${Object.keys(COLUMNS).join(',')})`);

  const index = new Map<Column, number>();
  header.record.forEach((name, i) => {
    const key = name.trim().toUpperCase();
    if (!(key in COLUMNS)) return; // extra columns (notes, …) are the user's business
    if (index.has(key as Column)) throw new CloudsyncError('input', `${source}: column ${echo(key, 40)} appears twice`);
    index.set(key as Column, i);
  });
  for (const c of REQUIRED) if (!index.has(c)) throw new CloudsyncError('input', `${source}: missing column ${c}`);

  const lines = lineLocator(bytes);
  const rows: FixRow[] = [];
  let start = header.info.bytes;
  for (const { record, info } of records.slice(1)) {
    const line = lines(start);
    start = info.bytes;
    if (record.every((f) => f === '')) continue; // spreadsheet programs leave rows of bare commas
    if (record.length !== header.record.length) {
      throw new CloudsyncError(
        'input',
        `${source} line ${line}: ${record.length} fields but the header has ${header.record.length} (a value with a comma, quote or line break is not quoted properly)`,
      );
    }
    const get = (c: Column): string => {
      const i = index.get(c);
      return i === undefined ? '' : (record[i] ?? '');
    };
    const action = get('ACTION').trim().toUpperCase();
    if (action !== '' && !(ACTIONS as readonly string[]).includes(action)) {
      throw new CloudsyncError(
        'input',
        `${source} line ${line}: unknown ACTION '${echo(get('ACTION'), 40)}' (use EDIT, REMOVE or COMPLETE, or leave it empty)`,
      );
    }
    rows.push({
      line,
      dn: get('DISTINGUISHEDNAME'),
      cn: get('COMMONNAME'),
      objectClass: get('OBJECTCLASS'),
      attribute: get('ATTRIBUTE'),
      error: get('ERROR'),
      value: get('VALUE'),
      update: get('UPDATE'),
      proposedAction: get('PROPOSEDACTION'),
      action,
    });
  }
  return rows;
}

/**
 * The file must be UTF-8 (with or without a byte-order mark). A spreadsheet saved as "CSV (Comma
 * delimited)" is in the ANSI code page (Windows-1252 in western Europe): `Carl Økonom` arrives as
 * the byte 0xD8, which is not UTF-8. Guessing the code page would edit AD with wrong characters,
 * so the file is refused with how to save it.
 */
function checkUtf8(bytes: Buffer, source: string): void {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let start = 0;
  for (let line = 1; start < bytes.length; line++) {
    const nl = bytes.indexOf(0x0a, start);
    const end = nl < 0 ? bytes.length : nl + 1;
    try {
      decoder.decode(bytes.subarray(start, end));
    } catch {
      const utf16 = line === 1 && bytes[0] === 0xff && bytes[1] === 0xfe;
      throw new CloudsyncError(
        'input',
        `${source}${utf16 ? '' : ` line ${line}`}: not UTF-8 (${utf16 ? 'UTF-16' : 'saved as ANSI/Windows-1252?'}); save it as "CSV UTF-8 (Comma delimited)" in Excel, or as UTF-8 in your editor`,
      );
    }
    start = end;
  }
}

/**
 * The separator the header line uses: a comma, or the semicolon Excel writes where the decimal
 * separator is a comma (de-DE, fr-FR, …), or a tab. The header's column names contain none of them.
 */
function headerDelimiter(bytes: Buffer): string {
  const nl = bytes.indexOf(0x0a);
  const header = bytes.subarray(0, nl < 0 ? bytes.length : nl).toString('utf8');
  const count = (c: string): number => header.split(c).length - 1;
  const [best] = [',', ';', '\t'].sort((a, b) => count(b) - count(a));
  return best !== undefined && count(best) > 0 ? best : ',';
}

/**
 * Maps a byte offset where a record ends to the line the next record starts on. csv-parse's own
 * line count is off for CRLF inside quoted fields, so lines are counted here from the bytes.
 */
function lineLocator(bytes: Buffer): (recordStart: number) => number {
  let offset = 0;
  let line = 1;
  return (recordStart) => {
    // Skip the previous record's delimiter and any empty lines csv-parse skipped.
    while (recordStart < bytes.length && (bytes[recordStart] === 0x0a || bytes[recordStart] === 0x0d)) recordStart++;
    for (; offset < recordStart; offset++) {
      const b = bytes[offset];
      if (b === 0x0a || (b === 0x0d && bytes[offset + 1] !== 0x0a)) line++;
    }
    return line;
  };
}
