/** `cloudsync job settings [--set Name=Value]` and `cloudsync job threshold <n|off>` (docs/job.md). */
import type { NotificationSettings } from '../../cloud-sync/settings.js';
import type { Context } from '../context.js';
import { EXIT } from '../output/exit-codes.js';
import { jsonLine } from '../output/format.js';
import { toCsv } from '../output/csv.js';
import { renderNotificationChange, renderSettings, tableWidth } from '../output/job.js';
import { confirmChange, openJob, type JobFlags } from './job.js';

export async function runJobSettings(ctx: Context, flags: JobFlags & { set?: string[] }): Promise<number> {
  const s = await import('../../cloud-sync/settings.js');
  if (flags.set !== undefined && flags.set.length > 0) return change(ctx, flags, s.parseSettingAssignments(flags.set));
  const { graph, ref } = await openJob(ctx, flags);
  const view = await s.jobSettings(graph, ref);
  if (ctx.format === 'json' || ctx.format === 'ndjson') ctx.io.out(jsonLine(view, ctx.format === 'json'));
  else if (ctx.format === 'csv') {
    ctx.io.out(
      toCsv(['NAME', 'VALUE', 'FROM'], [...view.settings.map((x) => [x.name, x.value, 'job settings']), ...Object.entries(view.notification ?? {}).map(([k, v]) => [k, String(v), 'SyncNotificationSettings'])]),
    );
  } else ctx.io.out(renderSettings(view, { paint: ctx.paint, ...tableWidth(ctx) }));
  return EXIT.ok;
}

export async function runJobThreshold(ctx: Context, flags: JobFlags, value: string): Promise<number> {
  const { parseThreshold } = await import('../../cloud-sync/settings.js');
  return change(ctx, flags, parseThreshold(value));
}

async function change(ctx: Context, flags: JobFlags, wanted: Partial<NotificationSettings>): Promise<number> {
  const s = await import('../../cloud-sync/settings.js');
  const { graph, ref } = await openJob(ctx, flags);
  const planned = await s.planNotificationChange(graph, ref, wanted);
  for (const w of planned.warnings) ctx.warn(w);
  const diff = renderNotificationChange(planned);
  ctx.info(`${ref.name}: ${diff.trimEnd()}`);
  const same = (Object.keys(planned.after) as Array<keyof NotificationSettings>).every((k) => planned.before[k] === planned.after[k]);
  if (!same) {
    const answer = await confirmChange(ctx, flags, `Change the settings of ${ref.name}?`, `changing the settings of ${ref.name} (${diff.trim().replace(/\n/g, '; ')})`);
    if (answer !== 'yes') {
      if (answer === 'no') ctx.info('not changed');
      return EXIT.findings;
    }
    await s.applyNotificationChange(graph, ref, planned);
    ctx.info(`changed (PUT …/synchronization/secrets with ${planned.keysSent.join(', ')})`);
  }
  const { refreshJob } = await import('../../cloud-sync/control.js');
  const view = await s.jobSettings(graph, await refreshJob(graph, ref));
  if (ctx.format === 'json' || ctx.format === 'ndjson') ctx.io.out(jsonLine({ before: planned.before, after: planned.after, changed: !same, settings: view }, ctx.format === 'json'));
  else ctx.io.out(renderSettings(view, { paint: ctx.paint, ...tableWidth(ctx) }));
  return EXIT.ok;
}
