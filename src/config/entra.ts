import { homedir } from 'node:os';
import { join, posix, resolve, win32 } from 'node:path';
import { CloudsyncError } from '../errors.js';
import { echo } from '../util/echo.js';

/** How cloudsync gets a token for Microsoft Graph. */
export type AuthMethod =
  | 'secret'
  | 'certificate'
  | 'federated'
  | 'github-oidc'
  | 'azure-devops-oidc'
  | 'managed-identity'
  | 'device-code';

export const AUTH_METHODS: readonly AuthMethod[] = [
  'secret',
  'certificate',
  'federated',
  'github-oidc',
  'azure-devops-oidc',
  'managed-identity',
  'device-code',
];

/** Entra flags as the CLI parsed them (all optional). */
export interface EntraFlags {
  tenantId?: string;
  clientId?: string;
  authMethod?: string;
  certificatePath?: string;
  graphEndpoint?: string;
  authorityHost?: string;
}

/** The `entra` section of cloudsync.config.json (validated by src/config/schema.ts): the same keys as the flags. */
export type EntraConfigSection = EntraFlags;

export interface EntraSettings {
  tenantId: string;
  clientId?: string;
  method: AuthMethod;
  /** Origin of the authority, e.g. https://login.microsoftonline.com (no trailing slash). */
  authorityHost: string;
  /** Origin of Microsoft Graph, e.g. https://graph.microsoft.com (no version, no trailing slash). */
  graphEndpoint: string;
  clientSecret?: string;
  certificatePath?: string;
  certificatePassword?: string;
  federatedTokenFile?: string;
  /** Client id of a user-assigned managed identity (absent: system-assigned). */
  managedIdentityClientId?: string;
  /** GitHub Actions (ACTIONS_ID_TOKEN_REQUEST_URL) or Azure DevOps (SYSTEM_OIDCREQUESTURI) OIDC endpoint. */
  oidcRequestUrl?: string;
  /** Bearer for the OIDC endpoint (ACTIONS_ID_TOKEN_REQUEST_TOKEN or SYSTEM_ACCESSTOKEN): a secret. */
  oidcRequestToken?: string;
  /** Azure DevOps service connection id (AZURESUBSCRIPTION_SERVICE_CONNECTION_ID). */
  serviceConnectionId?: string;
  /** Where device-code tokens are cached. */
  tokenCachePath: string;
}

export const DEFAULT_AUTHORITY_HOST = 'https://login.microsoftonline.com';
export const DEFAULT_GRAPH_ENDPOINT = 'https://graph.microsoft.com';

type Source = 'flag' | 'environment' | 'config file';

/**
 * Resolves Entra settings, flags > environment > config file > defaults. Returns undefined when no
 * tenant is configured anywhere. The method is chosen like @azure/identity's EnvironmentCredential,
 * then WorkloadIdentityCredential, then the CI OIDC endpoints, then managed identity, then device
 * code; an explicit method (flag, CLOUDSYNC_AUTH_METHOD, config) wins. A certificate path given as a
 * flag counts as choosing the certificate. Azure DevOps follows AzurePipelinesCredential:
 * SYSTEM_OIDCREQUESTURI, SYSTEM_ACCESSTOKEN (mapped into the step) and the service connection id in
 * AZURESUBSCRIPTION_SERVICE_CONNECTION_ID (set by the AzureCLI@2 / AzurePowerShell@5 tasks).
 * Whether the method has all it needs is checked by checkEntraSettings.
 */
export async function resolveEntraSettings(
  flags: EntraFlags,
  env: NodeJS.ProcessEnv,
  config: EntraConfigSection | undefined,
  cwd: string,
): Promise<EntraSettings | undefined> {
  const tenantId = pick(flags.tenantId, env.AZURE_TENANT_ID, config?.tenantId);
  if (tenantId === undefined) return undefined;
  const clientId = pick(flags.clientId, env.AZURE_CLIENT_ID, config?.clientId);

  const authority = pickWithSource(flags.authorityHost, env.AZURE_AUTHORITY_HOST, config?.authorityHost);
  const graph = pickWithSource(flags.graphEndpoint, env.CLOUDSYNC_GRAPH_ENDPOINT, config?.graphEndpoint);
  const settings: EntraSettings = {
    tenantId,
    method: 'device-code',
    authorityHost: authority ? httpsOrigin(authority.value, 'authority host', authority.source, 'AZURE_AUTHORITY_HOST') : DEFAULT_AUTHORITY_HOST,
    graphEndpoint: graph ? httpsOrigin(graph.value, 'Graph endpoint', graph.source, 'CLOUDSYNC_GRAPH_ENDPOINT') : DEFAULT_GRAPH_ENDPOINT,
    tokenCachePath: nonEmpty(env.CLOUDSYNC_TOKEN_CACHE) ? resolve(cwd, env.CLOUDSYNC_TOKEN_CACHE!) : defaultTokenCachePath(env),
  };
  if (clientId !== undefined) settings.clientId = clientId;

  const secret = nonEmpty(env.AZURE_CLIENT_SECRET);
  const envCertificate = nonEmpty(env.AZURE_CLIENT_CERTIFICATE_PATH);
  const certificate = pick(flags.certificatePath, envCertificate, config?.certificatePath);
  if (certificate !== undefined) settings.certificatePath = resolve(cwd, certificate);
  if (secret !== undefined) settings.clientSecret = secret;
  const password = nonEmpty(env.AZURE_CLIENT_CERTIFICATE_PASSWORD);
  if (password !== undefined) settings.certificatePassword = password;
  const tokenFile = nonEmpty(env.AZURE_FEDERATED_TOKEN_FILE);
  if (tokenFile !== undefined) settings.federatedTokenFile = resolve(cwd, tokenFile);

  const explicit = pickWithSource(flags.authMethod, env.CLOUDSYNC_AUTH_METHOD, config?.authMethod);
  const method = explicit ? checkMethod(explicit.value, explicit.source) : autoMethod(flags, env, config, settings);
  settings.method = method;

  if (method === 'github-oidc') {
    setIf(settings, 'oidcRequestUrl', nonEmpty(env.ACTIONS_ID_TOKEN_REQUEST_URL));
    setIf(settings, 'oidcRequestToken', nonEmpty(env.ACTIONS_ID_TOKEN_REQUEST_TOKEN));
  } else if (method === 'azure-devops-oidc') {
    setIf(settings, 'oidcRequestUrl', nonEmpty(env.SYSTEM_OIDCREQUESTURI));
    setIf(settings, 'oidcRequestToken', nonEmpty(env.SYSTEM_ACCESSTOKEN));
    setIf(settings, 'serviceConnectionId', nonEmpty(env.AZURESUBSCRIPTION_SERVICE_CONNECTION_ID));
  } else if (method === 'managed-identity' && clientId !== undefined) {
    // As DefaultAzureCredential does: AZURE_CLIENT_ID names a user-assigned identity.
    settings.managedIdentityClientId = clientId;
  }
  return settings;
}

function autoMethod(flags: EntraFlags, env: NodeJS.ProcessEnv, config: EntraConfigSection | undefined, s: EntraSettings): AuthMethod {
  if (nonEmpty(flags.certificatePath)) return 'certificate';
  if (s.clientSecret !== undefined) return 'secret';
  if (nonEmpty(env.AZURE_CLIENT_CERTIFICATE_PATH) || nonEmpty(config?.certificatePath)) return 'certificate';
  if (s.federatedTokenFile !== undefined) return 'federated';
  if (nonEmpty(env.ACTIONS_ID_TOKEN_REQUEST_URL) && nonEmpty(env.ACTIONS_ID_TOKEN_REQUEST_TOKEN)) return 'github-oidc';
  if (nonEmpty(env.SYSTEM_OIDCREQUESTURI)) return 'azure-devops-oidc';
  if (nonEmpty(env.IDENTITY_ENDPOINT) || nonEmpty(env.MSI_ENDPOINT) || nonEmpty(env.IMDS_ENDPOINT)) return 'managed-identity';
  return 'device-code';
}

/**
 * Throws, saying what to set, when the chosen method lacks an input. Checked when a client is
 * created (not when settings are resolved: `logout` and `doctor` need settings that cannot sign in).
 */
export function checkEntraSettings(s: EntraSettings): void {
  const need = (ok: boolean, what: string): void => {
    if (!ok) throw new CloudsyncError('config', `Entra auth method "${s.method}" needs ${what}`);
  };
  if (s.method !== 'managed-identity') need(s.clientId !== undefined, 'a client id: set AZURE_CLIENT_ID, --client-id or entra.clientId');
  if (s.method === 'secret') need(s.clientSecret !== undefined, 'AZURE_CLIENT_SECRET');
  if (s.method === 'certificate') need(s.certificatePath !== undefined, 'a certificate: set AZURE_CLIENT_CERTIFICATE_PATH, --certificate or entra.certificatePath');
  if (s.method === 'federated') need(s.federatedTokenFile !== undefined, 'AZURE_FEDERATED_TOKEN_FILE');
  if (s.method === 'github-oidc') {
    need(
      s.oidcRequestUrl !== undefined && s.oidcRequestToken !== undefined,
      'ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN (give the workflow "permissions: id-token: write")',
    );
  }
  if (s.method === 'azure-devops-oidc') {
    need(s.oidcRequestUrl !== undefined, 'SYSTEM_OIDCREQUESTURI (run in an Azure Pipelines job)');
    need(s.oidcRequestToken !== undefined, 'SYSTEM_ACCESSTOKEN (map it into the step: env: SYSTEM_ACCESSTOKEN: $(System.AccessToken))');
    need(s.serviceConnectionId !== undefined, 'AZURESUBSCRIPTION_SERVICE_CONNECTION_ID (the id of the workload-identity service connection)');
  }
}

function checkMethod(value: string, source: Source): AuthMethod {
  if ((AUTH_METHODS as readonly string[]).includes(value)) return value as AuthMethod;
  throw new CloudsyncError(
    source === 'flag' ? 'usage' : 'config',
    `unknown Entra auth method "${value}" (from ${source}): use one of ${AUTH_METHODS.join(', ')}`,
  );
}

/** Validates an https URL and returns its origin (msal refuses http authorities; Graph needs https for the bearer). */
function httpsOrigin(value: string, what: string, source: Source, envName: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CloudsyncError(source === 'flag' ? 'usage' : 'config', `invalid ${what} "${echo(value, 80)}" (from ${source}, e.g. ${envName}): expected https://host[:port]`);
  }
  if (url.protocol !== 'https:' || (url.pathname !== '/' && url.pathname !== '') || url.search !== '') {
    throw new CloudsyncError(
      source === 'flag' ? 'usage' : 'config',
      `invalid ${what} "${echo(value, 80)}" (from ${source}, e.g. ${envName}): expected https://host[:port] with no path or version`,
    );
  }
  return url.origin;
}

/**
 * Per-user token cache path: $XDG_CONFIG_HOME/cloudsync (~/.config/cloudsync) on Linux,
 * %APPDATA%\cloudsync on Windows, ~/Library/Application Support/cloudsync on macOS.
 */
export function defaultTokenCachePath(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform, home?: string): string {
  const file = 'token-cache.json';
  if (platform === 'win32') {
    const appData = nonEmpty(env.APPDATA) ?? win32.join(home ?? env.USERPROFILE ?? homedir(), 'AppData', 'Roaming');
    return win32.join(appData, 'cloudsync', file);
  }
  const userHome = home ?? nonEmpty(env.HOME) ?? homedir();
  if (platform === 'darwin') return posix.join(userHome, 'Library', 'Application Support', 'cloudsync', file);
  const xdg = nonEmpty(env.XDG_CONFIG_HOME);
  // XDG says a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const base = xdg !== undefined && xdg.startsWith('/') ? xdg : join(userHome, '.config');
  return posix.join(base, 'cloudsync', file);
}

/** The settings as they may be shown: secrets are never included. */
export function describeEntraSettings(s: EntraSettings): Record<string, unknown> {
  const { clientSecret, certificatePassword, oidcRequestToken, ...rest } = s;
  const out: Record<string, unknown> = { ...rest };
  if (clientSecret !== undefined) out.clientSecret = '(redacted)';
  if (certificatePassword !== undefined) out.certificatePassword = '(redacted)';
  if (oidcRequestToken !== undefined) out.oidcRequestToken = '(redacted)';
  return out;
}

function pick(...values: (string | undefined)[]): string | undefined {
  return values.map(nonEmpty).find((v) => v !== undefined);
}

function pickWithSource(flag: string | undefined, env: string | undefined, config: string | undefined): { value: string; source: Source } | undefined {
  if (nonEmpty(flag)) return { value: flag!, source: 'flag' };
  if (nonEmpty(env)) return { value: env!, source: 'environment' };
  if (nonEmpty(config)) return { value: config!, source: 'config file' };
  return undefined;
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

function setIf<K extends keyof EntraSettings>(s: EntraSettings, key: K, value: EntraSettings[K] | undefined): void {
  if (value !== undefined) s[key] = value;
}
