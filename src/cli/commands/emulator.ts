import { CloudsyncError } from '../../errors.js';
import { startEmulator, type EmulatorOptions } from '../../emulator/index.js';
import type { Context } from '../context.js';
import { EXIT } from '../output/exit-codes.js';

/**
 * `cloudsync emulator`: runs the local Entra ID + Graph emulator until SIGINT/SIGTERM. stdout
 * gets exactly one JSON line (authorityHost, graphEndpoint, tenantId, clientId, clientSecret,
 * caCertFile) once it is ready; how to use it goes to stderr. See docs/emulator.md.
 */
export interface EmulatorFlags {
  port?: string;
  domain?: string[];
  seed?: string;
  state?: string;
  throttleScale?: string;
  /** commander's --no-throttle sets throttle: false; noThrottle is accepted too. */
  throttle?: boolean;
  noThrottle?: boolean;
  errorRate?: string;
  latency?: string;
  dropRate?: string;
  /** Cloud sync: divide schedule intervals by this (e.g. 60: a 2-minute schedule runs every 2 s). */
  syncSpeed?: string;
  /** Cloud sync: the LDIF file the first configuration reads. */
  syncSource?: string;
  /** commander's --no-sync-schedule sets syncSchedule: false. */
  syncSchedule?: boolean;
}

function num(flag: string, raw: string | undefined, check: (n: number) => boolean, expect: string): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || !check(n)) throw new CloudsyncError('usage', `--${flag} must be ${expect} (got '${raw}')`);
  return n;
}

export function emulatorOptions(flags: EmulatorFlags): EmulatorOptions {
  const rate = (n: number): boolean => n >= 0 && n <= 1;
  const port = num('port', flags.port, (n) => Number.isInteger(n) && n >= 0 && n <= 65535, 'a port number 0..65535');
  const scale = num('throttle-scale', flags.throttleScale, (n) => n > 0, 'a positive number');
  const errorRate = num('error-rate', flags.errorRate, rate, 'between 0 and 1');
  const dropRate = num('drop-rate', flags.dropRate, rate, 'between 0 and 1');
  const latencyMs = num('latency', flags.latency, (n) => n >= 0, 'milliseconds (0 or more)');
  const noThrottle = flags.noThrottle === true || flags.throttle === false;
  const syncSpeed = num('sync-speed', flags.syncSpeed, (n) => n > 0, 'a positive number');
  return {
    ...(port !== undefined ? { port } : {}),
    ...(flags.domain?.length ? { domains: flags.domain } : {}),
    ...(flags.seed ? { seed: flags.seed } : {}),
    ...(flags.state ? { statePath: flags.state } : {}),
    throttle: { enabled: !noThrottle, ...(scale !== undefined ? { scale } : {}) },
    ...(syncSpeed !== undefined || flags.syncSource || flags.syncSchedule === false
      ? { sync: { ...(syncSpeed !== undefined ? { speed: syncSpeed } : {}), ...(flags.syncSource ? { source: flags.syncSource } : {}), ...(flags.syncSchedule === false ? { scheduler: false } : {}) } }
      : {}),
    faults: { ...(errorRate !== undefined ? { errorRate } : {}), ...(dropRate !== undefined ? { dropRate } : {}), ...(latencyMs !== undefined ? { latencyMs } : {}) },
  };
}

/** Resolves on the first SIGINT or SIGTERM; `dispose` removes the listeners. */
function signalled(): { done: Promise<string>; dispose(): void } {
  let dispose = (): void => {};
  const done = new Promise<string>((resolve) => {
    const on = (sig: string) => () => resolve(sig);
    const int = on('SIGINT');
    const term = on('SIGTERM');
    process.once('SIGINT', int);
    process.once('SIGTERM', term);
    dispose = () => {
      process.off('SIGINT', int);
      process.off('SIGTERM', term);
    };
  });
  return { done, dispose };
}

/** Starts the emulator, prints the JSON line, serves until `until` resolves, then closes. */
export async function serveEmulator(ctx: Context, flags: EmulatorFlags, until: Promise<unknown>): Promise<number> {
  const emu = await startEmulator(emulatorOptions(flags));
  try {
    ctx.io.out(`${JSON.stringify(emu.info)}\n`);
    const i = emu.info;
    const mi = emu.managedIdentity;
    ctx.info(
      [
        `cloudsync emulator: tenant ${emu.state.initialDomain} (${i.tenantId}) at ${i.graphEndpoint}`,
        `  use it: NODE_EXTRA_CA_CERTS=${i.caCertFile} AZURE_AUTHORITY_HOST=${i.authorityHost} CLOUDSYNC_GRAPH_ENDPOINT=${i.graphEndpoint} AZURE_TENANT_ID=${i.tenantId} AZURE_CLIENT_ID=${i.clientId} AZURE_CLIENT_SECRET=<clientSecret> cloudsync …`,
        `  managed identity: IDENTITY_ENDPOINT=${mi.identityEndpoint} IDENTITY_HEADER=${mi.identityHeader} (or AZURE_POD_IDENTITY_AUTHORITY_HOST=${mi.imdsAuthorityHost})`,
        ...(emu.state.dir.findUser(`admin@${emu.state.initialDomain}`) ? [`  device code sign-in: ${i.authorityHost}/devicelogin as admin@${emu.state.initialDomain}, password: the client secret`] : []),
        flags.state ? `  state is kept in ${flags.state}` : '  state is in memory only (use --state FILE to keep it)',
        '  stop with Ctrl+C',
      ].join('\n'),
    );
    await until;
  } finally {
    await emu.close();
  }
  return EXIT.ok;
}

export async function runEmulator(ctx: Context, flags: EmulatorFlags): Promise<number> {
  const sig = signalled();
  try {
    return await serveEmulator(ctx, flags, sig.done);
  } finally {
    sig.dispose();
  }
}
