/**
 * A job's settings (synchronizationJobSettings, as Get-AADCloudSyncToolsJobSettings shows) and
 * its accidental-delete threshold. Graph documents ONE way to change the threshold of a cloud
 * sync configuration: the DeleteThresholdEnabled / DeleteThresholdValue fields of the
 * SyncNotificationSettings secret, written with PUT …/servicePrincipals/{id}/synchronization/secrets.
 * That PUT replaces every secret, so the current ones are read first (GET …/secrets) and sent
 * back with only SyncNotificationSettings changed.
 */
import type { KeyValuePair, StringKeyStringValuePair } from '../directory/entra/synchronization-types.js';
import { GraphError } from '../directory/entra/graph-error.js';
import { CloudsyncError } from '../errors.js';
import type { CloudSyncJobRef, GraphReader } from './discovery.js';
import { echo } from '../util/echo.js';

/** The SyncNotificationSettings secret's JSON (Graph's field names). */
export interface NotificationSettings {
  /** Quarantine notification e-mails on/off. */
  Enabled: boolean;
  Recipients: string;
  DeleteThresholdEnabled: boolean;
  DeleteThresholdValue: number;
}

export const DEFAULT_NOTIFICATION: NotificationSettings = { Enabled: false, Recipients: '', DeleteThresholdEnabled: true, DeleteThresholdValue: 500 };

export interface DeleteThreshold {
  enabled: boolean;
  value: number;
  /** Where the values were read: the secret, the job's settings, or Graph's documented defaults. */
  source: 'secrets' | 'job-settings' | 'defaults';
}

export interface JobSettingsView {
  job: string;
  jobId: string;
  /** synchronizationJobSettings as Graph returns them. */
  settings: KeyValuePair[];
  /** The SyncNotificationSettings secret, when Graph lets it be read. */
  notification: NotificationSettings | null;
  deleteThreshold: DeleteThreshold;
}

export const secretsPath = (ref: CloudSyncJobRef): string => `/beta/servicePrincipals/${encodeURIComponent(ref.servicePrincipal.id)}/synchronization/secrets`;

const findSetting = (list: readonly KeyValuePair[], name: string): string | undefined => list.find((s) => s.name.toLowerCase() === name.toLowerCase())?.value;

/** The secrets, or undefined when this Graph (or this configuration) does not let them be read. */
export async function readSecrets(graph: GraphReader, ref: CloudSyncJobRef): Promise<StringKeyStringValuePair[] | undefined> {
  try {
    const page = await graph.request<{ value?: StringKeyStringValuePair[] }>('GET', secretsPath(ref));
    return page.value ?? [];
  } catch (e) {
    if (e instanceof GraphError && [400, 404, 405].includes(e.status)) return undefined;
    throw e;
  }
}

export function parseNotification(secrets: readonly StringKeyStringValuePair[] | undefined): NotificationSettings | null {
  const raw = secrets?.find((s) => s.key.toLowerCase() === 'syncnotificationsettings')?.value;
  if (raw === undefined || raw.trim() === '' || /^\*+$/.test(raw.trim())) return null;
  try {
    const o = JSON.parse(raw) as Partial<Record<keyof NotificationSettings, unknown>>;
    return {
      Enabled: o.Enabled === true || o.Enabled === 'true',
      Recipients: typeof o.Recipients === 'string' ? o.Recipients : '',
      DeleteThresholdEnabled: !(o.DeleteThresholdEnabled === false || o.DeleteThresholdEnabled === 'false'),
      DeleteThresholdValue: Number.isFinite(Number(o.DeleteThresholdValue)) && o.DeleteThresholdValue !== undefined ? Number(o.DeleteThresholdValue) : DEFAULT_NOTIFICATION.DeleteThresholdValue,
    };
  } catch {
    return null;
  }
}

export function deleteThresholdOf(notification: NotificationSettings | null, settings: readonly KeyValuePair[]): DeleteThreshold {
  if (notification !== null) return { enabled: notification.DeleteThresholdEnabled, value: notification.DeleteThresholdValue, source: 'secrets' };
  const en = findSetting(settings, 'DeleteThresholdEnabled');
  const val = findSetting(settings, 'DeleteThresholdValue') ?? findSetting(settings, 'QuarantineTooManyDeletesThreshold');
  if (en === undefined && val === undefined) return { enabled: DEFAULT_NOTIFICATION.DeleteThresholdEnabled, value: DEFAULT_NOTIFICATION.DeleteThresholdValue, source: 'defaults' };
  const n = Number(val);
  return { enabled: (en ?? 'true').toLowerCase() !== 'false', value: Number.isFinite(n) && val !== undefined ? n : DEFAULT_NOTIFICATION.DeleteThresholdValue, source: 'job-settings' };
}

export async function jobSettings(graph: GraphReader, ref: CloudSyncJobRef): Promise<JobSettingsView> {
  const settings = ref.job.synchronizationJobSettings ?? [];
  const notification = parseNotification(await readSecrets(graph, ref));
  return { job: ref.name, jobId: ref.job.id, settings, notification, deleteThreshold: deleteThresholdOf(notification, settings) };
}

// ---- changes ----------------------------------------------------------------------------

const WRITABLE: Record<string, keyof NotificationSettings> = {
  enabled: 'Enabled',
  recipients: 'Recipients',
  deletethresholdenabled: 'DeleteThresholdEnabled',
  deletethresholdvalue: 'DeleteThresholdValue',
};

function bool(name: string, v: string): boolean {
  if (/^(true|yes|on|1)$/i.test(v)) return true;
  if (/^(false|no|off|0)$/i.test(v)) return false;
  throw new CloudsyncError('usage', `${name} takes true or false, not "${v}"`);
}

export function thresholdValue(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(n) || n < 1) throw new CloudsyncError('usage', `the delete threshold must be a whole number of objects (1 or more), on or off; got "${v}"`);
  return n;
}

/** "Name=Value" assignments for `job settings --set`: only the settings Graph lets cloud sync change. */
export function parseSettingAssignments(list: readonly string[]): Partial<NotificationSettings> {
  const out: Partial<NotificationSettings> = {};
  for (const a of list) {
    const eq = a.indexOf('=');
    if (eq <= 0) throw new CloudsyncError('usage', `--set expects Name=Value, got "${a}"`);
    const name = a.slice(0, eq).trim();
    const value = a.slice(eq + 1).trim();
    const key = WRITABLE[name.toLowerCase()];
    if (key === undefined) {
      throw new CloudsyncError('usage', `"${echo(name, 60)}" cannot be changed through Graph for cloud sync: the changeable settings are ${Object.values(WRITABLE).join(', ')}`);
    }
    if (key === 'Recipients') out.Recipients = value;
    else if (key === 'DeleteThresholdValue') out.DeleteThresholdValue = thresholdValue(value);
    else out[key] = bool(name, value);
  }
  return out;
}

/** `job threshold <n|off|on>`. */
export function parseThreshold(v: string): Partial<NotificationSettings> {
  const s = v.trim().toLowerCase();
  if (s === 'off' || s === 'disable' || s === 'disabled') return { DeleteThresholdEnabled: false };
  if (s === 'on' || s === 'enable' || s === 'enabled') return { DeleteThresholdEnabled: true };
  return { DeleteThresholdEnabled: true, DeleteThresholdValue: thresholdValue(v) };
}

export interface NotificationChange {
  before: NotificationSettings;
  after: NotificationSettings;
  /** Keys sent in the PUT (all secrets Graph returned, SyncNotificationSettings replaced). */
  keysSent: string[];
  warnings: string[];
}

/**
 * The Domain secret's value, `{"domain":"<AD domain>"}` (synchronization-synchronization-
 * secrets-put / Cloud Sync's documented secrets). The job's `Domain` setting is another shape
 * (`{"DomainFQDN":…,"DomainNetBios":…,…}`, entra-docs cloud-sync/concept-attributes.md): its
 * DomainFQDN (or the DomainFQDN setting) names the domain; else the service principal's name does.
 */
export function domainSecret(ref: CloudSyncJobRef): string {
  const settings = ref.job.synchronizationJobSettings ?? [];
  let domain: string | undefined;
  const raw = findSetting(settings, 'Domain');
  if (raw !== undefined) {
    try {
      const v: unknown = JSON.parse(raw);
      if (typeof v === 'object' && v !== null) {
        const o = v as Record<string, unknown>;
        const d = o.domain ?? o.DomainFQDN;
        if (typeof d === 'string' && d.trim() !== '') domain = d.trim();
      }
    } catch {
      // Not JSON: a bare domain name.
      if (/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(raw.trim())) domain = raw.trim();
    }
  }
  domain ??= findSetting(settings, 'DomainFQDN')?.trim() || ref.servicePrincipal.displayName;
  return JSON.stringify({ domain });
}

/** What a change would do (no write): the current values come from the secret, else the job's settings. */
export async function planNotificationChange(graph: GraphReader, ref: CloudSyncJobRef, change: Partial<NotificationSettings>): Promise<NotificationChange & { secrets: StringKeyStringValuePair[] }> {
  const warnings: string[] = [];
  const read = await readSecrets(graph, ref);
  let before = parseNotification(read);
  if (before === null) {
    const t = deleteThresholdOf(null, ref.job.synchronizationJobSettings ?? []);
    before = { ...DEFAULT_NOTIFICATION, DeleteThresholdEnabled: t.enabled, DeleteThresholdValue: t.value };
    // Readable secrets without SyncNotificationSettings: none set yet, so nothing to keep.
    if (read === undefined && change.Recipients === undefined) warnings.push('the current notification settings could not be read from Graph: notification e-mails are written as off with no recipients (set Enabled and Recipients with --set to keep them)');
  }
  const after: NotificationSettings = { ...before, ...change };
  const secrets: StringKeyStringValuePair[] = [];
  for (const s of read ?? []) {
    if (s.key.toLowerCase() === 'syncnotificationsettings') continue;
    // A masked value sent back would overwrite the real one with asterisks.
    if (/^\*+$/.test(s.value.trim())) {
      warnings.push(`Graph returned secret "${s.key}" masked: not sent back`);
      continue;
    }
    secrets.push({ key: s.key, value: s.value });
  }
  if (!secrets.some((s) => s.key.toLowerCase() === 'domain')) {
    // The PUT must carry the configuration's domain, in the secret's own shape.
    secrets.push({ key: 'Domain', value: domainSecret(ref) });
  }
  secrets.push({ key: 'SyncNotificationSettings', value: JSON.stringify(after) });
  return { before, after, keysSent: secrets.map((s) => s.key), warnings, secrets };
}

export async function applyNotificationChange(graph: GraphReader, ref: CloudSyncJobRef, planned: { secrets: StringKeyStringValuePair[] }): Promise<void> {
  await graph.request('PUT', secretsPath(ref), { value: planned.secrets });
}
