/**
 * The cloud sync service's part of the emulator state: configurations and agents, lookups that
 * answer Graph's 404s, and the runner (attached at start, never persisted) that the routes use
 * for cycles and provisionOnDemand.
 */
import type { ProvisionOnDemandRequest, StringKeyStringValuePair } from '../../directory/entra/synchronization-types.js';
import { GraphError, notFound } from '../graph/errors.js';
import type { Principal } from '../graph/types.js';
import type { AgentGroupRecord, AgentRecord, ConfigurationRecord, JobRecord, SyncServiceJson } from './model.js';

export interface JobRef {
  config: ConfigurationRecord;
  job: JobRecord;
}

export interface CycleReport {
  jobId: string;
  status: JobRecord['status'];
  /** Provisioning-log records the cycle added. */
  records: number;
}

/** What runs outside a request's synchronous handling (set by startEmulator). */
export interface SyncRunner {
  runCycle(ref: JobRef): Promise<CycleReport>;
  provisionOnDemand(ref: JobRef, body: ProvisionOnDemandRequest, caller: Principal): Promise<StringKeyStringValuePair>;
  /** Admits one provisionOnDemand call of this app that arrived at `receivedAt`, or says how long to wait (seconds). */
  admitOnDemand(appId: string, receivedAt: number): { ok: true } | { ok: false; retryAfterSeconds: number };
}

export class SyncServiceStore {
  configurations: ConfigurationRecord[];
  agents: AgentRecord[];
  agentGroups: AgentGroupRecord[];
  onChange: () => void = () => {};
  runner: SyncRunner | undefined;
  /** The scheduler's speed (--sync-speed): quarantines set outside a cycle retry this much sooner too. */
  speed = 1;

  constructor(j: SyncServiceJson = { configurations: [], agents: [], agentGroups: [] }) {
    this.configurations = j.configurations;
    this.agents = j.agents;
    this.agentGroups = j.agentGroups;
  }

  changed(): void {
    this.onChange();
  }

  /** The configuration of a service principal; 404 when the principal has no synchronization. */
  config(servicePrincipalId: string): ConfigurationRecord {
    const id = servicePrincipalId.toLowerCase();
    const c = this.configurations.find((x) => x.servicePrincipalId === id);
    if (!c) throw notFound(servicePrincipalId);
    return c;
  }

  job(servicePrincipalId: string, jobId: string): JobRef {
    const config = this.config(servicePrincipalId);
    const job = config.jobs.find((j) => j.id.toLowerCase() === jobId.toLowerCase());
    if (!job) throw new GraphError(404, 'NotFound', `The job '${jobId}' was not found for the service principal '${servicePrincipalId}'.`);
    return { config, job };
  }

  /** A job by id alone (the loopback endpoints). */
  findJob(jobId: string): JobRef | undefined {
    for (const config of this.configurations) {
      const job = config.jobs.find((j) => j.id.toLowerCase() === jobId.toLowerCase());
      if (job) return { config, job };
    }
    return undefined;
  }

  get activeRunner(): SyncRunner {
    if (!this.runner) throw new GraphError(503, 'ServiceUnavailable', 'The synchronization service is not running.');
    return this.runner;
  }

  toJSON(): SyncServiceJson {
    return { configurations: this.configurations, agents: this.agents, agentGroups: this.agentGroups };
  }
}
