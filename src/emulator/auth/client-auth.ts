import { timingSafeEqual, X509Certificate } from 'node:crypto';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type { AppRecord, EmulatorState } from '../state.js';
import { aad, AadError } from './aadsts.js';

/**
 * Client authentication at the token endpoint, with Entra's checks and AADSTS codes:
 *   - client secret (form field or HTTP Basic): value and expiry;
 *   - certificate: a client assertion signed by the app itself (iss = sub = client_id) whose
 *     x5t (SHA-1) or x5t#S256 header names a registered certificate; signature, aud (the token
 *     endpoint), exp;
 *   - federated (workload identity): an external JWT whose iss/sub/aud match one of the app's
 *     federated credentials exactly; exp; the signature only when the credential carries a JWKS.
 * Returns the appidacr claim value: "1" secret, "2" certificate or federated, "0" public client.
 */
export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

const same = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

const expired = (end: string | null): boolean => end !== null && Date.parse(end) < Date.now();

export interface ClientAuthInput {
  params: URLSearchParams;
  authorization?: string;
  /** Accepts token-endpoint URLs for this tenant (the assertion's aud). */
  isTokenEndpoint(aud: string): boolean;
  allowPublic: boolean;
}

function basicSecret(header: string | undefined, appId: string): string | undefined {
  const m = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!m) return undefined;
  const [id, secret] = Buffer.from(m[1]!, 'base64').toString().split(':');
  return id && decodeURIComponent(id).toLowerCase() === appId ? decodeURIComponent(secret ?? '') : undefined;
}

export async function authenticateClient(state: EmulatorState, app: AppRecord, input: ClientAuthInput): Promise<'0' | '1' | '2'> {
  const secret = input.params.get('client_secret') ?? basicSecret(input.authorization, app.appId);
  const assertion = input.params.get('client_assertion');
  if (secret) {
    const match = app.secrets.find((s) => same(s.value, secret));
    if (!match) throw aad.badSecret(app.appId);
    if (expired(match.endDateTime)) throw aad.expiredSecret(app.appId);
    return '1';
  }
  if (assertion) {
    if (input.params.get('client_assertion_type') !== JWT_BEARER) throw new AadError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'client_assertion_type'.");
    let payload: JWTPayload;
    try {
      payload = decodeJwt(assertion);
    } catch {
      throw aad.malformedAssertion();
    }
    if (payload.iss === app.appId || payload.iss === input.params.get('client_id')) {
      await checkCertificateAssertion(app, assertion, payload, input);
    } else {
      await checkFederatedAssertion(app, assertion, payload);
    }
    return '2';
  }
  if (input.allowPublic && app.publicClient) return '0';
  throw aad.missingCredential();
}

const thumbHex = (b64url: unknown): string => (typeof b64url === 'string' ? Buffer.from(b64url, 'base64url').toString('hex').toUpperCase() : '');

async function checkCertificateAssertion(app: AppRecord, assertion: string, payload: JWTPayload, input: ClientAuthInput): Promise<void> {
  const header = decodeProtectedHeader(assertion);
  const sha256 = thumbHex(header['x5t#S256']);
  const sha1 = thumbHex(header.x5t);
  const cert = app.certificates.find((c) => (sha256 !== '' && c.thumbprintSha256 === sha256) || (sha1 !== '' && c.thumbprintSha1 === sha1));
  if (!cert) throw aad.certNotRegistered(app.appId, sha256 || sha1);
  if (expired(cert.endDateTime)) throw new AadError(401, 'invalid_client', 700027, 'Client assertion contains an invalid signature. [Reason - The key used is expired.]');
  try {
    await jwtVerify(assertion, new X509Certificate(cert.pem).publicKey, { algorithms: ['RS256', 'PS256', 'ES256'], clockTolerance: 300 });
  } catch (e) {
    if (e instanceof joseErrors.JWTExpired || (e instanceof joseErrors.JWTClaimValidationFailed && e.claim === 'nbf')) throw aad.assertionExpired();
    throw aad.badAssertionSignature();
  }
  const auds = Array.isArray(payload.aud) ? payload.aud : [payload.aud ?? ''];
  if (!auds.some((a) => input.isTokenEndpoint(a))) throw aad.assertionAudience();
  if (payload.sub !== app.appId) throw aad.assertionSubject();
}

async function checkFederatedAssertion(app: AppRecord, assertion: string, payload: JWTPayload): Promise<void> {
  const iss = String(payload.iss ?? '');
  const sub = String(payload.sub ?? '');
  const auds = (Array.isArray(payload.aud) ? payload.aud : [payload.aud ?? '']).map(String);
  // Federated identity credentials match case-sensitively (an Entra change of 2025).
  const fic = app.federatedCredentials.find((f) => f.issuer === iss && f.subject === sub && f.audiences.some((a) => auds.includes(a)));
  if (!fic) throw aad.noFederatedMatch(iss, sub, auds.join(','));
  if (typeof payload.exp !== 'number' || payload.exp * 1000 < Date.now() - 300_000) throw aad.assertionExpired();
  if (fic.jwks) {
    try {
      await jwtVerify(assertion, createLocalJWKSet(fic.jwks as never), { clockTolerance: 300 });
    } catch {
      throw aad.federatedSignature();
    }
  }
}
