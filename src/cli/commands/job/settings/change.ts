import type { NotificationSettings } from '../../../../cloud-sync/settings.js';
import { confirmChange } from '../../../confirm.js';
import type { Context } from '../../../context.js';
import { emitOptions } from '../../../output/emit.js';
import { EXIT } from '../../../output/exit-codes.js';
import { openJob } from '../open.js';
import type { JobOptions } from '../options.js';
import { renderNotificationChange, renderSettingsChange } from './render.js';

/**
 * `job settings --set …` and `job threshold …`: shows the change on stderr, asks (or takes --yes),
 * writes the SyncNotificationSettings secret, then shows the settings as they are now.
 */
export async function changeSettings(ctx: Context, o: JobOptions, wanted: Partial<NotificationSettings>): Promise<number> {
  const s = await import('../../../../cloud-sync/settings.js');
  const { graph, ref } = await openJob(ctx, o);
  const planned = await s.planNotificationChange(graph, ref, wanted);
  for (const w of planned.warnings) ctx.warn(w);
  const diff = renderNotificationChange(planned);
  ctx.info(`${ref.name}: ${diff.trimEnd()}`);
  const same = (Object.keys(planned.after) as Array<keyof NotificationSettings>).every((k) => planned.before[k] === planned.after[k]);
  if (!same) {
    const answer = await confirmChange(ctx, o.yes, `Change the settings of ${ref.name}?`, `changing the settings of ${ref.name} (${diff.trim().replace(/\n/g, '; ')})`);
    if (answer !== 'yes') {
      if (answer === 'no') ctx.info('not changed');
      return EXIT.findings;
    }
    await s.applyNotificationChange(graph, ref, planned);
    ctx.info(`changed (PUT …/synchronization/secrets with ${planned.keysSent.join(', ')})`);
  }
  const { refreshJob } = await import('../../../../cloud-sync/control.js');
  const view = await s.jobSettings(graph, await refreshJob(graph, ref));
  ctx.io.out(renderSettingsChange({ before: planned.before, after: planned.after, changed: !same, settings: view }, emitOptions(ctx)));
  return EXIT.ok;
}
