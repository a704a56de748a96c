import { z } from 'zod';
import { parseSettingAssignments, type NotificationSettings } from '../../../../cloud-sync/settings.js';
import type { Context } from '../../../context.js';
import { via } from '../../../options/coerce.js';
import { parseFlags, type Parsed } from '../../../options/parse.js';
import { jobFields, type JobFlags } from '../options.js';

export interface JobSettingsFlags extends JobFlags {
  set?: string[];
}

/** --set Name=Value (repeatable): only the settings Graph lets cloud sync change, with their values checked. */
const schema = z.object({ ...jobFields, set: z.array(z.string()).optional() }).transform((o, ctx) => {
  const change: Partial<NotificationSettings> | undefined = o.set !== undefined && o.set.length > 0 ? via(parseSettingAssignments)(o.set, ctx) : undefined;
  return { ...o, change };
});

export type JobSettingsOptions = Parsed<JobSettingsFlags, z.output<typeof schema>>;

export async function jobSettingsOptions(_ctx: Context, flags: JobSettingsFlags): Promise<JobSettingsOptions> {
  return parseFlags(schema, flags);
}
