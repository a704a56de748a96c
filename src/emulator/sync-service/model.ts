/**
 * What the emulator's cloud sync service keeps (persisted with --state): configurations (one
 * service principal per AD domain, with its jobs, schema, settings and secret digests) and the
 * provisioning agents with their agent groups. Graph's own shapes are in
 * src/directory/entra/synchronization-types.ts; these records hold them plus the service's
 * bookkeeping (restart flags, staged deletes), which Graph never returns.
 */
import type { KeyValuePair, SynchronizationSchedule, SynchronizationSchema, SynchronizationStatus } from '../../directory/entra/synchronization-types.js';

/** Where a configuration reads its "AD": an LDIF file, or an LDAP directory (password from an environment variable). */
export type SyncSourceConfig =
  | { kind: 'ldif'; path: string }
  | {
      kind: 'ldap';
      urls: string[];
      bindDn?: string;
      /** The NAME of the environment variable holding the bind password; the password is never stored. */
      passwordEnv?: string;
      caFile?: string;
      baseDn?: string;
      startTls?: boolean;
      tlsVerify?: boolean;
      allowPlaintext?: boolean;
    };

export interface JobRecord {
  id: string;
  templateId: string;
  schedule: SynchronizationSchedule;
  settings: KeyValuePair[];
  status: SynchronizationStatus;
  schema: SynchronizationSchema;
  /** Set by restart: the next cycle reads everything (Watermark), and/or lets staged deletes through once (ForceDeletes). */
  next: { full: boolean; forceDeletes: boolean };
  /** Failed exports kept for retry (escrows), cleared by restart with Escrows. */
  escrows: number;
  /** Deletes held back by the last TooManyDeletes cycle. */
  stagedDeletes: number;
  /** ISO time the scheduler last started a cycle (or the job was created/started). */
  lastTick: string;
}

export interface SecretDigest {
  key: string;
  /** sha256 of the value: enough to tell that a value was set, never the value. */
  sha256: string;
  /** The value itself, kept only for settings that are not credentials (Domain, SyncNotificationSettings, …). */
  value?: string;
}

export interface ConfigurationRecord {
  servicePrincipalId: string;
  appId: string;
  /** The AD domain (the service principal's displayName). */
  domain: string;
  jobs: JobRecord[];
  secrets: SecretDigest[];
  source?: SyncSourceConfig;
}

export interface AgentRecord {
  id: string;
  machineName: string;
  externalIp: string;
  status: 'active' | 'inactive';
  supportedPublishingTypes: string[];
  /** ISO time of the agent's last contact (not a Graph property; inactive after about an hour). */
  lastContactDateTime: string;
  agentGroupIds: string[];
}

export interface AgentGroupRecord {
  id: string;
  displayName: string;
  isDefault: boolean;
  publishingType: string;
  publishedResource: { id: string; displayName: string; resourceName: string };
}

export interface SyncServiceJson {
  configurations: ConfigurationRecord[];
  agents: AgentRecord[];
  agentGroups: AgentGroupRecord[];
}
