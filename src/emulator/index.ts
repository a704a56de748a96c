import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudsyncError } from '../errors.js';
import { DeviceCodes } from './auth/device-code.js';
import type { AuthEnv } from './auth/env.js';
import { addVerifiedDomain, createState } from './bootstrap.js';
import type { FaultOptions } from './faults.js';
import { applicationRoutes } from './graph/applications.js';
import { deletedRoutes } from './graph/deleted.js';
import type { GraphEnv } from './graph/dispatch.js';
import { groupRoutes } from './graph/groups.js';
import { provisioningLogRoutes } from './graph/provisioning-logs.js';
import { roleRoutes } from './graph/roles.js';
import { Router } from './graph/router.js';
import { servicePrincipalRoutes } from './graph/service-principals.js';
import { agentRoutes } from './graph/agents.js';
import { synchronizationRoutes } from './graph/synchronization.js';
import { SyncRuntime, type SyncServiceOptions } from './sync-service/runtime.js';
import { setUpCloudSync } from './sync-service/setup.js';
import { tenantRoutes } from './graph/tenant.js';
import { userRoutes } from './graph/users.js';
import { readStateFile, StateSaver } from './persist.js';
import { AppWindowThrottle } from './app-window-throttle.js';
import { loadSeed, type EmulatorSeed } from './seed.js';
import { createHandler } from './server.js';
import { EmulatorState } from './state.js';
import { StatsRecorder, type EmulatorStats } from './stats.js';
import { Throttler, type ThrottleOptions } from './throttle.js';
import { createServerCert } from './tls.js';
import { appTokenClaims, TokenSigner } from './tokens.js';

/**
 * A local Entra ID + Microsoft Graph emulator over HTTPS, for trying cloudsync without a
 * tenant and for tests; the real msal-node and Graph client talk to it. See docs/emulator.md.
 */
export interface EmulatorOptions {
  /** 0 (default) = any free port. */
  port?: number;
  /** Default 127.0.0.1 (and ::1 when available). */
  host?: string;
  /** Extra verified domains; <tenant>.onmicrosoft.com always exists. */
  domains?: string[];
  /** A seed object or the path of a seed JSON file; applied to a new state only. */
  seed?: EmulatorSeed | string;
  /** Keep the state in this file: loaded at start when present, saved after changes and at close. */
  statePath?: string;
  /** Default "contoso" → contoso.onmicrosoft.com (a seed's tenant.name wins). */
  tenantName?: string;
  throttle?: ThrottleOptions;
  faults?: FaultOptions;
  /** Where the CA certificate file is written; default a new temporary directory (or beside statePath). */
  dataDir?: string;
  deviceCode?: {
    /** The polling interval the device-code response asks for (default 5 s, as Entra). */
    intervalSeconds?: number;
    /** Approve every device code on its first poll as this user (UPN). */
    autoApprove?: string;
    /** How long a device code may be used (default 900 s, as Entra). */
    lifetimeSeconds?: number;
  };
  /** $batch answers in a shuffled order by default, as Graph may; 'request' keeps request order. */
  batchResponseOrder?: 'shuffled' | 'request';
  /** The cloud sync service: schedule speed, scheduler on/off, an LDIF source (docs/emulator.md, "Cloud sync jobs"). */
  sync?: SyncServiceOptions;
  /** The provisioning log keeps the newest maxRecords records (default 100,000). */
  provisioningLogs?: { maxRecords?: number };
}

export interface EmulatorInfo {
  authorityHost: string;
  graphEndpoint: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  caCertFile: string;
}

/** How to reach the managed-identity endpoints (the default system-assigned identity). */
export interface ManagedIdentityInfo {
  /** IDENTITY_ENDPOINT (App Service style); pair with IDENTITY_HEADER. */
  identityEndpoint: string;
  identityHeader: string;
  /** AZURE_POD_IDENTITY_AUTHORITY_HOST (IMDS style). */
  imdsAuthorityHost: string;
  clientId: string;
  principalId: string;
}

export interface RunningEmulator {
  info: EmulatorInfo;
  managedIdentity: ManagedIdentityInfo;
  state: EmulatorState;
  port: number;
  stats(): EmulatorStats;
  /** Signs an access token directly (for tests: a missing role, an expired token…). */
  issueToken(opts?: { roles?: readonly string[]; appId?: string; audience?: string; lifetimeSeconds?: number }): Promise<string>;
  close(): Promise<void>;
}

export type { EmulatorSeed } from './seed.js';
export type { EmulatorStats, WriteRecord } from './stats.js';
export type { ThrottleLimits, ThrottleOptions } from './throttle.js';
export type { FaultOptions } from './faults.js';
export { EmulatorState, CLOUDSYNC_ROLES } from './state.js';
export { createClientCertificate, type ClientCertificate } from './tls.js';

const ROUTES = [...userRoutes, ...applicationRoutes, ...groupRoutes, ...deletedRoutes, ...tenantRoutes, ...roleRoutes, ...servicePrincipalRoutes, ...synchronizationRoutes, ...agentRoutes];

function checkOptions(o: EmulatorOptions): void {
  const bad = (what: string): never => {
    throw new CloudsyncError('usage', `emulator: ${what}`);
  };
  if (o.port !== undefined && (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535)) bad(`port must be 0..65535 (got ${o.port})`);
  for (const [k, v] of [['errorRate', o.faults?.errorRate], ['dropRate', o.faults?.dropRate], ['lostAnswerRate', o.faults?.lostAnswerRate]] as const) {
    if (v !== undefined && !(v >= 0 && v <= 1)) bad(`${k} must be between 0 and 1 (got ${v})`);
  }
  if (o.faults?.latencyMs !== undefined && !(o.faults.latencyMs >= 0)) bad(`latency must be 0 or more milliseconds (got ${o.faults.latencyMs})`);
  if (o.throttle?.scale !== undefined && !(o.throttle.scale > 0)) bad(`throttle scale must be a positive number (got ${o.throttle.scale})`);
  if (o.sync?.speed !== undefined && !(o.sync.speed > 0)) bad(`sync speed must be a positive number (got ${o.sync.speed})`);
  const maxLogs = o.provisioningLogs?.maxRecords;
  if (maxLogs !== undefined && !(Number.isInteger(maxLogs) && maxLogs > 0)) bad(`provisioning log size must be a positive integer (got ${maxLogs})`);
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  checkOptions(options);
  const saved = options.statePath ? await readStateFile(options.statePath) : undefined;
  let state: EmulatorState;
  let seedCloudSync: import('./sync-service/seed-schema.js').CloudSyncSeed | undefined;
  if (saved) {
    state = new EmulatorState(saved);
  } else {
    const seed = options.seed === undefined ? undefined : await loadSeed(options.seed);
    seedCloudSync = seed?.cloudSync;
    state = await createState({
      ...(options.tenantName ? { tenantName: options.tenantName } : {}),
      ...(options.domains ? { domains: options.domains } : {}),
      ...(seed ? { seed } : {}),
      seedSource: typeof options.seed === 'string' ? `seed file ${options.seed}` : 'seed',
    });
  }
  if (saved) for (const d of options.domains ?? []) addVerifiedDomain(state, d);
  state.syncService.speed = options.sync?.speed ?? 1;
  if (state.syncService.configurations.length === 0 && !saved?.syncService) setUpCloudSync(state, seedCloudSync);
  if (options.sync?.source !== undefined) {
    const first = state.syncService.configurations[0];
    if (!first) throw new CloudsyncError('usage', 'emulator: --sync-source needs a cloud sync configuration (the seed defines none)');
    first.source = { kind: 'ldif', path: options.sync.source };
  }
  const [signer, tls] = await Promise.all([TokenSigner.create(state.signingKeyPem), createServerCert(state.ca)]);

  if (options.provisioningLogs?.maxRecords !== undefined) state.provisioningLogs.setMaxRecords(options.provisioningLogs.maxRecords);
  const stats = new StatsRecorder();
  const reports = new AppWindowThrottle({ ...(options.throttle?.enabled !== undefined ? { enabled: options.throttle.enabled } : {}), ...(options.throttle?.scale !== undefined ? { scale: options.throttle.scale } : {}) });
  const graph: GraphEnv = {
    state,
    router: new Router([...ROUTES, ...provisioningLogRoutes({ throttle: reports, stats })]),
    throttler: new Throttler(options.throttle),
    stats,
    shuffleBatch: options.batchResponseOrder !== 'request',
  };
  const auth: AuthEnv = {
    state,
    signer,
    port: 0,
    deviceCodes: new DeviceCodes(options.deviceCode?.intervalSeconds ?? 5, options.deviceCode?.autoApprove, options.deviceCode?.lifetimeSeconds),
    refreshTokens: new Map(),
  };
  const infoRef: { value?: EmulatorInfo } = {};
  const handler = createHandler({ auth, graph, faults: options.faults ?? {}, info: () => ({ ...infoRef.value }) });
  const servers = [createServer({ key: tls.keyPem, cert: tls.certPem }, handler)];
  const host = options.host ?? '127.0.0.1';
  const port = await listen(servers[0]!, options.port ?? 0, host).catch((e: NodeJS.ErrnoException) => {
    const why = e.code === 'EADDRINUSE' ? `port ${options.port} is already in use; choose another with --port (or none for any free port)` : e.message;
    throw new CloudsyncError('runtime', `emulator: cannot listen on ${host}:${options.port ?? 0}: ${why}`, { cause: e });
  });
  if (options.host === undefined) {
    // "localhost" may resolve to ::1 first; answer there too when the machine has IPv6.
    const v6 = createServer({ key: tls.keyPem, cert: tls.certPem }, handler);
    if (await listen(v6, port, '::1').then(() => true, () => false)) servers.push(v6);
  }
  auth.port = port;

  let tempDir: string | undefined;
  let caCertFile: string;
  if (options.dataDir) caCertFile = join(options.dataDir, 'cloudsync-emulator-ca.pem');
  else if (options.statePath) caCertFile = `${options.statePath}.ca.pem`;
  else caCertFile = join((tempDir = await mkdtemp(join(tmpdir(), 'cloudsync-emulator-'))), 'ca.pem');
  await writeFile(caCertFile, state.ca.certPem);

  const saver = options.statePath ? new StateSaver(options.statePath, () => state.toJSON()) : undefined;
  if (saver) {
    state.onChange = () => saver.schedule();
    saver.schedule();
    await saver.flush();
  }

  const originUrl = `https://localhost:${port}`;
  const syncWorkDir = options.sync?.workDir ?? (options.statePath ? `${options.statePath}.sync` : options.dataDir ? join(options.dataDir, 'cloudsync-emulator-sync') : undefined);
  const syncRuntime = new SyncRuntime({
    state,
    signer,
    graphEndpoint: originUrl,
    ca: state.ca.certPem,
    throttle: { enabled: options.throttle?.enabled !== false, scale: options.throttle?.scale ?? 1 },
    options: { ...options.sync, ...(syncWorkDir !== undefined ? { workDir: syncWorkDir } : {}) },
  });
  await syncRuntime.start();
  state.syncService.runner = syncRuntime;
  const app = state.defaultApp;
  const info: EmulatorInfo = (infoRef.value = {
    authorityHost: originUrl,
    graphEndpoint: originUrl,
    tenantId: state.tenant.id,
    clientId: app.appId,
    clientSecret: app.secrets[0]?.value ?? '',
    caCertFile,
  });
  const mi = state.managedIdentities.find((m) => m.type === 'SystemAssigned') ?? state.managedIdentities[0]!;
  let closed = false;
  return {
    info,
    managedIdentity: {
      identityEndpoint: `${originUrl}/msi/token`,
      identityHeader: state.identityHeader,
      imdsAuthorityHost: originUrl,
      clientId: mi.clientId,
      principalId: mi.principalId,
    },
    state,
    port,
    stats: () => stats.snapshot(),
    issueToken: (o = {}) => {
      const a = o.appId ? state.findApp(o.appId) : app;
      return signer.sign(
        appTokenClaims({
          tenantId: state.tenant.id,
          audience: o.audience ?? 'https://graph.microsoft.com',
          appId: a?.appId ?? o.appId!,
          appDisplayName: a?.displayName ?? 'test',
          servicePrincipalId: a?.servicePrincipalId ?? o.appId!,
          roles: o.roles ?? a?.roles ?? [],
          appidacr: '1',
          ...(o.lifetimeSeconds !== undefined ? { lifetimeSeconds: o.lifetimeSeconds } : {}),
        }),
      );
    },
    close: async () => {
      if (closed) return;
      closed = true;
      // Cycles in flight talk to this server: let them finish first.
      await syncRuntime.close();
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolve) => {
              s.close(() => resolve());
              s.closeAllConnections();
            }),
        ),
      );
      if (saver) await saver.flush();
      if (tempDir) await rm(tempDir, { recursive: true, force: true });
    },
  };
}

/** The environment that points cloudsync (or any Azure SDK program) at a running emulator: the issue's recipe. */
export function emulatorEnv(info: EmulatorInfo): Record<string, string> {
  return {
    NODE_EXTRA_CA_CERTS: info.caCertFile,
    AZURE_AUTHORITY_HOST: info.authorityHost,
    CLOUDSYNC_GRAPH_ENDPOINT: info.graphEndpoint,
    AZURE_TENANT_ID: info.tenantId,
    AZURE_CLIENT_ID: info.clientId,
    AZURE_CLIENT_SECRET: info.clientSecret,
  };
}
