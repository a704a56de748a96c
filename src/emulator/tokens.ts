import { createHash, createPrivateKey, createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { exportJWK, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { newId } from './ids.js';

/**
 * The emulator's token signing key (RS256) and the access/ID tokens it issues. Graph access
 * tokens are shaped like Entra's v1.0 tokens for Graph (iss https://sts.windows.net/<tid>/,
 * ver 1.0, roles or scp), which is what real client-credential tokens for Graph carry.
 * Unlike real Graph tokens they carry no `nonce` header, so anyone with the JWKS can verify them.
 */
export const TOKEN_LIFETIME_SECONDS = 3599;

export class TokenSigner {
  readonly kid: string;
  private readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;

  private constructor(privateKey: KeyObject) {
    this.privateKey = privateKey;
    this.publicKey = createPublicKey(privateKey);
    const spki = this.publicKey.export({ type: 'spki', format: 'der' });
    this.kid = createHash('sha1').update(spki).digest('base64url');
  }

  static async create(privatePem?: string): Promise<TokenSigner> {
    if (privatePem) return new TokenSigner(createPrivateKey(privatePem));
    const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
    return new TokenSigner(privateKey);
  }

  get privatePem(): string {
    return this.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  }

  async jwks(): Promise<{ keys: Record<string, unknown>[] }> {
    const jwk = await exportJWK(this.publicKey);
    return { keys: [{ kty: jwk.kty, use: 'sig', kid: this.kid, x5t: this.kid, n: jwk.n, e: jwk.e, alg: 'RS256' }] };
  }

  sign(claims: JWTPayload): Promise<string> {
    return new SignJWT(claims).setProtectedHeader({ typ: 'JWT', alg: 'RS256', x5t: this.kid, kid: this.kid }).sign(this.privateKey);
  }

  /** Verifies signature and lifetime (5 minutes of clock skew, as Entra allows); throws jose errors. */
  async verify(token: string): Promise<JWTPayload> {
    const { payload } = await jwtVerify(token, this.publicKey, { algorithms: ['RS256'], clockTolerance: 300 });
    return payload;
  }
}

export const stsIssuer = (tenantId: string): string => `https://sts.windows.net/${tenantId}/`;

const now = (): number => Math.floor(Date.now() / 1000);

export interface AppTokenInput {
  tenantId: string;
  audience: string;
  appId: string;
  appDisplayName: string;
  servicePrincipalId: string;
  roles: readonly string[];
  /** "1" client secret, "2" certificate or federated assertion, "0" public client. */
  appidacr: '0' | '1' | '2';
  lifetimeSeconds?: number;
  extra?: Record<string, unknown>;
}

export function appTokenClaims(t: AppTokenInput): JWTPayload {
  const iat = now();
  return {
    aud: t.audience,
    iss: stsIssuer(t.tenantId),
    iat,
    nbf: iat,
    exp: iat + (t.lifetimeSeconds ?? TOKEN_LIFETIME_SECONDS) + 1,
    aio: newId(),
    app_displayname: t.appDisplayName,
    appid: t.appId,
    appidacr: t.appidacr,
    idp: stsIssuer(t.tenantId),
    idtyp: 'app',
    oid: t.servicePrincipalId,
    rh: newId(),
    ...(t.roles.length > 0 ? { roles: [...t.roles] } : {}),
    sub: t.servicePrincipalId,
    tenant_region_scope: 'NA',
    tid: t.tenantId,
    uti: newId().replaceAll('-', '').slice(0, 22),
    ver: '1.0',
    wids: ['0997a1d0-0d1d-4acb-b408-d5ca73121e90'],
    ...t.extra,
  };
}

export interface UserTokenInput {
  tenantId: string;
  audience: string;
  appId: string;
  appDisplayName: string;
  userId: string;
  userPrincipalName: string;
  displayName: string;
  scopes: readonly string[];
  roleTemplateIds: readonly string[];
}

export function userTokenClaims(t: UserTokenInput): JWTPayload {
  const iat = now();
  return {
    aud: t.audience,
    iss: stsIssuer(t.tenantId),
    iat,
    nbf: iat,
    exp: iat + TOKEN_LIFETIME_SECONDS + 1,
    acr: '1',
    amr: ['pwd'],
    app_displayname: t.appDisplayName,
    appid: t.appId,
    appidacr: '0',
    idtyp: 'user',
    name: t.displayName,
    oid: t.userId,
    scp: t.scopes.join(' '),
    sub: createHash('sha256').update(`${t.userId}:${t.appId}`).digest('base64url').slice(0, 43),
    tid: t.tenantId,
    unique_name: t.userPrincipalName,
    upn: t.userPrincipalName,
    uti: newId().replaceAll('-', '').slice(0, 22),
    ver: '1.0',
    wids: [...t.roleTemplateIds],
  };
}

/** The v2.0 ID token a public client gets with device code (aud = the client id). */
export function idTokenClaims(issuer: string, t: Omit<UserTokenInput, 'audience' | 'scopes' | 'roleTemplateIds' | 'appDisplayName'>): JWTPayload {
  const iat = now();
  return {
    aud: t.appId,
    iss: issuer,
    iat,
    nbf: iat,
    exp: iat + TOKEN_LIFETIME_SECONDS + 1,
    name: t.displayName,
    oid: t.userId,
    preferred_username: t.userPrincipalName,
    sub: createHash('sha256').update(`${t.userId}:${t.appId}:id`).digest('base64url').slice(0, 43),
    tid: t.tenantId,
    ver: '2.0',
  };
}
