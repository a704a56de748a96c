/**
 * PUT …/synchronization/secrets: {"value": [{"key", "value"}]}, replacing every secret of the
 * configuration (Domain must be among them). GET returns the keys that are settings rather
 * than credentials, with their values; credentials are kept only as digests and never returned.
 * SyncNotificationSettings carries the accidental-delete settings ({"Enabled", "Recipients",
 * "DeleteThresholdEnabled", "DeleteThresholdValue"}), which the jobs' settings then show.
 */
import { badRequest } from '../graph/errors.js';
import type { ConfigurationRecord } from './model.js';
import { digest } from './setup.js';

/** Graph's synchronizationSecret names. */
const KEYS = [
  'None', 'UserName', 'Password', 'SecretToken', 'AppKey', 'BaseAddress', 'ClientIdentifier', 'ClientSecret', 'SingleSignOnType', 'Sandbox', 'Url', 'Domain',
  'ConsumerKey', 'ConsumerSecret', 'TokenKey', 'TokenExpiration', 'Oauth2AccessToken', 'Oauth2AccessTokenCreationTime', 'Oauth2RefreshToken', 'SyncAll',
  'InstanceName', 'Oauth2ClientId', 'Oauth2ClientSecret', 'CompanyId', 'UpdateKeyOnSoftDelete', 'SynchronizationSchedule', 'SystemOfRecord', 'SandboxName',
  'EnforceDomain', 'SyncNotificationSettings', 'SkipOutOfScopeDeletions', 'Oauth2AuthorizationCode', 'Oauth2RedirectUri', 'ApplicationTemplateIdentifier',
  'Oauth2TokenExchangeUri', 'Oauth2AuthorizationUri', 'AuthenticationType', 'Server', 'PerformInboundEntitlementGrants', 'HardDeletesEnabled',
  'SyncAgentCompatibilityKey', 'SyncAgentADContainer', 'ValidateDomain', 'TestReferences', 'ConnectionString',
];

/** Keys that hold settings, not credentials: GET returns them (a client must resend them with every PUT). */
const SETTINGS = new Set(['Domain', 'SyncNotificationSettings', 'SyncAll', 'SkipOutOfScopeDeletions', 'HardDeletesEnabled', 'BaseAddress', 'Url', 'Server', 'InstanceName', 'ValidateDomain', 'EnforceDomain', 'SynchronizationSchedule']);

/** GET …/synchronization/secrets: the settings keys with their values. */
export function readSecrets(config: ConfigurationRecord): { value: Array<{ key: string; value: string }> } {
  return { value: config.secrets.filter((s) => s.value !== undefined && SETTINGS.has(s.key)).map((s) => ({ key: s.key, value: s.value! })) };
}

export function applySecrets(config: ConfigurationRecord, body: unknown): void {
  const list = (body as { value?: unknown } | undefined)?.value;
  if (!Array.isArray(list) || list.length === 0) throw badRequest("The request body must be {\"value\": [{\"key\": …, \"value\": …}]} with every secret of the configuration.");
  const out: Array<{ key: string; value: string }> = [];
  for (const item of list as Array<{ key?: unknown; value?: unknown }>) {
    if (typeof item?.key !== 'string' || typeof item.value !== 'string') throw badRequest("Each secret needs a string 'key' and a string 'value'.");
    const key = KEYS.find((k) => k.toLowerCase() === (item.key as string).toLowerCase());
    if (!key) throw badRequest(`The secret key '${item.key}' is not a valid synchronizationSecret.`);
    out.push({ key, value: item.value });
  }
  if (!out.some((s) => s.key === 'Domain')) throw badRequest("The secrets must include the 'Domain' key: a PUT replaces every secret of the configuration.");
  const notification = out.find((s) => s.key === 'SyncNotificationSettings');
  let threshold: { enabled?: boolean; value?: number } | undefined;
  if (notification) {
    let n: Record<string, unknown>;
    try {
      n = JSON.parse(notification.value) as Record<string, unknown>;
    } catch {
      throw badRequest("The secret 'SyncNotificationSettings' must be a JSON object.");
    }
    const enabled = n.DeleteThresholdEnabled;
    const value = n.DeleteThresholdValue;
    if (enabled !== undefined && typeof enabled !== 'boolean') throw badRequest("SyncNotificationSettings.DeleteThresholdEnabled must be true or false.");
    if (value !== undefined && !(typeof value === 'number' && Number.isInteger(value) && value >= 0)) throw badRequest('SyncNotificationSettings.DeleteThresholdValue must be a whole number.');
    threshold = { ...(enabled !== undefined ? { enabled } : {}), ...(value !== undefined ? { value } : {}) };
  }
  config.secrets = out.map((s) => ({ key: s.key, sha256: digest(s.value), ...(SETTINGS.has(s.key) ? { value: s.value } : {}) }));
  if (threshold) {
    for (const job of config.jobs) {
      const set = (name: string, v: string): void => {
        const s = job.settings.find((x) => x.name === name);
        if (s) s.value = v;
        else job.settings.push({ name, value: v });
      };
      if (threshold.enabled !== undefined) set('DeleteThresholdEnabled', String(threshold.enabled));
      if (threshold.value !== undefined) {
        set('DeleteThresholdValue', String(threshold.value));
        set('QuarantineTooManyDeletesThreshold', String(threshold.value));
      }
    }
  }
}
