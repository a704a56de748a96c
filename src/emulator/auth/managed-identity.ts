import { newId } from '../ids.js';
import type { ManagedIdentityRecord } from '../state.js';
import { appTokenClaims, TOKEN_LIFETIME_SECONDS } from '../tokens.js';
import type { AuthEnv, AuthResponse } from './env.js';
import { graphAudience } from './token-endpoint.js';

/**
 * Managed identity token endpoints, as msal-node's ManagedIdentityApplication calls them:
 *   - App Service: GET /msi/token?api-version=2019-08-01&resource=… with X-IDENTITY-HEADER
 *     (IDENTITY_ENDPOINT=https://localhost:PORT/msi/token, IDENTITY_HEADER=<identityHeader>);
 *   - IMDS: GET /metadata/identity/oauth2/token?api-version=2018-02-01&resource=… with
 *     Metadata: true (AZURE_POD_IDENTITY_AUTHORITY_HOST=https://localhost:PORT).
 * A user-assigned identity is chosen with client_id, object_id/principal_id or mi_res_id/msi_res_id;
 * otherwise the system-assigned one answers. Error bodies follow each service's format.
 */
type Style = 'appservice' | 'imds';

function fail(style: Style, status: number, error: string, message: string): AuthResponse {
  return style === 'imds'
    ? { status, body: { error, error_description: message } }
    : { status, body: { statusCode: status, message, correlationId: newId() } };
}

function pick(identities: readonly ManagedIdentityRecord[], q: URLSearchParams): ManagedIdentityRecord | undefined | 'none' {
  const clientId = q.get('client_id') ?? q.get('clientid');
  const objectId = q.get('object_id') ?? q.get('principal_id');
  const resId = q.get('mi_res_id') ?? q.get('msi_res_id');
  if (clientId) return identities.find((m) => m.clientId === clientId.toLowerCase());
  if (objectId) return identities.find((m) => m.principalId === objectId.toLowerCase());
  if (resId) return identities.find((m) => m.resourceId.toLowerCase() === resId.toLowerCase());
  return identities.find((m) => m.type === 'SystemAssigned') ?? 'none';
}

export async function handleManagedIdentity(env: AuthEnv, style: Style, q: URLSearchParams, headers: Record<string, string | undefined>): Promise<AuthResponse> {
  if (style === 'imds') {
    if (headers['metadata']?.toLowerCase() !== 'true') return fail(style, 400, 'invalid_request', 'Required metadata header not specified');
    if (!q.get('api-version')) return fail(style, 400, 'invalid_request', 'Required query variable api-version is missing');
  } else {
    if (!headers['x-identity-header'] || headers['x-identity-header'] !== env.state.identityHeader) {
      return fail(style, 401, 'unauthorized', 'Unauthorized: the X-IDENTITY-HEADER header is missing or does not match IDENTITY_HEADER.');
    }
    if (q.get('api-version') !== '2019-08-01') return fail(style, 400, 'invalid_request', `api-version '${q.get('api-version') ?? ''}' is not supported; use 2019-08-01.`);
  }
  const resource = q.get('resource');
  if (!resource) return fail(style, 400, 'invalid_request', 'Required query variable resource is missing');
  const mi = pick(env.state.managedIdentities, q);
  if (mi === undefined || mi === 'none') return fail(style, 400, 'invalid_request', 'Identity not found');
  const audience = graphAudience(resource, env.port);
  if (!audience) {
    return fail(style, 400, 'invalid_resource', `AADSTS500011: The resource principal named ${resource} was not found in the tenant named ${env.state.tenant.id}.`);
  }
  const claims = appTokenClaims({
    tenantId: env.state.tenant.id,
    audience,
    appId: mi.clientId,
    appDisplayName: mi.displayName,
    servicePrincipalId: mi.principalId,
    roles: mi.roles,
    appidacr: '2',
    extra: { xms_mirid: mi.resourceId },
  });
  const token = await env.signer.sign(claims);
  const expiresOn = String(claims.exp);
  const body =
    style === 'imds'
      ? { access_token: token, client_id: mi.clientId, expires_in: String(TOKEN_LIFETIME_SECONDS), expires_on: expiresOn, ext_expires_in: String(TOKEN_LIFETIME_SECONDS), not_before: String(claims.nbf), resource, token_type: 'Bearer' }
      : { access_token: token, expires_on: expiresOn, resource, token_type: 'Bearer', client_id: mi.clientId };
  return { status: 200, body };
}
