import type { KeyValuePair } from '../../../../directory/entra/synchronization-types.js';
import type { JobSettingsView, NotificationChange, NotificationSettings } from '../../../../cloud-sync/settings.js';
import { toCsv } from '../../../output/csv.js';
import { emit, type EmitOptions } from '../../../output/emit.js';
import { table, type JobRenderOptions } from '../render.js';

/** `job settings`: the view as JSON (one line in NDJSON), NAME,VALUE,FROM rows in CSV, or the settings table. */
export function renderSettingsView(view: JobSettingsView, o: EmitOptions): string {
  return emit(
    {
      rows: [view],
      json: view,
      csv: () =>
        toCsv(['NAME', 'VALUE', 'FROM'], [...view.settings.map((x) => [x.name, x.value, 'job settings']), ...Object.entries(view.notification ?? {}).map(([k, v]) => [k, String(v), 'SyncNotificationSettings'])]),
      table: () => renderSettings(view, o),
    },
    o,
  );
}

export interface SettingsChangeResult {
  before: NotificationSettings;
  after: NotificationSettings;
  changed: boolean;
  settings: JobSettingsView;
}

/** After a change: the result as JSON (one line in NDJSON); CSV and table show the settings table. */
export function renderSettingsChange(r: SettingsChangeResult, o: EmitOptions): string {
  const settings = (): string => renderSettings(r.settings, o);
  return emit({ rows: [r], json: r, csv: settings, table: settings }, o);
}

export function renderSettings(v: JobSettingsView, o: JobRenderOptions): string {
  const rows: (string | undefined)[][] = v.settings.map((s: KeyValuePair) => [s.name, s.value, 'job settings']);
  if (v.notification) for (const [k, val] of Object.entries(v.notification)) rows.push([k, String(val), 'SyncNotificationSettings (secret)']);
  const t = v.deleteThreshold;
  return (
    `${o.paint.bold(v.job)} (${v.jobId})\n` +
    table(o, ['Name', 'Value', 'From'], rows, [3, 5, 2]) +
    `accidental-delete threshold: ${t.enabled ? `${t.value} deletes stop a cycle (at most ${t.value - 1} go through)` : o.paint.yellow('off (any number of deletes goes through)')}  [from ${t.source}]\n`
  );
}

export function renderNotificationChange(c: NotificationChange): string {
  const keys = Object.keys(c.after) as Array<keyof NotificationChange['after']>;
  const changed = keys.filter((k) => c.before[k] !== c.after[k]);
  if (changed.length === 0) return 'no change: the settings already have these values\n';
  const text = (v: unknown): string => (v === undefined || v === null || v === '' ? '(none)' : String(v));
  return changed.map((k) => `${k}: ${text(c.before[k])} → ${text(c.after[k])}\n`).join('');
}
