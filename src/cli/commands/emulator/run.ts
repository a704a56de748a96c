import { startEmulator } from '../../../emulator/index.js';
import type { Context } from '../../context.js';
import { EXIT } from '../../output/exit-codes.js';
import { emulatorOptions, type EmulatorFlags } from './options.js';
import { guidance, readyLine } from './render.js';

/**
 * `cloudsync emulator`: runs the local Entra ID + Graph emulator until Ctrl-C or SIGTERM. stdout
 * gets exactly one JSON line (authorityHost, graphEndpoint, tenantId, clientId, clientSecret,
 * caCertFile) once it is ready; how to use it goes to stderr. See docs/emulator.md.
 */
export async function runEmulator(ctx: Context, flags: EmulatorFlags): Promise<number> {
  const interrupts = ctx.io.interrupts();
  try {
    const stopped = new Promise<void>((resolve) => interrupts.signal.addEventListener('abort', () => resolve(), { once: true }));
    return await serveEmulator(ctx, flags, stopped);
  } finally {
    interrupts.dispose();
  }
}

/** Starts the emulator, prints the JSON line, serves until `until` resolves, then closes. */
export async function serveEmulator(ctx: Context, flags: EmulatorFlags, until: Promise<unknown>): Promise<number> {
  const emu = await startEmulator(emulatorOptions(flags));
  try {
    ctx.io.out(readyLine(emu));
    ctx.info(guidance(emu, flags.state));
    await until;
  } finally {
    await emu.close();
  }
  return EXIT.ok;
}
