/** Microsoft Entra ID over Microsoft Graph: auth (msal-node), paging, $batch, throttling, users/groups/domains/roles. */
export { EntraClient, GROUP_SELECT, USER_SELECT, odataString, userPath, type EntraClientOptions, type EntraHooks, type ListOptions } from './client.js';
export {
  BatchWriter,
  MAX_BATCH_STEPS,
  stepUrl,
  type BatchEnvelope,
  type BatchRequest,
  type BatchResult,
  type BatchStats,
  type BatchStep,
  type BatchStepResponse,
  type BatchTransport,
  type BatchWriterHooks,
  type BatchWriterOptions,
} from './batch.js';
export { GraphError, permissionFor } from './graph-error.js';
export { aadstsMessage, toAuthError, type AuthContext } from './auth-errors.js';
export { createCredential, graphScope, msalAuthority, type AccessToken, type Credential } from './credential.js';
export { logout } from './token-cache.js';
export { decodeToken, type TokenInfo } from './token-info.js';
export { FEDERATION_AUDIENCE } from './assertions.js';
