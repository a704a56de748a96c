/**
 * The running service: the scheduler (cycles every schedule interval divided by `speed`), one
 * cycle or provisionOnDemand at a time per configuration (they share its bindings), tokens the
 * emulator mints for each configuration's service principal, and provisionOnDemand's rate limit
 * (5 requests per 10 s per app, windows divided by the throttle scale).
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EntraSettings } from '../../config/entra.js';
import { EntraClient } from '../../directory/entra/client.js';
import type { ProvisionOnDemandRequest, StringKeyStringValuePair } from '../../directory/entra/synchronization-types.js';
import type { ProvisioningObjectSummary } from '../../sync/explain/provisioning-summary.js';
import type { Principal } from '../graph/types.js';
import { recordsFromJournal } from '../provisioning/from-journal.js';
import type { EmulatorState } from '../state.js';
import { AppWindowThrottle } from '../app-window-throttle.js';
import { appTokenClaims, type TokenSigner } from '../tokens.js';
import { caFetch } from './ca-fetch.js';
import { crashed, runCycle, type CycleResult } from './cycle.js';
import { afterCycle, isDue } from './lifecycle.js';
import type { ConfigurationRecord } from './model.js';
import { checkOnDemandRequest } from './on-demand-request.js';
import { provisionOnDemand } from './on-demand.js';
import type { CycleReport, JobRef, SyncRunner } from './store.js';

/** What the service principal of a configuration may do (the provisioning service's own grants). */
export const SYNC_SERVICE_ROLES = ['User.ReadWrite.All', 'Group.ReadWrite.All', 'GroupMember.ReadWrite.All', 'Directory.Read.All', 'Domain.Read.All', 'Organization.Read.All', 'RoleManagement.Read.Directory'];

export const ON_DEMAND_LIMIT = 5;
export const ON_DEMAND_WINDOW_MS = 10_000;

export interface SyncServiceOptions {
  /** Divides every schedule interval (default 1: real time). */
  speed?: number;
  /** Run cycles on the schedule (default true); tests trigger them through /_emulator/sync/jobs/{id}/cycle. */
  scheduler?: boolean;
  /** An LDIF file the first configuration reads (overrides the seed's or saved source). */
  source?: string;
  /** Where bindings and run journals live (default: a temporary directory removed at close). */
  workDir?: string;
  /** For LDAP sources' passwordEnv (default process.env). */
  env?: NodeJS.ProcessEnv;
}

export interface RuntimeDeps {
  state: EmulatorState;
  signer: TokenSigner;
  graphEndpoint: string;
  ca: string;
  throttle: { enabled: boolean; scale: number };
  options: SyncServiceOptions;
}

interface LogStore {
  add(records: readonly ProvisioningObjectSummary[]): void;
}

const TICK_MS = 1000;

export class SyncRuntime implements SyncRunner {
  private readonly chains = new Map<string, Promise<unknown>>();
  private readonly clients = new Map<string, EntraClient>();
  private readonly onDemand: AppWindowThrottle;
  private readonly running = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private tempDir: string | undefined;
  private workDir = '';
  private closed = false;
  /** Scheduled cycles that threw (not cycle failures: those quarantine the job). */
  errors: string[] = [];

  constructor(private readonly deps: RuntimeDeps) {
    const { enabled, scale } = deps.throttle;
    this.onDemand = new AppWindowThrottle({ enabled, scale, requests: ON_DEMAND_LIMIT, windowSeconds: ON_DEMAND_WINDOW_MS / 1000 });
  }

  async start(): Promise<void> {
    this.workDir = this.deps.options.workDir ?? (this.tempDir = await mkdtemp(join(tmpdir(), 'cloudsync-emulator-sync-')));
    if (this.deps.options.scheduler !== false) {
      this.timer = setInterval(() => this.tick(), TICK_MS);
      this.timer.unref();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await Promise.allSettled([...this.chains.values()]);
    if (this.tempDir) await rm(this.tempDir, { recursive: true, force: true });
  }

  private get logs(): LogStore | undefined {
    return (this.deps.state as unknown as { provisioningLogs?: LogStore }).provisioningLogs;
  }

  /** One thing at a time per configuration; a failure does not block the next. */
  private serial<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.chains.get(key) ?? Promise.resolve();
    const next = prev.catch(() => undefined).then(fn);
    this.chains.set(key, next);
    return next;
  }

  private client(config: ConfigurationRecord): EntraClient {
    let c = this.clients.get(config.servicePrincipalId);
    if (c) return c;
    const { state, signer, graphEndpoint, ca } = this.deps;
    const settings: EntraSettings = { tenantId: state.tenant.id, method: 'secret', authorityHost: graphEndpoint, graphEndpoint, tokenCachePath: '' };
    const credential = {
      getToken: async () => ({
        token: await signer.sign(
          appTokenClaims({ tenantId: state.tenant.id, audience: 'https://graph.microsoft.com', appId: config.appId, appDisplayName: config.domain, servicePrincipalId: config.servicePrincipalId, roles: SYNC_SERVICE_ROLES, appidacr: '2' }),
        ),
        expiresOn: new Date(Date.now() + 3_500_000),
      }),
    };
    c = EntraClient.fromCredential(settings, credential, {}, { fetch: caFetch(ca) });
    this.clients.set(config.servicePrincipalId, c);
    return c;
  }

  private tick(): void {
    if (this.closed) return;
    const now = Date.now();
    const speed = this.deps.options.speed ?? 1;
    for (const config of this.deps.state.syncService.configurations) {
      for (const job of config.jobs) {
        if (this.running.has(job.id) || !isDue(job, now, speed)) continue;
        this.running.add(job.id);
        job.lastTick = new Date(now).toISOString();
        this.runCycle({ config, job })
          .catch((e: unknown) => this.errors.push(`${job.id}: ${(e as Error).message}`))
          .finally(() => this.running.delete(job.id));
      }
    }
  }

  runCycle(ref: JobRef): Promise<CycleReport> {
    const { config, job } = ref;
    return this.serial(config.servicePrincipalId, async () => {
      const { state, graphEndpoint } = this.deps;
      job.lastTick = new Date().toISOString();
      const began = Date.now();
      const r = await runCycle({ tenantId: state.tenant.id, workDir: this.workDir, graphEndpoint, client: this.client(config), ...(this.deps.options.env ? { env: this.deps.options.env } : {}) }, config, job).catch(
        (e: unknown): CycleResult => ({ outcome: crashed(began, job.next.full, e), activity: randomUUID(), staged: false }),
      );
      afterCycle(job, r.outcome, r.activity, this.deps.options.speed ?? 1);
      let records = 0;
      if (r.events) {
        const list = recordsFromJournal(r.events, { tenantId: state.tenant.id, jobId: job.id, cycleId: r.activity, servicePrincipal: { id: config.servicePrincipalId, displayName: config.domain }, domain: config.domain, staged: r.staged });
        this.logs?.add(list);
        records = list.length;
      }
      state.syncService.changed();
      return { jobId: job.id, status: job.status, records };
    });
  }

  /** provisionOnDemand's limit, counted at the request's arrival (`receivedAt`, ms since the epoch). */
  admitOnDemand(appId: string, receivedAt: number): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const wait = this.onDemand.check(appId, this.deps.state.tenant.id, receivedAt);
    return wait === 0 ? { ok: true } : { ok: false, retryAfterSeconds: wait };
  }


  provisionOnDemand(ref: JobRef, body: ProvisionOnDemandRequest, caller: Principal): Promise<StringKeyStringValuePair> {
    const { config, job } = ref;
    const subject = checkOnDemandRequest(body, job.schema);
    return this.serial(config.servicePrincipalId, async () => {
      const { state, graphEndpoint } = this.deps;
      const app = state.findApp(caller.appId);
      const r = await provisionOnDemand(
        {
          tenantId: state.tenant.id,
          workDir: this.workDir,
          graphEndpoint,
          client: this.client(config),
          initiatedBy: { id: caller.appId, displayName: app?.displayName ?? caller.appId, initiatorType: 'application' },
          ...(this.deps.options.env ? { env: this.deps.options.env } : {}),
        },
        config,
        job,
        subject,
      );
      if (r.records.length > 0) this.logs?.add(r.records);
      return r.answer;
    });
  }
}
