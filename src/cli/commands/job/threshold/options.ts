import { z } from 'zod';
import { parseThreshold } from '../../../../cloud-sync/settings.js';
import type { Context } from '../../../context.js';
import { via } from '../../../options/coerce.js';
import { parseFlags, type Parsed } from '../../../options/parse.js';
import { jobFields, type JobFlags } from '../options.js';

/**
 * <n|on|off>: a whole number of deletes (1 or more; it turns the threshold on too), or on/off.
 * The number is the one the --set DeleteThresholdValue=n form takes, checked by the same library
 * function with the same message.
 */
const schema = z.object({ ...jobFields, threshold: z.string().transform(via(parseThreshold)) });

export type JobThresholdOptions = Parsed<JobFlags, z.output<typeof schema>>;

export async function jobThresholdOptions(_ctx: Context, flags: JobFlags, value: string): Promise<JobThresholdOptions> {
  return parseFlags(schema, flags, { ...flags, threshold: value });
}
