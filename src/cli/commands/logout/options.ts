import { z } from 'zod';
import type { Context } from '../../context.js';
import type { EntraCliFlags } from '../../entra.js';
import { parseFlags, type Parsed } from '../../options/parse.js';

/** Which sign-in to forget: the tenant of the flags or environment, else the "common" authority's cache. */
const schema = z.object({ tenantId: z.string().default('common') });

export type LogoutOptions = Parsed<EntraCliFlags, z.output<typeof schema>>;

export async function logoutOptions(ctx: Context, flags: EntraCliFlags): Promise<LogoutOptions> {
  return parseFlags(schema, flags, { ...flags, tenantId: flags.tenantId ?? ctx.io.env.AZURE_TENANT_ID });
}
