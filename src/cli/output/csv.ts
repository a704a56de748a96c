import { stringify } from 'csv-stringify/sync';

/** RFC 4180 CSV: CRLF records, fields quoted when they contain a comma, quote, CR or LF. */
export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly (string | number | undefined)[]>): string {
  return stringify([header as string[], ...rows.map((r) => r.map((v) => (v === undefined ? '' : String(v))))], {
    record_delimiter: 'windows',
  });
}
