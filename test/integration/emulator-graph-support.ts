/** The emulator contract tests' tenant and helpers (emulator-graph.test.ts). */
import type { GraphError as ClientGraphError } from '@microsoft/microsoft-graph-client';
import type { EmulatorOptions } from '../../src/emulator/index.js';

/** A tenant with one synced user holding addresses, an unverified domain, a reader app and a role holder. */
export const CONTRACT_TENANT: EmulatorOptions = {
  domains: ['contoso.com'],
  throttle: { enabled: false },
  batchResponseOrder: 'request',
  seed: {
    domains: [{ name: 'unverified.example', isVerified: false }],
    apps: [{ clientId: '11111111-2222-3333-4444-555555555555', displayName: 'reader', roles: ['User.Read.All'], secrets: ['reader-secret-value-1234567890'] }],
    users: [
      { userPrincipalName: 'taken@contoso.com', displayName: 'Taken', mail: 'taken.mail@contoso.com', proxyAddresses: ['SMTP:taken.mail@contoso.com', 'smtp:alias@contoso.com'], onPremisesImmutableId: 'AAECAwQFBgcICQoLDA0ODw==', onPremisesSyncEnabled: true },
    ],
    groups: [{ displayName: 'Admins group', members: ['taken@contoso.com'] }],
    roleAssignments: [{ role: 'User Administrator', principal: 'taken@contoso.com' }],
  },
};

export const V1_USER_DEFAULT = ['businessPhones', 'displayName', 'givenName', 'id', 'jobTitle', 'mail', 'mobilePhone', 'officeLocation', 'preferredLanguage', 'surname', 'userPrincipalName'];
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const PASSWORD = 'Xy7!longpassword';

export const newUser = (local: string, extra: Record<string, unknown> = {}) => ({
  accountEnabled: true,
  displayName: `User ${local}`,
  mailNickname: local,
  userPrincipalName: `${local}@contoso.com`,
  passwordProfile: { forceChangePasswordNextSignIn: false, password: PASSWORD },
  ...extra,
});

/** The error a Graph client call rejects with. */
export async function graphError(p: Promise<unknown>): Promise<ClientGraphError> {
  try {
    await p;
  } catch (e) {
    return e as ClientGraphError;
  }
  throw new Error('expected the call to fail');
}
