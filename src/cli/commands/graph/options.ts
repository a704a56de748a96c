import { z } from 'zod';
import type { EntraSettings } from '../../../config/entra.js';
import { parseHeaders, parseMethod, resolveGraphPath } from '../../../tenant/graph-request.js';
import type { Context } from '../../context.js';
import type { EntraCliFlags } from '../../entra.js';
import { fail, via } from '../../options/coerce.js';
import { parseFlags, type Parsed } from '../../options/parse.js';
import { requireTenant } from '../../tenant.js';

export interface GraphFlags extends EntraCliFlags {
  body?: string;
  header?: string[];
  all?: boolean;
  beta?: boolean;
  yes?: boolean;
}

/**
 * Everything that can be checked before signing in, in this order: the method; the tenant (its
 * Graph endpoint, which an absolute URL must be on); the path; the headers; --all only with GET;
 * --body only with a write. The body itself (text, a file or stdin) is read when the command runs.
 */
function graphSchema(ctx: Context, flags: EntraCliFlags) {
  return z
    .object({
      method: z.string().transform(via(parseMethod)),
      path: z.string(),
      body: z.string().optional(),
      header: z.array(z.string()).optional(),
      all: z.boolean().default(false),
      beta: z.boolean().default(false),
      yes: z.boolean().default(false),
    })
    .transform(async (o, zctx) => {
      const settings: EntraSettings = await requireTenant(ctx, flags);
      const path = via((p: string) => resolveGraphPath(p, settings.graphEndpoint, { beta: o.beta }))(o.path, zctx);
      const headers = via(parseHeaders)(o.header, zctx);
      if (o.all && o.method !== 'GET') fail(zctx, '--all follows the pages of a GET: drop it for a write');
      if (o.body !== undefined && (o.method === 'GET' || o.method === 'DELETE')) fail(zctx, `${o.method} takes no --body`);
      return { ...o, path, headers, settings };
    });
}

export type GraphOptions = Parsed<GraphFlags, z.output<ReturnType<typeof graphSchema>>>;

export async function graphOptions(ctx: Context, flags: GraphFlags, method: string, path: string): Promise<GraphOptions> {
  return parseFlags(graphSchema(ctx, flags), flags, { ...flags, method, path });
}
