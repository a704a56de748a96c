import type { EmulatorState } from '../state.js';
import { aad } from './aadsts.js';

/**
 * OpenID Connect discovery (v2.0 and v1) for /{tenant}: the tenant may be named by id, by
 * a verified domain, or as organizations/common (which this single-tenant emulator treats as
 * itself). Endpoints point back at the origin the client used.
 */
export function resolveTenant(state: EmulatorState, ref: string): string {
  const r = ref.toLowerCase();
  if (r === 'organizations' || r === 'common' || state.isThisTenant(r)) return state.tenant.id;
  throw aad.tenantNotFound(ref);
}

export function openIdConfiguration(origin: string, tenantId: string, version: 'v1' | 'v2'): Record<string, unknown> {
  const base = `${origin}/${tenantId}`;
  const v = version === 'v2' ? '/v2.0' : '';
  return {
    token_endpoint: `${base}/oauth2${v}/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${origin}/${version === 'v2' ? `${tenantId}/discovery/v2.0/keys` : 'common/discovery/keys'}`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: version === 'v2' ? `${base}/v2.0` : `https://sts.windows.net/${tenantId}/`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${origin}/oidc/userinfo`,
    authorization_endpoint: `${base}/oauth2${v}/authorize`,
    device_authorization_endpoint: `${base}/oauth2${v}/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2${v}/logout`,
    claims_supported: ['sub', 'iss', 'cloud_instance_name', 'cloud_instance_host_name', 'cloud_graph_host_name', 'msgraph_host', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'nonce', 'preferred_username', 'name', 'tid', 'ver', 'at_hash', 'c_hash', 'email'],
    tenant_region_scope: 'NA',
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: new URL(origin).host,
    rbac_url: 'https://pas.windows.net',
  };
}
