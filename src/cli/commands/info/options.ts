import { z } from 'zod';
import type { Context } from '../../context.js';
import type { EntraCliFlags } from '../../entra.js';
import { parseFlags, type Parsed } from '../../options/parse.js';

/** `info` has only the Entra sign-in flags (resolved when the tenant is opened). */
const schema = z.object({});

export type InfoOptions = Parsed<EntraCliFlags, z.output<typeof schema>>;

export async function infoOptions(_ctx: Context, flags: EntraCliFlags): Promise<InfoOptions> {
  return parseFlags(schema, flags);
}
