import { readFile } from 'node:fs/promises';
import type { EntraSettings } from '../../config/entra.js';
import { CloudsyncError } from '../../errors.js';

/** The audience Entra expects on federated tokens (workload identity federation). */
export const FEDERATION_AUDIENCE = 'api://AzureADTokenExchange';

export type AssertionSource = () => Promise<string>;

/**
 * A callback returning a fresh federated token each time msal needs one: the file is re-read
 * (Kubernetes rotates it), the CI endpoints are asked again (their tokens live minutes).
 */
export function assertionSource(s: EntraSettings, fetchImpl: typeof fetch = fetch): AssertionSource {
  switch (s.method) {
    case 'federated':
      return () => readTokenFile(s.federatedTokenFile!);
    case 'github-oidc':
      return () => githubToken(s.oidcRequestUrl!, s.oidcRequestToken!, fetchImpl);
    case 'azure-devops-oidc':
      return () => azureDevOpsToken(s.oidcRequestUrl!, s.oidcRequestToken!, s.serviceConnectionId!, fetchImpl);
    default:
      throw new CloudsyncError('runtime', `auth method "${s.method}" does not use a federated assertion`);
  }
}

export async function readTokenFile(path: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new CloudsyncError('config', `cannot read the federated token file "${path}" (AZURE_FEDERATED_TOKEN_FILE): ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  const token = text.trim();
  if (token === '') throw new CloudsyncError('config', `the federated token file "${path}" (AZURE_FEDERATED_TOKEN_FILE) is empty`);
  return token;
}

/** GitHub Actions: GET $ACTIONS_ID_TOKEN_REQUEST_URL&audience=… with the request token -> {value}. */
export async function githubToken(requestUrl: string, requestToken: string, fetchImpl: typeof fetch = fetch): Promise<string> {
  const url = `${requestUrl}${requestUrl.includes('?') ? '&' : '?'}audience=${encodeURIComponent(FEDERATION_AUDIENCE)}`;
  const body = await fetchJson(
    fetchImpl,
    url,
    { method: 'GET', headers: { Authorization: `Bearer ${requestToken}`, Accept: 'application/json' } },
    'GitHub Actions OIDC',
    'give the workflow job "permissions: id-token: write"',
  );
  const value = (body as { value?: unknown }).value;
  if (typeof value !== 'string' || value === '') throw new CloudsyncError('auth', 'the GitHub Actions OIDC endpoint returned no token (no "value" in its answer)');
  return value;
}

/** Azure Pipelines: POST $SYSTEM_OIDCREQUESTURI?api-version=7.1&serviceConnectionId=… -> {oidcToken}. */
export async function azureDevOpsToken(requestUrl: string, accessToken: string, serviceConnectionId: string, fetchImpl: typeof fetch = fetch): Promise<string> {
  const url = `${requestUrl}${requestUrl.includes('?') ? '&' : '?'}api-version=7.1&serviceConnectionId=${encodeURIComponent(serviceConnectionId)}`;
  const body = await fetchJson(
    fetchImpl,
    url,
    { method: 'POST', headers: { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/json', Accept: 'application/json' } },
    'Azure DevOps OIDC',
    'map SYSTEM_ACCESSTOKEN into the step and check AZURESUBSCRIPTION_SERVICE_CONNECTION_ID names a workload-identity service connection this pipeline may use',
  );
  const value = (body as { oidcToken?: unknown }).oidcToken;
  if (typeof value !== 'string' || value === '') throw new CloudsyncError('auth', 'the Azure DevOps OIDC endpoint returned no token (no "oidcToken" in its answer)');
  return value;
}

async function fetchJson(fetchImpl: typeof fetch, url: string, init: RequestInit, what: string, fix: string): Promise<unknown> {
  const host = safeHost(url);
  let response: Response;
  try {
    response = await fetchImpl(url, { ...init, signal: AbortSignal.timeout(30_000) });
  } catch (e) {
    const code = (e as { cause?: { code?: string } }).cause?.code ?? (e as { code?: string }).code ?? (e as Error).name;
    throw new CloudsyncError('connect', `cannot reach the ${what} endpoint ${host} (${code})`, { cause: e });
  }
  let text: string;
  try {
    text = await response.text();
  } catch (e) {
    throw new CloudsyncError('connect', `the connection to the ${what} endpoint ${host} broke in the middle of its answer (HTTP ${response.status}): run again`, { cause: e });
  }
  if (!response.ok) {
    const kind = response.status === 401 || response.status === 403 ? 'auth' : 'runtime';
    throw new CloudsyncError(kind, `the ${what} endpoint ${host} refused the token request (HTTP ${response.status}): ${fix}`, {
      // Error bodies of these endpoints carry messages, not tokens; keep a short excerpt for --debug.
      detail: text.slice(0, 300),
    });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new CloudsyncError('runtime', `the ${what} endpoint ${host} answered with something that is not JSON`);
  }
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '(invalid URL)';
  }
}
