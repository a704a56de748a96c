import { decodeJwt } from 'jose';
import { CloudsyncError } from '../../errors.js';

/** What an access token says about the caller (claims decoded, signature NOT checked: Graph checks it). */
export interface TokenInfo {
  accessToken: string;
  expiresOn: Date;
  tenantId?: string;
  appId?: string;
  /** Application permissions (app-only tokens). */
  roles: string[];
  /** Delegated permissions (device code sign-in). */
  scopes: string[];
  issuedAt?: Date;
}

export function decodeToken(accessToken: string, expiresOn: Date): TokenInfo {
  let claims: Record<string, unknown>;
  try {
    claims = decodeJwt(accessToken);
  } catch (e) {
    // Some clouds issue opaque tokens for non-Graph resources; Graph's are JWTs.
    throw new CloudsyncError('auth', 'the access token is not a JWT: check that CLOUDSYNC_GRAPH_ENDPOINT names Microsoft Graph', { cause: e });
  }
  const info: TokenInfo = {
    accessToken,
    expiresOn: typeof claims.exp === 'number' ? new Date(claims.exp * 1000) : expiresOn,
    roles: Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === 'string') : [],
    scopes: typeof claims.scp === 'string' ? claims.scp.split(' ').filter(Boolean) : [],
  };
  if (typeof claims.tid === 'string') info.tenantId = claims.tid;
  const appId = claims.appid ?? claims.azp;
  if (typeof appId === 'string') info.appId = appId;
  if (typeof claims.iat === 'number') info.issuedAt = new Date(claims.iat * 1000);
  return info;
}
