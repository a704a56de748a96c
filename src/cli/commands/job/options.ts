import { z } from 'zod';
import type { Context } from '../../context.js';
import type { EntraCliFlags } from '../../entra.js';
import { parseFlags, type Parsed } from '../../options/parse.js';

/** The flags every `cloudsync job` sub-command shares: which job, and --yes where it changes something. */
export interface JobFlags extends EntraCliFlags {
  job?: string;
  yes?: boolean;
}

/** The shared fields; sub-commands with flags of their own extend them. */
export const jobFields = {
  job: z.string().optional(),
  yes: z.boolean().default(false),
};

const schema = z.object(jobFields);

export type JobOptions = Parsed<JobFlags, z.output<typeof schema>>;

/** Options of the sub-commands without flags of their own (list, status, schedule, start, pause, service-account). */
export async function jobOptions(_ctx: Context, flags: JobFlags): Promise<JobOptions> {
  return parseFlags(schema, flags);
}
