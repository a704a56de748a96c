import { errors as joseErrors } from 'jose';
import type { EmulatorState } from '../state.js';
import { stsIssuer, type TokenSigner } from '../tokens.js';
import { GraphError } from './errors.js';
import type { Principal } from './types.js';

/**
 * Graph's access-token check: a bearer token signed by the emulator, within its lifetime, for
 * Graph (aud https://graph.microsoft.com, its app id, or this emulator's own https origin), from
 * this tenant. Failures are 401 InvalidAuthenticationToken with Graph's messages.
 */
const GRAPH_AUDIENCES = new Set(['https://graph.microsoft.com', '00000003-0000-0000-c000-000000000000']);

const unauthorized = (message: string): GraphError =>
  new GraphError(401, 'InvalidAuthenticationToken', message, {
    headers: {
      'WWW-Authenticate': 'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"',
    },
  });

/** True for https://graph.microsoft.com and for an https URL on this emulator's port. */
export function isGraphAudience(aud: string, port: number): boolean {
  const a = aud.replace(/\/+$/, '').toLowerCase();
  if (GRAPH_AUDIENCES.has(a)) return true;
  try {
    const u = new URL(a);
    return u.protocol === 'https:' && Number(u.port) === port && ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname) && u.pathname === '/';
  } catch {
    return false;
  }
}

export async function authenticateBearer(state: EmulatorState, signer: TokenSigner, authorization: string | undefined, port: number): Promise<Principal> {
  const m = /^Bearer\s+(\S*)\s*$/i.exec(authorization ?? '');
  const token = m?.[1] ?? '';
  if (token === '') throw unauthorized('Access token is empty.');
  if (token.split('.').length !== 3) throw unauthorized('CompactToken parsing failed with error code: 80049217');
  let claims: Record<string, unknown>;
  try {
    claims = await signer.verify(token);
  } catch (e) {
    if (e instanceof joseErrors.JWTExpired) throw unauthorized('Lifetime validation failed, the token is expired.');
    if (e instanceof joseErrors.JWTClaimValidationFailed && e.claim === 'nbf') throw unauthorized('Lifetime validation failed, the token is not yet valid.');
    throw unauthorized('Access token validation failure.');
  }
  const aud = typeof claims.aud === 'string' ? claims.aud : '';
  if (!isGraphAudience(aud, port)) throw unauthorized('Access token validation failure. Invalid audience.');
  if (claims.iss !== stsIssuer(state.tenant.id)) throw unauthorized('Access token validation failure. Invalid issuer.');
  const isUser = claims.idtyp === 'user' || typeof claims.scp === 'string';
  const permissions = isUser ? String(claims.scp ?? '').split(' ').filter(Boolean) : Array.isArray(claims.roles) ? claims.roles.map(String) : [];
  return { kind: isUser ? 'user' : 'app', appId: String(claims.appid ?? ''), objectId: String(claims.oid ?? ''), permissions: new Set(permissions) };
}
