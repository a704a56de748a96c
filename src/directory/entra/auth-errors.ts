import type { AuthMethod } from '../../config/entra.js';
import { CloudsyncError } from '../../errors.js';

/** What the auth error messages may name (never a secret). */
export interface AuthContext {
  method: AuthMethod;
  tenantId: string;
  clientId?: string;
  authorityHost: string;
  graphEndpoint: string;
  certificatePath?: string;
  /** SHA-1 thumbprint (hex, upper case) as the Entra portal shows it. */
  certificateThumbprint?: string;
}

/** The last transport failure seen by the auth network client (msal hides the cause). */
export interface NetworkFailure {
  url: string;
  /** Node's error code (ECONNREFUSED, ENOTFOUND, SELF_SIGNED_CERT_IN_CHAIN, …) or "timeout". */
  code?: string;
  message: string;
  /** An AADSTS error description from a non-token endpoint (e.g. OpenID metadata for an unknown tenant). */
  aadsts?: string;
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS|DEPTH_ZERO/;

/** msal's error shape (AuthError / ServerError), read structurally so any msal version fits. */
interface MsalLikeError {
  errorCode?: string;
  errorMessage?: string;
  subError?: string;
  errorNo?: string;
  correlationId?: string;
}

/**
 * Turns an msal failure into a CloudsyncError with one line that says what to do. AADSTS codes map
 * to their fixes; transport failures become kind 'connect' (or 'tls') naming the host.
 */
export function toAuthError(e: unknown, ctx: AuthContext, network?: NetworkFailure): CloudsyncError {
  if (e instanceof CloudsyncError) return e;
  const m = (typeof e === 'object' && e !== null ? e : {}) as MsalLikeError;
  const text = m.errorMessage ?? (e instanceof Error ? e.message : String(e));
  const detail = oneLine(`${m.errorCode ?? ''} ${text}`).slice(0, 2000);
  const errorCode = m.errorCode ?? '';
  // Device code outcomes: the error name says more than the AADSTS number (70000 has several meanings).
  // expired_token: Entra's answer (msal puts it in the message of a post_request_failed);
  // device_code_expired: msal stops polling itself when the code's expires_in has passed.
  const outcome = /^(expired_token|code_expired|authorization_declined|access_denied)$/.test(text.trim()) ? text.trim() : errorCode;
  if (/^(expired_token|code_expired|device_code_expired|user_timeout_reached)$/.test(outcome)) {
    return new CloudsyncError('auth', 'no sign-in before the device code expired: run the command again and enter the code at the page shown, within its time (15 minutes on Entra)', { cause: e, detail });
  }
  if (/^(authorization_declined|access_denied)$/.test(outcome)) {
    return new CloudsyncError('auth', 'sign-in was declined at the device code page: run the command again and approve the sign-in', { cause: e, detail });
  }
  const code = /AADSTS(\d+)/.exec(text)?.[1] ?? m.errorNo ?? (network?.aadsts ? /AADSTS(\d+)/.exec(network.aadsts)?.[1] : undefined);
  if (code !== undefined) {
    const description = /AADSTS\d+:[^\r\n]*/.exec(text)?.[0] ?? network?.aadsts ?? `AADSTS${code}`;
    return new CloudsyncError('auth', aadstsMessage(code, cleanDescription(description), ctx), { cause: e, detail });
  }
  if (network !== undefined && /network_error|endpoints_resolution_error|openid_config_error|unable_to_create_source|network|fetch/i.test(`${errorCode} ${text}`)) {
    return connectError(network, ctx, e);
  }
  if (errorCode === 'endpoints_resolution_error' || errorCode === 'openid_config_error') {
    return new CloudsyncError(
      'auth',
      `the authority ${ctx.authorityHost} returned no OpenID metadata for tenant "${ctx.tenantId}": check AZURE_TENANT_ID and AZURE_AUTHORITY_HOST`,
      { cause: e, detail },
    );
  }
  if (errorCode === 'authority_uri_insecure') {
    return new CloudsyncError('config', `the authority host ${ctx.authorityHost} must use https://`, { cause: e, detail });
  }
  if (ctx.method === 'managed-identity') {
    return new CloudsyncError(
      'auth',
      `managed identity token failed (${firstSentence(text) || errorCode}): run on an Azure VM, Arc server or App Service with an identity assigned, or pick another method with AZURE_CLIENT_SECRET / AZURE_CLIENT_CERTIFICATE_PATH`,
      { cause: e, detail },
    );
  }
  return new CloudsyncError('auth', `authentication failed (${ctx.method}): ${firstSentence(text) || errorCode || 'unknown error'}`, { cause: e, detail });
}

function connectError(network: NetworkFailure, ctx: AuthContext, cause: unknown): CloudsyncError {
  let host: string;
  try {
    host = new URL(network.url).host;
  } catch {
    host = ctx.authorityHost;
  }
  const detail = oneLine(`${network.url}: ${network.message}`);
  if (network.code !== undefined && TLS_CODES.test(network.code)) {
    return new CloudsyncError('tls', `cannot verify the TLS certificate of ${host} (${network.code}): if it is signed by a private CA, set NODE_EXTRA_CA_CERTS to the CA's PEM file`, {
      cause,
      detail,
    });
  }
  const what = ctx.method === 'managed-identity' && !network.url.startsWith(ctx.authorityHost) ? 'the managed identity endpoint' : 'the authority';
  return new CloudsyncError(
    'connect',
    `cannot reach ${what} ${host} (${network.code ?? network.message}): check the network, proxy and ${what === 'the authority' ? 'AZURE_AUTHORITY_HOST' : 'that this machine has a managed identity'}`,
    { cause, detail },
  );
}

/** One line per AADSTS code with the fix. Unknown codes keep Microsoft's own first sentence. */
export function aadstsMessage(code: string, description: string, ctx: AuthContext): string {
  const app = ctx.clientId ?? '(no client id)';
  const tag = `(AADSTS${code})`;
  switch (code) {
    case '7000215':
      return `the client secret is wrong ${tag}: check AZURE_CLIENT_SECRET (use the secret's Value, not its ID); create a new secret in the app registration if it is lost`;
    case '7000222':
      return `the client secret has expired ${tag}: create a new secret in the app registration (Certificates & secrets) and update AZURE_CLIENT_SECRET`;
    case '700027':
      if (ctx.method === 'certificate') {
        const which = ctx.certificateThumbprint ? ` (thumbprint ${ctx.certificateThumbprint})` : '';
        return `the certificate${which} is not registered for app ${app} ${tag}: upload ${ctx.certificatePath ?? 'the certificate'} (public part) under Certificates & secrets of the app registration`;
      }
      return `the client assertion failed validation ${tag}: check that the federated token is current and issued for audience api://AzureADTokenExchange`;
    case '700024':
      return `the client assertion is outside its valid time range ${tag}: check this machine's clock; a federated token file must be refreshed before it expires`;
    case '65001':
      return `admin consent is missing for app ${app} ${tag}: grant admin consent under API permissions of the app registration (Grant admin consent for the tenant)`;
    case '500011':
      return `the resource ${ctx.graphEndpoint} is not known in tenant ${ctx.tenantId} ${tag}: check CLOUDSYNC_GRAPH_ENDPOINT matches the cloud of AZURE_AUTHORITY_HOST, and that admin consent was granted`;
    case '90002':
    case '900023':
    case '90013':
      return `tenant "${ctx.tenantId}" not found ${tag}: check AZURE_TENANT_ID (the tenant GUID or a verified domain such as contoso.onmicrosoft.com) and AZURE_AUTHORITY_HOST for national clouds`;
    case '700016':
      return `application ${app} not found in tenant ${ctx.tenantId} ${tag}: check AZURE_CLIENT_ID and AZURE_TENANT_ID; the app must be registered in, or consented to by, this tenant`;
    case '70021':
      return `no federated credential of app ${app} matches the token ${tag}: the federated credential's subject must be exactly the token's subject and its issuer the token's issuer${assertionFacts(description)}`;
    case '7000112':
      return `application ${app} is disabled ${tag}: enable its service principal (Enterprise applications, Properties, Enabled for users to sign in)`;
    case '50034':
      return `the user account does not exist in tenant ${ctx.tenantId} ${tag}: sign in with an account of this tenant, or check AZURE_TENANT_ID`;
    case '7000218':
      return `the app requires a client secret or certificate ${tag}: for device code sign-in enable "Allow public client flows" in the app registration (Authentication)`;
    case '700082':
    case '70043':
      return `the cached sign-in has expired ${tag}: run "cloudsync logout" and sign in again`;
    case '50076':
    case '50079':
      return `multi-factor authentication is required ${tag}: complete sign-in with MFA at the device code page`;
    case '53003':
      return `sign-in was blocked by a Conditional Access policy ${tag}: ask an administrator to allow this sign-in or use a workload identity`;
    case '700213':
    case '700212':
    case '700211':
      return `no federated credential matches the token's issuer/subject ${tag}: check the federated credential's issuer and subject${assertionFacts(description)}`;
    default:
      return `authentication failed: ${description}`;
  }
}

/** Issuer/subject/audience from an AADSTS70021 description (public facts about the token). */
function assertionFacts(description: string): string {
  const facts: string[] = [];
  for (const name of ['Issuer', 'Subject', 'Audience']) {
    const v = new RegExp(`Assertion ${name}: '([^']*)'`).exec(description)?.[1];
    if (v !== undefined) facts.push(`${name.toLowerCase()} '${v}'`);
  }
  return facts.length > 0 ? ` (the token has ${facts.join(', ')})` : '';
}

function cleanDescription(d: string): string {
  return oneLine(d.replace(/\s*-?\s*(Trace ID|Correlation ID|Timestamp):.*$/s, '')).replace(/[. ]+$/, '');
}

function firstSentence(s: string): string {
  return oneLine(s).split(/(?<=\.)\s/)[0]!.slice(0, 300);
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
