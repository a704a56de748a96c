import { z } from 'zod';
import type { EmulatorOptions } from '../../../emulator/index.js';
import { choice, number, rate, repeated } from '../../options/coerce.js';
import { parseOptionsSync } from '../../options/parse.js';
import { ENV_FORMATS, writeEnvFormat, type EnvFormat } from './env.js';

/** commander's flags for `cloudsync emulator` (strings, as typed). */
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
  /** Print the settings as sh / pwsh / dotenv lines on stdout instead of the JSON line. */
  printEnv?: string;
  /** Write the settings to this file once listening (format: --print-env's, else by extension). */
  writeEnv?: string;
}

/** What the command does with the settings once the emulator listens. */
export interface EmulatorOutput {
  /** stdout: these lines instead of the JSON line. */
  printEnv?: EnvFormat;
  /** Written once listening (mode 0600), removed when the emulator stops. */
  writeEnv?: { path: string; format: EnvFormat };
}

const positive = (flag: string) => number({ flag, expect: 'a positive number', above: 0 });

/** Checked in this order: the first bad flag is the one reported. */
const schema = z
  .object({
    port: number({ flag: 'port', expect: 'a port number 0..65535', int: true, min: 0, max: 65535 }).optional(),
    throttleScale: positive('throttle-scale').optional(),
    errorRate: rate('error-rate').optional(),
    dropRate: rate('drop-rate').optional(),
    latency: number({ flag: 'latency', expect: 'milliseconds (0 or more)', min: 0 }).optional(),
    syncSpeed: positive('sync-speed').optional(),
    domain: repeated().optional(),
    seed: z.string().optional(),
    state: z.string().optional(),
    throttle: z.boolean().optional(),
    noThrottle: z.boolean().optional(),
    syncSource: z.string().optional(),
    syncSchedule: z.boolean().optional(),
    printEnv: choice(ENV_FORMATS, (raw) => `--print-env must be one of ${ENV_FORMATS.join(', ')} (got '${raw}')`).optional(),
    writeEnv: z.string().optional(),
  })
  .transform((f): { emulator: EmulatorOptions; output: EmulatorOutput } => {
    const noThrottle = f.noThrottle === true || f.throttle === false;
    const sync = {
      ...(f.syncSpeed !== undefined ? { speed: f.syncSpeed } : {}),
      ...(f.syncSource ? { source: f.syncSource } : {}),
      ...(f.syncSchedule === false ? { scheduler: false } : {}),
    };
    const emulator: EmulatorOptions = {
      ...(f.port !== undefined ? { port: f.port } : {}),
      ...(f.domain?.length ? { domains: f.domain } : {}),
      ...(f.seed ? { seed: f.seed } : {}),
      ...(f.state ? { statePath: f.state } : {}),
      throttle: { enabled: !noThrottle, ...(f.throttleScale !== undefined ? { scale: f.throttleScale } : {}) },
      ...(Object.keys(sync).length > 0 ? { sync } : {}),
      faults: {
        ...(f.errorRate !== undefined ? { errorRate: f.errorRate } : {}),
        ...(f.dropRate !== undefined ? { dropRate: f.dropRate } : {}),
        ...(f.latency !== undefined ? { latencyMs: f.latency } : {}),
      },
    };
    const output: EmulatorOutput = {
      ...(f.printEnv ? { printEnv: f.printEnv } : {}),
      ...(f.writeEnv ? { writeEnv: { path: f.writeEnv, format: f.printEnv ?? writeEnvFormat(f.writeEnv) } } : {}),
    };
    return { emulator, output };
  });

/** The emulator's options from the flags; a bad value is one usage line (`--port must be …`). */
export function emulatorOptions(flags: EmulatorFlags): EmulatorOptions {
  return emulatorCommand(flags).emulator;
}

/** The emulator's options and what to do with its settings (--print-env, --write-env). */
export function emulatorCommand(flags: EmulatorFlags): { emulator: EmulatorOptions; output: EmulatorOutput } {
  return parseOptionsSync(schema, flags);
}
