import { newId } from '../ids.js';

/**
 * Entra ID token-endpoint errors, shaped like the real ones:
 * `{"error","error_description":"AADSTS<code>: … Trace ID: … Correlation ID: … Timestamp: …","error_codes":[code],
 *   "timestamp","trace_id","correlation_id","error_uri"}`.
 */
export class AadError extends Error {
  readonly status: number;
  readonly error: string;
  readonly code: number;

  constructor(status: number, error: string, code: number, description: string) {
    super(description);
    this.status = status;
    this.error = error;
    this.code = code;
  }
}

/** "2025-02-13 10:17:05Z", the token endpoint's timestamp format. */
const aadTimestamp = (d = new Date()): string => `${d.toISOString().slice(0, 19).replace('T', ' ')}Z`;

export function aadBody(e: AadError, correlationId: string = newId()): Record<string, unknown> {
  const traceId = newId();
  const timestamp = aadTimestamp();
  return {
    error: e.error,
    error_description: `AADSTS${e.code}: ${e.message} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
    error_codes: [e.code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${e.code}`,
  };
}

// The errors the emulator produces, with Entra's wording.
export const aad = {
  tenantNotFound: (tenant: string) =>
    new AadError(400, 'invalid_tenant', 90002, `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`),
  unknownClient: (clientId: string, tenant: string) =>
    new AadError(400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`),
  badSecret: (clientId: string) =>
    new AadError(401, 'invalid_client', 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`),
  expiredSecret: (clientId: string) =>
    new AadError(401, 'invalid_client', 7000222, `The provided client secret keys for app '${clientId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`),
  missingCredential: () =>
    new AadError(401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'."),
  appDisabled: (clientId: string, name: string) => new AadError(400, 'unauthorized_client', 7000112, `Application '${clientId}'(${name}) is disabled.`),
  certNotRegistered: (clientId: string, thumbprint: string) =>
    new AadError(401, 'invalid_client', 700027, `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${thumbprint}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${clientId}'. Review the documentation at https://docs.microsoft.com/en-us/graph/deployment-endpoints to find the SDK or URL for your cloud or national cloud.]`),
  badAssertionSignature: () => new AadError(401, 'invalid_client', 700027, 'Client assertion failed signature validation.'),
  assertionAudience: () =>
    new AadError(401, 'invalid_client', 700023, 'Client assertion audience claim does not match Realm issuer. Review the documentation at https://docs.microsoft.com/azure/active-directory/develop/active-directory-certificate-credentials .'),
  assertionSubject: () =>
    new AadError(401, 'invalid_client', 700021, "Client assertion application identifier doesn't match 'client_id' parameter. Review the documentation at https://docs.microsoft.com/azure/active-directory/develop/active-directory-certificate-credentials ."),
  assertionExpired: () => new AadError(401, 'invalid_client', 700024, 'Client assertion is not within its valid time range.'),
  malformedAssertion: () => new AadError(401, 'invalid_client', 50027, 'JWT token is invalid or malformed.'),
  noFederatedMatch: (iss: string, sub: string, aud: string) =>
    new AadError(400, 'invalid_request', 70021, `No matching federated identity record found for presented assertion. Assertion Issuer: '${iss}'. Assertion Subject: '${sub}'. Assertion Audience: '${aud}'. https://docs.microsoft.com/en-us/azure/active-directory/develop/workload-identity-federation`),
  federatedSignature: () => new AadError(401, 'invalid_client', 700211, 'No matching federated identity record found for presented assertion issuer signing key.'),
  badScopeForClientCredentials: (scope: string) =>
    new AadError(400, 'invalid_scope', 1002012, `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`),
  unknownResource: (resource: string, tenant: string) =>
    new AadError(400, 'invalid_resource', 500011, `The resource principal named ${resource} was not found in the tenant named ${tenant}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`),
  unsupportedGrant: (grant: string) => new AadError(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grant}'.`),
  missingParameter: (name: string) => new AadError(400, 'invalid_request', 900144, `The request body must contain the following parameter: '${name}'.`),
  authorizationPending: () => new AadError(400, 'authorization_pending', 70016, 'OAuth 2.0 device flow error. Authorization is pending. Continue polling.'),
  deviceCodeExpired: () => new AadError(400, 'expired_token', 70020, "The provided value for the input parameter 'device_code' is not valid. This device code has expired."),
  deviceCodeDeclined: () => new AadError(400, 'authorization_declined', 70000, 'The user declined the sign-in request.'),
  badDeviceCode: () => new AadError(400, 'invalid_grant', 70000, "The provided value for the 'device_code' parameter is not valid."),
  badRefreshToken: () => new AadError(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.'),
  consentRequired: (clientId: string, name: string) =>
    new AadError(400, 'invalid_grant', 65001, `The user or administrator has not consented to use the application with ID '${clientId}' named '${name}'. Send an interactive authorization request for this user and resource.`),
};
