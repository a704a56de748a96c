import { AuthError, ServerError } from '@azure/msal-node';
import { describe, expect, it } from 'vitest';
import { toAuthError, type AuthContext } from '../../src/directory/entra/auth-errors.js';
import { CloudsyncError } from '../../src/errors.js';

const ctx: AuthContext = {
  method: 'secret',
  tenantId: 'contoso.onmicrosoft.com',
  clientId: 'a1b2c3',
  authorityHost: 'https://login.microsoftonline.com',
  graphEndpoint: 'https://graph.microsoft.com',
};

/** A ServerError exactly as msal-common builds it from a token endpoint error body. */
function serverError(error: string, code: string, description: string): ServerError {
  const text = `Error(s): ${code} - Timestamp: 2026-01-01 10:00:00Z - Description: AADSTS${code}: ${description}\r\nTrace ID: 0f0f\r\nCorrelation ID: abcd\r\nTimestamp: 2026-01-01 10:00:00Z - Correlation ID: abcd - Trace ID: 0f0f`;
  return new ServerError(error, 'abcd', text, undefined, code, 400);
}

describe('AADSTS errors become one line with the fix', () => {
  const cases: [string, string, string, RegExp, Partial<AuthContext>?][] = [
    ['invalid_client', '7000215', 'Invalid client secret provided.', /client secret is wrong \(AADSTS7000215\): check AZURE_CLIENT_SECRET.*create a new secret/],
    ['invalid_client', '7000222', 'The provided client secret keys for app are expired.', /client secret has expired \(AADSTS7000222\).*update AZURE_CLIENT_SECRET/],
    [
      'invalid_client',
      '700027',
      'Client assertion failed signature validation.',
      /certificate \(thumbprint AB12\) is not registered for app a1b2c3 \(AADSTS700027\): upload \/certs\/app\.pem/,
      { method: 'certificate', certificatePath: '/certs/app.pem', certificateThumbprint: 'AB12' },
    ],
    ['invalid_client', '700024', 'Client assertion is not within its valid time range.', /outside its valid time range \(AADSTS700024\): check this machine's clock/],
    ['invalid_grant', '65001', "The user or administrator has not consented to use the application.", /admin consent is missing for app a1b2c3 \(AADSTS65001\): grant admin consent/],
    ['invalid_resource', '500011', 'The resource principal named https://graph.microsoft.com was not found.', /resource https:\/\/graph\.microsoft\.com is not known.*CLOUDSYNC_GRAPH_ENDPOINT/],
    ['invalid_request', '90002', "Tenant 'contoso.onmicrosoft.com' not found.", /tenant "contoso\.onmicrosoft\.com" not found \(AADSTS90002\): check AZURE_TENANT_ID/],
    ['invalid_request', '900023', 'Specified tenant identifier is neither a valid DNS name, nor a valid external domain.', /not found \(AADSTS900023\): check AZURE_TENANT_ID/],
    ['unauthorized_client', '700016', "Application with identifier 'a1b2c3' was not found in the directory.", /application a1b2c3 not found in tenant contoso\.onmicrosoft\.com \(AADSTS700016\): check AZURE_CLIENT_ID/],
    ['unauthorized_client', '7000112', 'Application is disabled.', /application a1b2c3 is disabled \(AADSTS7000112\): enable its service principal/],
    ['invalid_grant', '50034', 'The user account does not exist in the directory.', /user account does not exist in tenant .* \(AADSTS50034\)/],
  ];
  for (const [error, code, description, expected, extra] of cases) {
    it(`AADSTS${code}`, () => {
      const e = toAuthError(serverError(error, code, description), { ...ctx, ...extra });
      expect(e).toBeInstanceOf(CloudsyncError);
      expect(e.kind).toBe('auth');
      expect(e.message).toMatch(expected);
      expect(e.message).not.toMatch(/\n|Trace ID|Correlation ID/);
      expect(e.detail).toContain(`AADSTS${code}`);
    });
  }

  it('AADSTS70021 states the rule and the subject/issuer the token carried', () => {
    const d =
      "No matching federated identity record found for presented assertion. Assertion Issuer: 'https://token.actions.githubusercontent.com'. Assertion Subject: 'repo:contoso/sync:ref:refs/heads/main'. Assertion Audience: 'api://AzureADTokenExchange'.";
    const e = toAuthError(serverError('invalid_request', '70021', d), { ...ctx, method: 'github-oidc' });
    expect(e.message).toMatch(/the federated credential's subject must be exactly the token's subject/);
    expect(e.message).toContain("subject 'repo:contoso/sync:ref:refs/heads/main'");
    expect(e.message).toContain("issuer 'https://token.actions.githubusercontent.com'");
  });

  it('reads device code outcomes by their error name (AADSTS70000 means several things)', () => {
    const expired = toAuthError(serverError('expired_token', '70020', 'This device code has expired.'), { ...ctx, method: 'device-code' });
    expect(expired.message).toMatch(/device code expired.*run the command again/);
    const declined = toAuthError(serverError('authorization_declined', '70000', 'The user declined the sign-in request.'), { ...ctx, method: 'device-code' });
    expect(declined.message).toMatch(/sign-in was declined/);
    const bad = toAuthError(serverError('invalid_grant', '70000', "The provided value for the 'device_code' parameter is not valid."), ctx);
    expect(bad.message).toBe("authentication failed: AADSTS70000: The provided value for the 'device_code' parameter is not valid");
  });

  it('keeps the AADSTS line as given for unknown codes', () => {
    const e = toAuthError(serverError('invalid_request', '9999999', 'Something new happened.'), ctx);
    expect(e.message).toBe('authentication failed: AADSTS9999999: Something new happened');
  });

  it('recognises an unknown tenant from the OpenID metadata answer msal discards', () => {
    const e = toAuthError(new AuthError('endpoints_resolution_error', 'x', 'Endpoints cannot be resolved'), ctx, {
      url: 'https://login.microsoftonline.com/nope/v2.0/.well-known/openid-configuration',
      message: 'HTTP 400',
      aadsts: "AADSTS90002: Tenant 'nope' not found.",
    });
    expect(e.message).toMatch(/tenant "contoso\.onmicrosoft\.com" not found \(AADSTS90002\)/);
  });
});

describe('transport failures at the authority', () => {
  it('become kind connect naming the authority host and the cause', () => {
    const e = toAuthError(new AuthError('endpoints_resolution_error', 'x'), { ...ctx, authorityHost: 'https://localhost:9' }, {
      url: 'https://localhost:9/t/v2.0/.well-known/openid-configuration',
      code: 'ECONNREFUSED',
      message: 'connect ECONNREFUSED',
    });
    expect(e.kind).toBe('connect');
    expect(e.message).toBe('cannot reach the authority localhost:9 (ECONNREFUSED): check the network, proxy and AZURE_AUTHORITY_HOST');
  });

  it('name the CA setting when the certificate is not trusted', () => {
    const e = toAuthError(new AuthError('network_error', 'x'), ctx, { url: 'https://login.example/t/token', code: 'SELF_SIGNED_CERT_IN_CHAIN', message: 'self-signed' });
    expect(e.kind).toBe('tls');
    expect(e.message).toMatch(/login\.example \(SELF_SIGNED_CERT_IN_CHAIN\).*NODE_EXTRA_CA_CERTS/);
  });

  it('blame the managed identity endpoint, not the authority, for managed identity', () => {
    const e = toAuthError(new AuthError('network_error', 'x'), { ...ctx, method: 'managed-identity' }, {
      url: 'http://169.254.169.254/metadata/identity/oauth2/token',
      code: 'ETIMEDOUT',
      message: 'timeout',
    });
    expect(e.message).toMatch(/cannot reach the managed identity endpoint 169\.254\.169\.254 \(ETIMEDOUT\)/);
  });

  it('pass CloudsyncErrors through unchanged', () => {
    const original = new CloudsyncError('config', 'cannot read the federated token file');
    expect(toAuthError(original, ctx)).toBe(original);
  });
});
