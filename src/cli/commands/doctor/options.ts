import { z } from 'zod';
import type { Context } from '../../context.js';
import type { EntraCliFlags } from '../../entra.js';
import { parseFlags, type Parsed } from '../../options/parse.js';
import type { ConnectionFlags } from '../../source.js';

export interface DoctorFlags extends ConnectionFlags, EntraCliFlags {
  ad?: boolean;
  entra?: boolean;
  agentEndpoints?: boolean;
}

const schema = z.object({
  ad: z.boolean().default(true),
  entra: z.boolean().default(true),
  /** undefined: only when the authority is Microsoft's public cloud. */
  agentEndpoints: z.boolean().optional(),
  /** AD is checked when an LDAP URL is configured (flag, environment or config file). */
  ldapConfigured: z.boolean(),
});

export type DoctorOptions = Parsed<DoctorFlags, z.output<typeof schema>>;

export async function doctorOptions(ctx: Context, flags: DoctorFlags): Promise<DoctorOptions> {
  const ldapConfigured = flags.url !== undefined || !!ctx.io.env.CLOUDSYNC_LDAP_URL || !!ctx.config.ldap?.url;
  return parseFlags(schema, flags, { ...flags, ldapConfigured });
}
