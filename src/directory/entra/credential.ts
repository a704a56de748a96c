import {
  ConfidentialClientApplication,
  InteractionRequiredAuthError,
  ManagedIdentityApplication,
  PublicClientApplication,
  type AccountInfo,
  type AuthenticationResult,
  type NodeAuthOptions,
} from '@azure/msal-node';
import { checkEntraSettings, type EntraSettings } from '../../config/entra.js';
import { CloudsyncError } from '../../errors.js';
import { assertionSource } from './assertions.js';
import { toAuthError, type AuthContext } from './auth-errors.js';
import { AuthNetwork } from './auth-network.js';
import { loadClientCertificate } from './certificate.js';
import { fileCachePlugin } from './token-cache.js';

export interface AccessToken {
  token: string;
  expiresOn: Date;
}

export interface CredentialHooks {
  onDeviceCode?(message: string): void;
  onWarning?(message: string): void;
}

export interface CredentialOptions {
  /** msal's own retries of managed identity endpoints (off in tests: IMDS retries 404s for seconds). */
  msalRetries?: boolean;
  /**
   * The fetch used for every HTTP request (authority, managed identity, CI OIDC, Graph). Default:
   * Node's global fetch. For hosts that need their own agent or CA in a running process, where
   * NODE_EXTRA_CA_CERTS cannot be set any more.
   */
  fetch?: typeof fetch;
}

/** Gets Graph access tokens with msal-node for the configured method. */
export interface Credential {
  getToken(): Promise<AccessToken>;
}

const PUBLIC_AUTHORITY_HOST = 'login.microsoftonline.com';

/** authority, knownAuthorities and the Graph scope, so msal never calls the public cloud for another authority. */
export function msalAuthority(s: Pick<EntraSettings, 'authorityHost' | 'tenantId'>): { authority: string; knownAuthorities: string[] } {
  const host = new URL(s.authorityHost).host; // host[:port]
  return {
    authority: `${s.authorityHost}/${encodeURIComponent(s.tenantId)}`,
    knownAuthorities: host === PUBLIC_AUTHORITY_HOST ? [] : [host],
  };
}

export function graphScope(s: Pick<EntraSettings, 'graphEndpoint'>): string {
  return `${s.graphEndpoint}/.default`;
}

export async function createCredential(s: EntraSettings, hooks: CredentialHooks = {}, options: CredentialOptions = {}): Promise<Credential> {
  checkEntraSettings(s);
  const network = new AuthNetwork(options.fetch);
  const ctx: AuthContext = { method: s.method, tenantId: s.tenantId, authorityHost: s.authorityHost, graphEndpoint: s.graphEndpoint };
  if (s.clientId !== undefined) ctx.clientId = s.clientId;
  const system = { networkClient: network, disableInternalRetries: options.msalRetries === false };
  const scopes = [graphScope(s)];

  /** Runs one msal call, turning its failure into one actionable line. */
  let assertionFailure: unknown;
  const guarded = async (acquire: () => Promise<AuthenticationResult | null>): Promise<AccessToken> => {
    network.reset();
    assertionFailure = undefined;
    let result: AuthenticationResult | null;
    try {
      result = await acquire();
    } catch (e) {
      // A failing assertion callback (token file, CI endpoint) is the real cause; msal may wrap it.
      throw assertionFailure instanceof CloudsyncError ? assertionFailure : toAuthError(e, ctx, network.lastFailure);
    }
    if (result === null || result.accessToken === '') throw new CloudsyncError('auth', `no access token was returned for ${scopes[0]} (${s.method})`);
    return { token: result.accessToken, expiresOn: result.expiresOn ?? new Date(Date.now() + 5 * 60_000) };
  };

  if (s.method === 'managed-identity') {
    const mi = new ManagedIdentityApplication({
      system,
      ...(s.managedIdentityClientId !== undefined ? { managedIdentityIdParams: { userAssignedClientId: s.managedIdentityClientId } } : {}),
    });
    return { getToken: () => guarded(() => mi.acquireToken({ resource: s.graphEndpoint })) };
  }

  const auth: NodeAuthOptions = { clientId: s.clientId!, ...msalAuthority(s) };

  if (s.method === 'device-code') {
    const pca = new PublicClientApplication({ auth, cache: { cachePlugin: fileCachePlugin(s.tokenCachePath) }, system });
    return {
      getToken: () =>
        guarded(async () => {
          const account = pickAccount(await pca.getTokenCache().getAllAccounts(), s.tenantId);
          if (account !== undefined) {
            try {
              return await pca.acquireTokenSilent({ account, scopes });
            } catch (e) {
              // Anything but "sign in again" (network, tenant) is a real failure to report.
              if (!(e instanceof InteractionRequiredAuthError)) throw e;
            }
          }
          if (hooks.onDeviceCode === undefined) {
            throw new CloudsyncError(
              'auth',
              'no Entra credentials for a non-interactive run: set AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH or AZURE_FEDERATED_TOKEN_FILE, or sign in with device code at a terminal',
            );
          }
          const onDeviceCode = hooks.onDeviceCode;
          return pca.acquireTokenByDeviceCode({ scopes, deviceCodeCallback: (r) => onDeviceCode(r.message) });
        }),
    };
  }

  if (s.method === 'secret') {
    auth.clientSecret = s.clientSecret!;
  } else if (s.method === 'certificate') {
    const cert = await loadClientCertificate(s.certificatePath!, s.certificatePassword);
    ctx.certificatePath = s.certificatePath!;
    ctx.certificateThumbprint = cert.thumbprintSha1;
    if (cert.notAfter.getTime() < Date.now()) {
      hooks.onWarning?.(`the certificate ${s.certificatePath} (thumbprint ${cert.thumbprintSha1}) expired on ${cert.notAfter.toISOString()}: Entra will refuse it`);
    }
    auth.clientCertificate = { thumbprintSha256: cert.thumbprintSha256, privateKey: cert.privateKey, x5c: cert.x5c };
  } else {
    const source = assertionSource(s, options.fetch);
    auth.clientAssertion = async () => {
      try {
        return await source();
      } catch (e) {
        assertionFailure = e;
        throw e;
      }
    };
  }
  const cca = new ConfidentialClientApplication({ auth, system });
  return { getToken: () => guarded(() => cca.acquireTokenByClientCredential({ scopes })) };
}

/** The cached account for this tenant (by tenant GUID or by a UPN in the tenant's domain), else the only one. */
function pickAccount(accounts: AccountInfo[], tenant: string): AccountInfo | undefined {
  const t = tenant.toLowerCase();
  return (
    accounts.find((a) => a.tenantId.toLowerCase() === t) ??
    accounts.find((a) => a.username.toLowerCase().endsWith(`@${t}`)) ??
    (accounts.length === 1 ? accounts[0] : undefined)
  );
}
