import { z } from 'zod';
import type { Context } from '../../../context.js';
import { parseOptions } from '../../../options/parse.js';

export interface LogsPruneFlags {
  dryRun?: boolean;
  scope?: string;
}

/** Flags + the config file's `logs.retention` (already checked when the config was loaded). */
const schema = z.object({
  dryRun: z.boolean().default(false),
  scope: z.string().optional(),
  retention: z.object({ runs: z.number().optional(), days: z.number().optional() }).default({}),
});

export type LogsPruneOptions = z.output<typeof schema>;

export async function logsPruneOptions(ctx: Context, flags: LogsPruneFlags): Promise<LogsPruneOptions> {
  return parseOptions(schema, { ...flags, retention: ctx.config.logs?.retention });
}
