import { z } from 'zod';
import { count, since } from '../../../options/coerce.js';
import { parseOptions } from '../../../options/parse.js';

export interface LogsListFlags {
  since?: string;
  failed?: boolean;
  scope?: string;
  limit?: string;
}

export const DEFAULT_LIMIT = 50;

const schema = z.object({
  limit: count('limit', 'runs').default(DEFAULT_LIMIT),
  since: since().optional(),
  failed: z.boolean().default(false),
  scope: z.string().optional(),
});

export type LogsListOptions = z.output<typeof schema>;

export async function logsListOptions(flags: LogsListFlags): Promise<LogsListOptions> {
  return parseOptions(schema, flags);
}
