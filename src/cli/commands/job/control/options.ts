import { z } from 'zod';
import { parseResetScope } from '../../../../cloud-sync/control.js';
import type { Context } from '../../../context.js';
import { via } from '../../../options/coerce.js';
import { parseFlags, type Parsed } from '../../../options/parse.js';
import { jobFields, type JobFlags } from '../options.js';

export type JobAction = 'start' | 'pause' | 'restart';

export interface JobControlFlags extends JobFlags {
  reset?: string[];
}

/**
 * restart's --reset: watermark, escrows, quarantine, full, force-deletes (repeatable or
 * comma-separated, Graph's names too; none means full). Checked before signing in: a typo is a
 * usage error and nothing is sent. start and pause have no reset.
 */
const schema = z
  .object({ ...jobFields, action: z.enum(['start', 'pause', 'restart']), reset: z.array(z.string()).optional() })
  .transform((o, ctx) => ({ ...o, reset: o.action === 'restart' ? via(parseResetScope)(o.reset, ctx) : undefined }));

export type JobControlOptions = Parsed<JobControlFlags, z.output<typeof schema>>;

export async function jobControlOptions(_ctx: Context, flags: JobControlFlags, action: JobAction): Promise<JobControlOptions> {
  return parseFlags(schema, flags, { ...flags, action });
}
