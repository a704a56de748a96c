import type { Context } from '../../../context.js';
import type { JobFlags } from '../options.js';
import { changeSettings } from '../settings/change.js';
import { jobThresholdOptions } from './options.js';

export async function runJobThreshold(ctx: Context, flags: JobFlags, value: string): Promise<number> {
  const o = await jobThresholdOptions(ctx, flags, value);
  return changeSettings(ctx, o, o.threshold);
}
