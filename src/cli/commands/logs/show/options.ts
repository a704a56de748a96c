import { z } from 'zod';
import { makeFilter, type OperationFilter } from '../../../../logs/runs/index.js';
import { repeated, since, via } from '../../../options/coerce.js';
import { parseOptions } from '../../../options/parse.js';

export interface LogsShowFlags {
  action?: string[];
  user?: string;
  attribute?: string;
  since?: string;
  failed?: boolean;
  ids?: boolean;
  follow?: boolean;
}

/** The filters are checked before anything is read: a bad value is a usage error whatever the runs. */
const schema = z
  .object({
    ref: z.string().default('last'),
    since: since().optional(),
    action: repeated().optional(),
    user: z.string().optional(),
    attribute: z.string().optional(),
    failed: z.boolean().default(false),
    ids: z.boolean().default(false),
    follow: z.boolean().default(false),
  })
  .transform((o, ctx) => {
    const filter: OperationFilter = via(makeFilter)(
      {
        ...(o.action !== undefined ? { action: o.action } : {}),
        ...(o.user !== undefined ? { user: o.user } : {}),
        ...(o.attribute !== undefined ? { attribute: o.attribute } : {}),
        ...(o.since !== undefined ? { since: o.since.getTime() } : {}),
        ...(o.failed ? { failed: true } : {}),
      },
      ctx,
    );
    return { ref: o.ref, ids: o.ids, follow: o.follow, filter };
  });

export type LogsShowOptions = z.output<typeof schema>;

export async function logsShowOptions(flags: LogsShowFlags, ref: string | undefined): Promise<LogsShowOptions> {
  return parseOptions(schema, { ...flags, ref });
}
