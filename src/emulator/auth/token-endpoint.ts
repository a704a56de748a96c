import { newOpaque } from '../ids.js';
import type { AppRecord } from '../state.js';
import { appTokenClaims, idTokenClaims, TOKEN_LIFETIME_SECONDS, userTokenClaims } from '../tokens.js';
import { isGraphAudience } from '../graph/bearer.js';
import { aad, AadError } from './aadsts.js';
import { authenticateClient } from './client-auth.js';
import { resolveTenant } from './discovery.js';
import type { AuthEnv, AuthResponse } from './env.js';

/**
 * POST /{tenant}/oauth2/v2.0/token (and the v1 /oauth2/token with `resource`): client
 * credentials, device code, refresh token. Also /devicecode, which starts a device sign-in.
 */
const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

export interface TokenCall {
  tenantRef: string;
  version: 'v1' | 'v2';
  params: URLSearchParams;
  authorization?: string;
  origin: string;
}

/** The audience a resource identifier maps to, or undefined when it is not Graph. */
export function graphAudience(resource: string, port: number): string | undefined {
  const r = resource.replace(/\/+$/, '');
  return isGraphAudience(r, port) ? r : undefined;
}

function findApp(env: AuthEnv, params: URLSearchParams): AppRecord {
  const clientId = params.get('client_id');
  if (!clientId) throw aad.missingParameter('client_id');
  const app = env.state.findApp(clientId);
  if (!app) throw aad.unknownClient(clientId, env.state.tenant.id);
  if (app.disabled) throw aad.appDisabled(app.appId, app.displayName);
  return app;
}

function tokenEndpointMatcher(env: AuthEnv) {
  return (aud: string): boolean => {
    try {
      const u = new URL(aud);
      const m = /^\/([^/]+)\/oauth2(?:\/v2\.0)?\/token\/?$/.exec(u.pathname);
      return u.protocol === 'https:' && Number(u.port) === env.port && m !== null && env.state.isThisTenant(decodeURIComponent(m[1]!));
    } catch {
      return false;
    }
  };
}

const ok = (body: Record<string, unknown>): AuthResponse => ({ status: 200, body, headers: { 'Cache-Control': 'no-store, no-cache', Pragma: 'no-cache' } });

export async function handleToken(env: AuthEnv, call: TokenCall): Promise<AuthResponse> {
  resolveTenant(env.state, call.tenantRef);
  const grant = call.params.get('grant_type');
  if (!grant) throw aad.missingParameter('grant_type');
  const app = findApp(env, call.params);
  const clientAuth = { params: call.params, authorization: call.authorization, isTokenEndpoint: tokenEndpointMatcher(env) };
  if (grant === 'client_credentials') {
    const acr = await authenticateClient(env.state, app, { ...clientAuth, allowPublic: false });
    const audience = clientCredentialsAudience(env, call);
    const claims = appTokenClaims({
      tenantId: env.state.tenant.id,
      audience,
      appId: app.appId,
      appDisplayName: app.displayName,
      servicePrincipalId: app.servicePrincipalId,
      roles: app.roles,
      appidacr: acr,
    });
    return ok({ token_type: 'Bearer', expires_in: TOKEN_LIFETIME_SECONDS, ext_expires_in: TOKEN_LIFETIME_SECONDS, access_token: await env.signer.sign(claims) });
  }
  if (grant === DEVICE_GRANT || grant === 'device_code') {
    await authenticateClient(env.state, app, { ...clientAuth, allowPublic: true });
    const code = call.params.get('device_code');
    if (!code) throw aad.missingParameter('device_code');
    const { userId, scopes } = env.deviceCodes.redeem(env.state, code, app.appId);
    return userTokens(env, app, userId, scopes, call.origin);
  }
  if (grant === 'refresh_token') {
    await authenticateClient(env.state, app, { ...clientAuth, allowPublic: true });
    const rt = env.refreshTokens.get(call.params.get('refresh_token') ?? '');
    if (!rt || rt.appId !== app.appId) throw aad.badRefreshToken();
    const requested = (call.params.get('scope') ?? '').split(' ').filter(Boolean);
    return userTokens(env, app, rt.userId, requested.length > 0 ? requested : rt.scopes, call.origin);
  }
  throw aad.unsupportedGrant(grant);
}

function clientCredentialsAudience(env: AuthEnv, call: TokenCall): string {
  let resource: string;
  if (call.version === 'v1') {
    resource = call.params.get('resource') ?? '';
    if (!resource) throw aad.missingParameter('resource');
  } else {
    const scope = call.params.get('scope');
    if (!scope) throw aad.missingParameter('scope');
    const scopes = scope.split(' ').filter(Boolean);
    if (scopes.length !== 1 || !scopes[0]!.endsWith('/.default')) throw aad.badScopeForClientCredentials(scope);
    resource = scopes[0]!.slice(0, -'/.default'.length);
  }
  const audience = graphAudience(resource, env.port);
  if (!audience) throw aad.unknownResource(resource, env.state.tenant.id);
  return audience;
}

/** Access, ID and refresh tokens for a signed-in user (delegated permissions in `scp`). */
async function userTokens(env: AuthEnv, app: AppRecord, userId: string, scopes: string[], origin: string): Promise<AuthResponse> {
  const state = env.state;
  const user = state.dir.get(userId);
  if (!user || user.type !== 'user') throw new AadError(400, 'invalid_grant', 50034, 'The user account does not exist in the directory.');
  const resourceScopes = scopes.filter((s) => !OIDC_SCOPES.has(s.toLowerCase()));
  let audience = 'https://graph.microsoft.com';
  const granted = new Set<string>();
  for (const s of resourceScopes) {
    const i = s.lastIndexOf('/');
    const resource = i > 0 ? s.slice(0, i) : 'https://graph.microsoft.com';
    const permission = i > 0 ? s.slice(i + 1) : s;
    const aud = graphAudience(resource, env.port);
    if (!aud) throw aad.unknownResource(resource, state.tenant.id);
    audience = aud;
    if (permission === '.default') app.delegatedScopes.forEach((p) => granted.add(p));
    else if (app.delegatedScopes.includes(permission)) granted.add(permission);
    else throw aad.consentRequired(app.appId, app.displayName);
  }
  const upn = String(user.props.userPrincipalName);
  const displayName = String(user.props.displayName ?? upn);
  const access = userTokenClaims({
    tenantId: state.tenant.id,
    audience,
    appId: app.appId,
    appDisplayName: app.displayName,
    userId,
    userPrincipalName: upn,
    displayName,
    scopes: [...granted],
    roleTemplateIds: state.dir.roleTemplatesOf(userId),
  });
  const idToken = idTokenClaims(`${origin}/${state.tenant.id}/v2.0`, { tenantId: state.tenant.id, appId: app.appId, userId, userPrincipalName: upn, displayName });
  const body: Record<string, unknown> = {
    token_type: 'Bearer',
    // The requested scopes plus what they expanded to, so msal's cache finds the token either way.
    scope: [...new Set([...resourceScopes, ...[...granted].map((p) => `${audience}/${p}`)])].join(' '),
    expires_in: TOKEN_LIFETIME_SECONDS,
    ext_expires_in: TOKEN_LIFETIME_SECONDS,
    access_token: await env.signer.sign(access),
    id_token: await env.signer.sign(idToken),
    client_info: Buffer.from(JSON.stringify({ uid: userId, utid: state.tenant.id })).toString('base64url'),
  };
  if (scopes.some((s) => s.toLowerCase() === 'offline_access')) {
    const rt = newOpaque(48);
    env.refreshTokens.set(rt, { userId, appId: app.appId, scopes });
    body.refresh_token = rt;
  }
  return ok(body);
}

export function handleDeviceCodeStart(env: AuthEnv, tenantRef: string, params: URLSearchParams, origin: string): AuthResponse {
  resolveTenant(env.state, tenantRef);
  const app = findApp(env, params);
  const scopes = (params.get('scope') ?? '').split(' ').filter(Boolean);
  if (scopes.length === 0) throw aad.missingParameter('scope');
  return { status: 200, body: env.deviceCodes.start(app, scopes, origin) };
}
