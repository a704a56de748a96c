import { CloudsyncError } from '../../errors.js';

export type OutputFormat = 'table' | 'json' | 'csv' | 'ndjson' | 'markdown';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'json', 'csv', 'ndjson', 'markdown'];

/** The commands that write `--output markdown` (GitHub step summaries, PR comments). */
export const MARKDOWN_COMMANDS: readonly string[] = ['validate', 'sync', 'test-user', 'logs show', 'job status'];

/** `command` is the command's path ("logs show"): markdown is refused, in one line, by the others. */
export function parseOutputFormat(v: string | undefined, fallback: OutputFormat = 'table', command?: string): OutputFormat {
  if (v === undefined) return fallback;
  const f = v.toLowerCase() === 'md' ? 'markdown' : v.toLowerCase();
  if (f === 'markdown' && command !== undefined && !MARKDOWN_COMMANDS.includes(command)) {
    throw new CloudsyncError('usage', `${command} has no markdown output: use table, json, csv or ndjson (markdown: ${MARKDOWN_COMMANDS.join(', ')})`);
  }
  if ((OUTPUT_FORMATS as readonly string[]).includes(f)) return f as OutputFormat;
  throw new CloudsyncError('usage', `unknown output format "${v}": use table, json, csv, ndjson or markdown (md)`);
}

/** JSON with a trailing newline; Buffers never reach here (renderers convert them first). */
export function jsonLine(value: unknown, pretty = false): string {
  return JSON.stringify(value, null, pretty ? 2 : undefined) + '\n';
}
