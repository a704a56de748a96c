/**
 * `cloudsync graph <METHOD> <path>`: any Graph request with the configured sign-in and the Graph
 * client's retries (429 with Retry-After, 503, 504). Everything that can be checked is checked
 * before signing in (method, path and host, headers, body). A write shows what it will send and
 * goes out only with --yes or a "yes" typed at a terminal; otherwise exit 4, nothing sent.
 */
import { readFile } from 'node:fs/promises';
import { CloudsyncError } from '../../errors.js';
import type { Context } from '../context.js';
import { entraSettingsFor, openEntra, type EntraCliFlags } from '../entra.js';
import { EXIT } from '../output/exit-codes.js';
import { jsonLine } from '../output/format.js';
import { itemsCsv, itemsTable, objectCsv, objectTable } from '../output/graph.js';
import { confirm } from '../prompt.js';

export interface GraphFlags extends EntraCliFlags {
  body?: string;
  header?: string[];
  all?: boolean;
  beta?: boolean;
  yes?: boolean;
}

export async function runGraph(ctx: Context, flags: GraphFlags, methodArg: string, pathArg: string): Promise<number> {
  const g = await import('../../tenant/graph-request.js');
  const method = g.parseMethod(methodArg);
  const settings = await entraSettingsFor(ctx, flags);
  if (settings === undefined) {
    throw new CloudsyncError('config', 'no Entra tenant configured: set AZURE_TENANT_ID (or --tenant-id, or entra.tenantId in the config file) and credentials (docs/authentication.md)');
  }
  const path = g.resolveGraphPath(pathArg, settings.graphEndpoint, { beta: flags.beta === true });
  const headers = g.parseHeaders(flags.header);
  if (flags.all === true && method !== 'GET') throw new CloudsyncError('usage', '--all follows the pages of a GET: drop it for a write');
  let body: unknown;
  if (flags.body !== undefined) {
    if (method === 'GET' || method === 'DELETE') throw new CloudsyncError('usage', `${method} takes no --body`);
    body = g.parseJsonBody(await bodyText(flags.body, () => ctx.io.readStdin()), flags.body.startsWith('@') ? flags.body.slice(1) : '--body');
  }

  if (g.isWrite(method)) {
    ctx.info(preview(method, `${settings.graphEndpoint}${path}`, headers, body));
    if (flags.yes !== true) {
      const interactive = ctx.io.stdinIsTty && ctx.io.stderrIsTty;
      if (!interactive) {
        ctx.warn('not sent: a write needs --yes (no terminal to confirm on)');
        return EXIT.findings;
      }
      if (!(await confirm(`Send this ${method} to ${settings.graphEndpoint}?`))) {
        ctx.info('not sent');
        return EXIT.findings;
      }
    }
  }

  const client = await openEntra(ctx, settings);
  const send = Object.keys(headers).length > 0 ? headers : undefined;
  const width = ctx.format === 'table' && ctx.io.stdoutIsTty ? (ctx.io.columns ?? 120) : undefined;
  const tableOpts = { color: ctx.paint.enabled, ...(width !== undefined ? { width } : {}) };

  if (flags.all === true) {
    const items: unknown[] = [];
    let count = 0;
    for await (const item of g.allItems(client, path, settings.graphEndpoint, send)) {
      count++;
      if (ctx.format === 'ndjson') ctx.io.out(jsonLine(item));
      else items.push(item);
    }
    if (ctx.format === 'json') ctx.io.out(jsonLine(items, true));
    else if (ctx.format === 'csv') ctx.io.out(itemsCsv(items));
    else if (ctx.format === 'table') ctx.io.out(itemsTable(items, tableOpts));
    if (ctx.format === 'table') ctx.info(`${count} item(s)`);
    return EXIT.ok;
  }

  const res = await client.request<unknown>(method, path, body, send);
  if (res === undefined || res === null || res === '') {
    if (ctx.format === 'table') ctx.info(`${method} ${path}: done (no content)`);
    return EXIT.ok;
  }
  if (typeof res === 'string') {
    ctx.io.out(res.endsWith('\n') ? res : `${res}\n`);
    return EXIT.ok;
  }
  if (typeof Blob !== 'undefined' && res instanceof Blob) {
    ctx.warn(`binary answer (${res.size} bytes, ${res.type || 'no type'}) not shown`);
    return EXIT.ok;
  }
  const page = g.isPage(res) ? res : undefined;
  switch (ctx.format) {
    case 'json':
      ctx.io.out(jsonLine(res, true));
      break;
    case 'ndjson':
      ctx.io.out(page ? page.value.map((i) => jsonLine(i)).join('') : jsonLine(res));
      break;
    case 'csv':
      ctx.io.out(page ? itemsCsv(page.value) : objectCsv(res));
      break;
    case 'table':
      ctx.io.out(page ? itemsTable(page.value, tableOpts) : objectTable(res, tableOpts));
  }
  if (page?.['@odata.nextLink'] !== undefined && ctx.format !== 'json') ctx.info('more items on further pages: add --all to read them all (-o json shows @odata.nextLink)');
  return EXIT.ok;
}

async function bodyText(arg: string, readStdin: () => Promise<Buffer>): Promise<string> {
  if (!arg.startsWith('@')) return arg;
  const file = arg.slice(1);
  if (file === '-') return (await readStdin()).toString('utf8');
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    throw new CloudsyncError('input', `cannot read the body file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** What a write will send (the token is added by the Graph client and never shown). */
export function preview(method: string, url: string, headers: Record<string, string>, body: unknown): string {
  const lines = [`${method} ${url}`];
  for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
  if (body !== undefined) lines.push('Content-Type: application/json', '', JSON.stringify(body, null, 2));
  return lines.join('\n');
}
