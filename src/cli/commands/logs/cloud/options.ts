import { z } from 'zod';
import { parseAction, parseStatus, type ClientQuery, type ServerQuery } from '../../../../logs/cloud/index.js';
import type { Context } from '../../../context.js';
import type { EntraCliFlags } from '../../../entra.js';
import { count, countRule, parseNumber, since, via } from '../../../options/coerce.js';
import { parseFlags, type Parsed } from '../../../options/parse.js';
import type { ConnectionFlags } from '../../../source.js';

export interface LogsCloudFlags extends EntraCliFlags, ConnectionFlags {
  since?: string;
  job?: string;
  cycle?: string;
  status?: string;
  action?: string;
  user?: string;
  attribute?: string;
  errorCode?: string;
  limit?: string;
  ids?: boolean;
  ad?: boolean;
}

export const DEFAULT_SINCE = '24h';

/** --limit: a number of records; 0 means all (undefined), as for `logs --limit`. */
export function limitOf(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = parseNumber(v, countRule('limit', 'records'));
  return n === 0 ? undefined : n;
}

const schema = z
  .object({
    since: since(),
    cycle: z.string().optional(),
    status: z.string().transform(via(parseStatus)).optional(),
    action: z.string().transform(via(parseAction)).optional(),
    user: z.string().optional(),
    attribute: z.string().optional(),
    errorCode: z.string().optional(),
    limit: count('limit', 'records').optional(),
    job: z.string().optional(),
    ids: z.boolean().default(false),
    ad: z.boolean().default(true),
    /** AD is read (to name objects by DN) when an LDIF or an LDAP URL is configured. */
    adConfigured: z.boolean(),
  })
  .transform((o) => {
    const server: Omit<ServerQuery, 'jobId'> = { since: o.since };
    if (o.cycle !== undefined) server.cycleId = o.cycle;
    if (o.status !== undefined) server.status = o.status;
    if (o.action !== undefined) server.action = o.action;
    const client: ClientQuery = {};
    if (o.user !== undefined) client.user = o.user;
    if (o.attribute !== undefined) client.attribute = o.attribute;
    if (o.errorCode !== undefined) client.errorCode = o.errorCode;
    return { ...o, server, client, limit: o.limit === 0 ? undefined : o.limit };
  });

export type LogsCloudOptions = Parsed<LogsCloudFlags, z.output<typeof schema>>;

export async function logsCloudOptions(ctx: Context, flags: LogsCloudFlags): Promise<LogsCloudOptions> {
  const adConfigured = flags.from !== undefined || flags.url !== undefined || !!ctx.io.env.CLOUDSYNC_LDAP_URL || ctx.config.ldap?.url !== undefined;
  return parseFlags(schema, flags, { ...flags, since: flags.since ?? DEFAULT_SINCE, adConfigured });
}
