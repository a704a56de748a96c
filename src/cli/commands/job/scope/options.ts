import { z } from 'zod';
import { parseScopeObjectType } from '../../../../cloud-sync/scope.js';
import type { Context } from '../../../context.js';
import { via } from '../../../options/coerce.js';
import { parseFlags, type Parsed } from '../../../options/parse.js';
import { jobFields, type JobFlags } from '../options.js';

export interface JobScopeFlags extends JobFlags {
  objectType?: string;
}

/** --object-type: one of the schema's object types (any case), or all (the default). */
const schema = z.object({ ...jobFields, objectType: z.string().optional().transform(via(parseScopeObjectType)) });

export type JobScopeOptions = Parsed<JobScopeFlags, z.output<typeof schema>>;

export async function jobScopeOptions(_ctx: Context, flags: JobScopeFlags): Promise<JobScopeOptions> {
  return parseFlags(schema, flags);
}
