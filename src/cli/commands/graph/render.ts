/**
 * Generic rendering of Graph answers for `cloudsync graph`: a collection as a table (or CSV) of
 * its items' scalar properties, one object as Property / Value rows (CSV: PROPERTY,VALUE); JSON
 * as Graph sent it; NDJSON one item a line.
 */
import type { Page } from '../../../tenant/graph-request.js';
import { toCsv } from '../../output/csv.js';
import { emit, type EmitOptions } from '../../output/emit.js';
import { renderTable } from '../../output/table.js';

type Row = Record<string, unknown>;

const isScalar = (v: unknown): boolean => v === null || ['string', 'number', 'boolean'].includes(typeof v);
const isRow = (v: unknown): v is Row => typeof v === 'object' && v !== null && !Array.isArray(v);

/** --all: every item of the collection (NDJSON is streamed by the command as pages arrive). */
export function renderItems(items: readonly unknown[], o: EmitOptions): string {
  return emit({ rows: items, csv: itemsCsv, table: (all) => itemsTable(all, { color: o.paint.enabled, width: o.width }) }, o);
}

/** One answer: a page of a collection (its items), or one object. JSON is the answer as it came. */
export function renderAnswer(res: unknown, page: Page | undefined, o: EmitOptions): string {
  const table = { color: o.paint.enabled, width: o.width };
  if (page) return emit({ rows: page.value ?? [], json: res, csv: itemsCsv, table: (all) => itemsTable(all, table) }, o);
  return emit({ rows: [res], json: res, csv: () => objectCsv(res), table: () => objectTable(res, table) }, o);
}

/** Columns: the scalar (or list-of-scalars) properties of the items, in order of first appearance; @odata.* left out. */
export function scalarColumns(items: readonly unknown[]): string[] {
  const cols = new Set<string>();
  for (const item of items) {
    if (!isRow(item)) continue;
    for (const [k, v] of Object.entries(item)) {
      if (k.startsWith('@odata.')) continue;
      if (isScalar(v) || (Array.isArray(v) && v.every(isScalar))) cols.add(k);
    }
  }
  return [...cols];
}

export function cell(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v) && v.every(isScalar)) return v.map((x) => cell(x)).join('; ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function itemRows(items: readonly unknown[], valueHeader: string): { header: string[]; rows: string[][] } {
  const cols = scalarColumns(items);
  if (cols.length === 0) return { header: [valueHeader], rows: items.map((i) => [cell(i)]) };
  return { header: cols, rows: items.map((i) => (isRow(i) ? cols.map((c) => cell(i[c])) : [cell(i), ...cols.slice(1).map(() => '')])) };
}

export function itemsTable(items: readonly unknown[], o: { color: boolean; width?: number | undefined }): string {
  if (items.length === 0) return '(no items)\n';
  const { header, rows } = itemRows(items, 'Value');
  return renderTable(header, rows, { color: o.color, ...(o.width !== undefined ? { width: o.width } : {}) });
}

export function itemsCsv(items: readonly unknown[]): string {
  const { header, rows } = itemRows(items, 'VALUE');
  return toCsv(header, rows);
}

/** An object's properties without @odata.* annotations (left out of collection tables too). */
const objectEntries = (obj: Row): Array<[string, unknown]> => Object.entries(obj).filter(([k]) => !k.startsWith('@odata.'));

/** One object: every property on its own row (nested values as compact JSON). */
export function objectTable(obj: unknown, o: { color: boolean; width?: number | undefined }): string {
  if (!isRow(obj)) return `${cell(obj)}\n`;
  return renderTable(['Property', 'Value'], objectEntries(obj).map(([k, v]) => [k, cell(v)]), { color: o.color, weights: [1, 3], ...(o.width !== undefined ? { width: o.width } : {}) });
}

export function objectCsv(obj: unknown): string {
  return isRow(obj) ? toCsv(['PROPERTY', 'VALUE'], objectEntries(obj).map(([k, v]) => [k, cell(v)])) : toCsv(['VALUE'], [[cell(obj)]]);
}

/** What a write will send (the token is added by the Graph client and never shown). */
export function preview(method: string, url: string, headers: Record<string, string>, body: unknown): string {
  const lines = [`${method} ${url}`];
  for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
  if (body !== undefined) lines.push('Content-Type: application/json', '', JSON.stringify(body, null, 2));
  return lines.join('\n');
}
