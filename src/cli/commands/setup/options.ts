import { z } from 'zod';
import type { Context } from '../../context.js';
import type { EntraCliFlags } from '../../entra.js';
import { parseFlags, type Parsed } from '../../options/parse.js';

export interface SetupFlags extends EntraCliFlags {
  extensionAppId?: string;
  yes?: boolean;
}

/** The flag over the config file's entra.extensionAppId. */
const schema = z.object({ extensionAppId: z.string().trim().min(1).optional(), yes: z.boolean().optional() });

export type SetupOptions = Parsed<SetupFlags, z.output<typeof schema>>;

export async function setupOptions(ctx: Context, flags: SetupFlags): Promise<SetupOptions> {
  const extensionAppId = flags.extensionAppId ?? ctx.config.entra?.extensionAppId;
  return parseFlags(schema, flags, { ...(extensionAppId !== undefined ? { extensionAppId } : {}), ...(flags.yes === true ? { yes: true } : {}) });
}
