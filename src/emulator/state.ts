import { createHash } from 'node:crypto';
import { Directory, type DirectoryJson } from './directory.js';
import { ExtensionStore, type ExtensionDef } from './extensions.js';
import { ProvisioningLogStore, type ProvisioningLogJson } from './provisioning/store.js';
import type { SyncServiceJson } from './sync-service/model.js';
import { SyncServiceStore } from './sync-service/store.js';
import type { PemPair } from './tls.js';

/**
 * Everything the emulator knows: the tenant, its domains, app registrations, managed
 * identities, the directory, and the keys (test CA, token signing key) that must survive a
 * restart for clients to keep trusting it. Serialisable to JSON for --state.
 */
export interface TenantInfo {
  id: string;
  /** "contoso" → contoso.onmicrosoft.com */
  name: string;
  displayName: string;
  createdDateTime: string;
  countryLetterCode: string;
  onPremisesSyncEnabled: boolean | null;
  onPremisesLastSyncDateTime: string | null;
  directorySizeQuotaTotal: number;
}

export interface DomainRecord {
  id: string;
  isVerified: boolean;
  isDefault: boolean;
  isInitial: boolean;
  authenticationType: 'Managed' | 'Federated';
  supportedServices: string[];
}

export interface SecretRecord {
  keyId: string;
  value: string;
  displayName: string | null;
  /** ISO date-time; null = never expires. */
  endDateTime: string | null;
}

export interface CertificateRecord {
  keyId: string;
  pem: string;
  thumbprintSha1: string;
  thumbprintSha256: string;
  endDateTime: string | null;
}

export interface FederatedCredentialRecord {
  name: string;
  issuer: string;
  subject: string;
  audiences: string[];
  /** Optional JWKS (inline) to verify the external token's signature; without it only iss/sub/aud/exp are checked. */
  jwks?: { keys: Record<string, unknown>[] };
}

export interface AppRecord {
  appId: string;
  /** The application object's id (GET /applications/{id}); derived from appId when absent. */
  objectId?: string;
  displayName: string;
  servicePrincipalId: string;
  /** Application permissions granted (the `roles` claim). */
  roles: string[];
  /** Delegated permissions consented (the `scp` claim of device-code tokens). */
  delegatedScopes: string[];
  secrets: SecretRecord[];
  certificates: CertificateRecord[];
  federatedCredentials: FederatedCredentialRecord[];
  /** "Allow public client flows" (device code without a client credential). */
  publicClient: boolean;
  disabled: boolean;
}

/** The application object id: stored, or derived from the appId for state files without one. */
export const appObjectId = (a: AppRecord): string => a.objectId ?? createHash('sha1').update(`application:${a.appId}`).digest('hex').slice(0, 32).replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');

export interface ManagedIdentityRecord {
  clientId: string;
  principalId: string;
  displayName: string;
  type: 'SystemAssigned' | 'UserAssigned';
  resourceId: string;
  roles: string[];
}

/** The application permissions cloudsync needs; the default app and identity hold them. */
export const CLOUDSYNC_ROLES: readonly string[] = [
  'User.ReadWrite.All',
  'Group.ReadWrite.All',
  'GroupMember.ReadWrite.All',
  'Directory.Read.All',
  'Domain.Read.All',
  'Organization.Read.All',
  'RoleManagement.Read.Directory',
  'AuditLog.Read.All',
  'Synchronization.ReadWrite.All',
  'OnPremisesPublishingProfiles.ReadWrite.All',
  'Application.ReadWrite.OwnedBy',
];

export interface StateJson {
  format: 'cloudsync-emulator-state';
  version: 1;
  tenant: TenantInfo;
  domains: DomainRecord[];
  apps: AppRecord[];
  managedIdentities: ManagedIdentityRecord[];
  /** App Service style IDENTITY_HEADER value. */
  identityHeader: string;
  ca: PemPair;
  signingKeyPem: string;
  directory: DirectoryJson;
  /** Cloud sync configurations and agents (absent in state files written before they existed). */
  syncService?: SyncServiceJson;
  /** The provisioning log (absent in state files written before it existed). */
  provisioningLogs?: ProvisioningLogJson;
  /** Directory extension definitions (absent in state files written before they existed). */
  extensionProperties?: ExtensionDef[];
}

export class EmulatorState {
  tenant: TenantInfo;
  domains: DomainRecord[];
  apps: AppRecord[];
  managedIdentities: ManagedIdentityRecord[];
  identityHeader: string;
  readonly ca: PemPair;
  readonly signingKeyPem: string;
  readonly dir: Directory;
  /** The cloud sync service: configurations, jobs, agents (docs/emulator.md, "Cloud sync jobs"). */
  readonly syncService: SyncServiceStore;
  /** GET /auditLogs/provisioning (docs/emulator.md, "Provisioning logs"). */
  readonly provisioningLogs: ProvisioningLogStore;
  /** Directory extension definitions on the applications (extensions.ts). */
  readonly extensions: ExtensionStore;
  /** Called after changes outside the directory (the directory has its own hook). */
  onChange: () => void = () => {};

  constructor(j: Omit<StateJson, 'format' | 'version' | 'directory' | 'syncService'> & { directory?: DirectoryJson; syncService?: SyncServiceJson }) {
    this.tenant = j.tenant;
    this.domains = j.domains;
    this.apps = j.apps;
    this.managedIdentities = j.managedIdentities;
    this.identityHeader = j.identityHeader;
    this.ca = j.ca;
    this.signingKeyPem = j.signingKeyPem;
    this.dir = j.directory ? Directory.fromJSON(j.directory) : new Directory();
    this.dir.onChange = () => this.onChange();
    this.syncService = new SyncServiceStore(j.syncService);
    this.syncService.onChange = () => this.onChange();
    this.provisioningLogs = j.provisioningLogs ? ProvisioningLogStore.fromJSON(j.provisioningLogs) : new ProvisioningLogStore();
    this.provisioningLogs.onChange = () => this.onChange();
    this.extensions = new ExtensionStore(j.extensionProperties);
    this.extensions.onChange = () => this.onChange();
  }

  get initialDomain(): string {
    return this.domains.find((d) => d.isInitial)!.id;
  }

  get defaultDomain(): string {
    return (this.domains.find((d) => d.isDefault) ?? this.domains.find((d) => d.isInitial)!).id;
  }

  /** The default app (the first one, created at first start). */
  get defaultApp(): AppRecord {
    return this.apps[0]!;
  }

  isVerifiedDomain(name: string): boolean {
    const n = name.toLowerCase();
    return this.domains.some((d) => d.isVerified && d.id === n);
  }

  /** A tenant reference as clients use it: the tenant id or any verified domain name. */
  isThisTenant(ref: string): boolean {
    const r = ref.toLowerCase();
    return r === this.tenant.id || this.isVerifiedDomain(r);
  }

  findApp(appId: string): AppRecord | undefined {
    const id = appId.toLowerCase();
    return this.apps.find((a) => a.appId === id);
  }

  /** An application by its object id or appId. */
  findAppByAnyId(id: string): AppRecord | undefined {
    const n = id.toLowerCase().replace(/^appid=/, '');
    return this.apps.find((a) => a.appId === n || appObjectId(a) === n);
  }

  addDomain(d: DomainRecord): void {
    const existing = this.domains.find((x) => x.id === d.id);
    if (existing) Object.assign(existing, { ...d, isInitial: existing.isInitial });
    else this.domains.push(d);
    if (d.isDefault) for (const x of this.domains) x.isDefault = x.id === d.id;
    this.onChange();
  }

  toJSON(): StateJson {
    return {
      format: 'cloudsync-emulator-state',
      version: 1,
      tenant: this.tenant,
      domains: this.domains,
      apps: this.apps,
      managedIdentities: this.managedIdentities,
      identityHeader: this.identityHeader,
      ca: this.ca,
      signingKeyPem: this.signingKeyPem,
      directory: this.dir.toJSON(),
      syncService: this.syncService.toJSON(),
      provisioningLogs: this.provisioningLogs.toJSON(),
      extensionProperties: this.extensions.toJSON(),
    };
  }
}
