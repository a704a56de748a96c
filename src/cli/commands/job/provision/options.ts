import { z } from 'zod';
import { MAX_GROUP_MEMBERS, type ProvisionObjectType } from '../../../../cloud-sync/provision.js';
import { parseDn } from '../../../../directory/dn.js';
import type { Context } from '../../../context.js';
import { fail, via } from '../../../options/coerce.js';
import { parseFlags, type Parsed } from '../../../options/parse.js';
import type { ConnectionFlags } from '../../../source.js';
import { jobFields, type JobFlags } from '../options.js';

export interface ProvisionFlags extends JobFlags, ConnectionFlags {
  member?: string[];
  type?: string;
  rule?: string;
}

function parseType(ctx: z.RefinementCtx, v: string): ProvisionObjectType {
  const t = v.trim().toLowerCase();
  return t === 'user' || t === 'group' ? t : fail(ctx, `unknown --type "${v}": use user or group`);
}

/**
 * The DNs (arguments) and --member DNs, checked in this order before AD or the tenant is read:
 * every DN parses; members go with one group, at most MAX_GROUP_MEMBERS of them; --type is user or group.
 */
const schema = z
  .object({
    ...jobFields,
    dns: z.array(z.string()),
    member: z.array(z.string()).default([]),
    type: z.string().optional(),
    rule: z.string().optional(),
    /** The object type is read from AD when an LDIF or an LDAP URL is configured (and no --type is given). */
    adConfigured: z.boolean(),
  })
  .transform((o, ctx) => {
    for (const dn of [...o.dns, ...o.member]) via(parseDn)(dn, ctx);
    if (o.member.length > 0 && o.dns.length > 1) fail(ctx, '--member goes with one group: give a single group DN');
    if (o.member.length > MAX_GROUP_MEMBERS) fail(ctx, `a group can be provisioned on demand with at most ${MAX_GROUP_MEMBERS} members (${o.member.length} given)`);
    const type = o.type !== undefined ? parseType(ctx, o.type) : undefined;
    return { ...o, type };
  });

export type ProvisionOptions = Parsed<ProvisionFlags, z.output<typeof schema>>;

export async function provisionOptions(ctx: Context, flags: ProvisionFlags, dns: readonly string[]): Promise<ProvisionOptions> {
  const adConfigured = flags.from !== undefined || (flags.url?.length ?? 0) > 0 || (ctx.io.env.CLOUDSYNC_LDAP_URL ?? '') !== '' || ctx.config.ldap?.url !== undefined;
  return parseFlags(schema, flags, { ...flags, dns: [...dns], adConfigured });
}
