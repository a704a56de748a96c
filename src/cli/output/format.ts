import { CloudsyncError } from '../../errors.js';

export type OutputFormat = 'table' | 'json' | 'csv' | 'ndjson';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'json', 'csv', 'ndjson'];

export function parseOutputFormat(v: string | undefined, fallback: OutputFormat = 'table'): OutputFormat {
  if (v === undefined) return fallback;
  const f = v.toLowerCase();
  if ((OUTPUT_FORMATS as readonly string[]).includes(f)) return f as OutputFormat;
  throw new CloudsyncError('usage', `unknown output format "${v}": use table, json, csv or ndjson`);
}

/** JSON with a trailing newline; Buffers never reach here (renderers convert them first). */
export function jsonLine(value: unknown, pretty = false): string {
  return JSON.stringify(value, null, pretty ? 2 : undefined) + '\n';
}
