import { CloudsyncError } from '../errors.js';
import { newClientSecret, newId } from './ids.js';
import { GLOBAL_ADMINISTRATOR } from './roles-catalog.js';
import { userDefaults } from './graph/users.js';
import { addApp, addManagedIdentity, applySeed, type ParsedSeed } from './seed.js';
import { CLOUDSYNC_ROLES, EmulatorState } from './state.js';
import { createCa } from './tls.js';
import { TokenSigner } from './tokens.js';

export function addVerifiedDomain(state: EmulatorState, name: string): void {
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(name)) throw new CloudsyncError('usage', `emulator: '${name}' is not a domain name`);
  state.addDomain({ id: name.toLowerCase(), isVerified: true, isDefault: false, isInitial: false, authenticationType: 'Managed', supportedServices: ['Email', 'OfficeCommunicationsOnline'] });
}

/**
 * A new tenant: <name>.onmicrosoft.com (initial, verified, default), a default app holding the
 * permissions cloudsync needs (client secret, public client flows allowed), a system-assigned
 * managed identity with the same permissions, a Global Administrator admin@<initial domain>
 * (password: the default app's client secret) unless the seed says defaultAdmin: false, then
 * the seed.
 */
export async function createState(opts: { tenantName?: string; domains?: readonly string[]; seed?: ParsedSeed; seedSource?: string }): Promise<EmulatorState> {
  const seed = opts.seed;
  const name = (seed?.tenant?.name ?? opts.tenantName ?? 'contoso').toLowerCase();
  const tenantId = (seed?.tenant?.id ?? newId()).toLowerCase();
  const initial = `${name}.onmicrosoft.com`;
  const [ca, signer] = await Promise.all([createCa(), TokenSigner.create()]);
  const state = new EmulatorState({
    tenant: {
      id: tenantId,
      name,
      displayName: seed?.tenant?.displayName ?? `${name.charAt(0).toUpperCase()}${name.slice(1)}`,
      createdDateTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      countryLetterCode: 'US',
      onPremisesSyncEnabled: null,
      onPremisesLastSyncDateTime: null,
      directorySizeQuotaTotal: seed?.tenant?.directorySizeQuotaTotal ?? 0,
    },
    domains: [{ id: initial, isVerified: true, isDefault: true, isInitial: true, authenticationType: 'Managed', supportedServices: ['Email', 'OfficeCommunicationsOnline'] }],
    apps: [],
    managedIdentities: [],
    identityHeader: newId(),
    ca,
    signingKeyPem: signer.privatePem,
  });
  for (const d of opts.domains ?? []) addVerifiedDomain(state, d);
  const secret = newClientSecret();
  addApp(state, {
    appId: newId(),
    displayName: 'cloudsync emulator app',
    servicePrincipalId: newId(),
    roles: [...CLOUDSYNC_ROLES],
    delegatedScopes: [...CLOUDSYNC_ROLES],
    secrets: [{ keyId: newId(), value: secret, displayName: 'default', endDateTime: null }],
    certificates: [],
    federatedCredentials: [],
    publicClient: true,
    disabled: false,
  });
  addManagedIdentity(state, {
    clientId: newId(),
    principalId: newId(),
    displayName: 'cloudsync-emulator',
    type: 'SystemAssigned',
    resourceId: `/subscriptions/${newId()}/resourceGroups/cloudsync-emulator/providers/Microsoft.Web/sites/cloudsync-emulator`,
    roles: [...CLOUDSYNC_ROLES],
  });
  if (seed?.defaultAdmin !== false) {
    const id = newId();
    const upn = `admin@${initial}`;
    const admin = state.dir.insert('user', {
      ...userDefaults(state, id, upn),
      accountEnabled: true,
      displayName: 'Emulator Administrator',
      mailNickname: 'admin',
      userPrincipalName: upn,
      mail: upn,
      proxyAddresses: [`SMTP:${upn}`],
    });
    state.dir.setPassword(admin.id, secret);
    state.dir.assignRole(admin.id, GLOBAL_ADMINISTRATOR, newId);
  }
  if (seed) applySeed(state, seed, opts.seedSource);
  return state;
}
