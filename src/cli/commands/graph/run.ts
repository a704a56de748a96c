/**
 * `cloudsync graph <METHOD> <path>`: any Graph request with the configured sign-in and the Graph
 * client's retries (429 with Retry-After, 503, 504). Everything that can be checked is checked
 * before signing in (method, path and host, headers, body). A write shows what it will send and
 * goes out only with --yes or a "yes" typed at a terminal; otherwise exit 4, nothing sent.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CloudsyncError } from '../../../errors.js';
import { confirmChange } from '../../confirm.js';
import type { Context } from '../../context.js';
import { openEntra } from '../../entra.js';
import { emitOptions } from '../../output/emit.js';
import { EXIT } from '../../output/exit-codes.js';
import { jsonLine } from '../../output/format.js';
import { graphOptions, type GraphFlags } from './options.js';
import { preview, renderAnswer, renderItems } from './render.js';

export async function runGraph(ctx: Context, flags: GraphFlags, methodArg: string, pathArg: string): Promise<number> {
  const o = await graphOptions(ctx, flags, methodArg, pathArg);
  const g = await import('../../../tenant/graph-request.js');
  const { method, path, headers, settings } = o;
  const body = o.body !== undefined ? g.parseJsonBody(await bodyText(ctx, o.body), o.body.startsWith('@') ? o.body.slice(1) : '--body') : undefined;

  if (g.isWrite(method)) {
    ctx.info(preview(method, `${settings.graphEndpoint}${path}`, headers, body));
    const answer = await confirmChange(ctx, o.yes, `Send this ${method} to ${settings.graphEndpoint}?`, 'a write');
    if (answer !== 'yes') {
      if (answer === 'no') ctx.info('not sent');
      return EXIT.findings;
    }
  }

  const client = await openEntra(ctx, settings);
  const send = Object.keys(headers).length > 0 ? headers : undefined;
  const emit = emitOptions(ctx);

  if (o.all) {
    const items: unknown[] = [];
    let count = 0;
    for await (const item of g.allItems(client, path, settings.graphEndpoint, send)) {
      count++;
      // NDJSON streams: each item as its page arrives.
      if (ctx.format === 'ndjson') ctx.io.out(jsonLine(item));
      else items.push(item);
    }
    if (ctx.format !== 'ndjson') ctx.io.out(renderItems(items, emit));
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
  ctx.io.out(renderAnswer(res, page, emit));
  if (page?.['@odata.nextLink'] !== undefined && ctx.format !== 'json') ctx.info('more items on further pages: add --all to read them all (-o json shows @odata.nextLink)');
  return EXIT.ok;
}

/** --body: JSON text, @file, or @- for stdin. */
async function bodyText(ctx: Context, arg: string): Promise<string> {
  if (!arg.startsWith('@')) return arg;
  const file = arg.slice(1);
  if (file === '-') return (await ctx.io.readStdin()).toString('utf8');
  try {
    return await readFile(resolve(ctx.io.cwd, file), 'utf8');
  } catch (e) {
    throw new CloudsyncError('input', `cannot read the body file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
