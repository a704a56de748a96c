import { z } from 'zod';
import type { Context } from '../../../context.js';
import { fail } from '../../../options/coerce.js';
import { parseFlags, type Parsed } from '../../../options/parse.js';
import { jobFields, type JobFlags } from '../options.js';

export interface JobSchemaFlags extends JobFlags {
  out?: string;
  import?: string;
}

/** Export (to stdout or --out) or --import: one of them. */
const schema = z.object({ ...jobFields, out: z.string().optional(), import: z.string().optional() }).superRefine((o, ctx) => {
  if (o.out !== undefined && o.import !== undefined) fail(ctx, '--out and --import cannot be used together');
});

export type JobSchemaOptions = Parsed<JobSchemaFlags, z.output<typeof schema>>;

export async function jobSchemaOptions(_ctx: Context, flags: JobSchemaFlags): Promise<JobSchemaOptions> {
  return parseFlags(schema, flags);
}
