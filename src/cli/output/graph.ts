import { toCsv } from './csv.js';
import { renderTable } from './table.js';

/**
 * Generic rendering of Graph answers for `cloudsync graph`: a collection as a table (or CSV) of
 * its items' scalar properties, one object as Property / Value rows (CSV: PROPERTY,VALUE).
 */
type Row = Record<string, unknown>;

const isScalar = (v: unknown): boolean => v === null || ['string', 'number', 'boolean'].includes(typeof v);
const isRow = (v: unknown): v is Row => typeof v === 'object' && v !== null && !Array.isArray(v);

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

export function itemsTable(items: readonly unknown[], o: { color: boolean; width?: number }): string {
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
export function objectTable(obj: unknown, o: { color: boolean; width?: number }): string {
  if (!isRow(obj)) return `${cell(obj)}\n`;
  return renderTable(['Property', 'Value'], objectEntries(obj).map(([k, v]) => [k, cell(v)]), { color: o.color, weights: [1, 3], ...(o.width !== undefined ? { width: o.width } : {}) });
}

export function objectCsv(obj: unknown): string {
  return isRow(obj) ? toCsv(['PROPERTY', 'VALUE'], objectEntries(obj).map(([k, v]) => [k, cell(v)])) : toCsv(['VALUE'], [[cell(obj)]]);
}
