import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { startEmulator } from '../../../emulator/index.js';
import { CloudsyncError } from '../../../errors.js';
import type { Context } from '../../context.js';
import { EXIT } from '../../output/exit-codes.js';
import { renderEnv } from './env.js';
import { emulatorCommand, type EmulatorFlags } from './options.js';
import { guidance, readyLine } from './render.js';

/**
 * `cloudsync emulator`: runs the local Entra ID + Graph emulator until Ctrl-C or SIGTERM. stdout
 * gets exactly one JSON line (authorityHost, graphEndpoint, tenantId, clientId, clientSecret,
 * caCertFile) once it is ready — or, with --print-env, the lines that export them; --write-env
 * writes those lines to a file. How to use it goes to stderr. See docs/emulator.md.
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

/** Starts the emulator, prints its settings, serves until `until` resolves, then closes. */
export async function serveEmulator(ctx: Context, flags: EmulatorFlags, until: Promise<unknown>): Promise<number> {
  const { emulator, output } = emulatorCommand(flags);
  const emu = await startEmulator(emulator);
  let written: string | undefined;
  try {
    if (output.writeEnv) {
      writeSecretFile(output.writeEnv.path, renderEnv(emu.info, output.writeEnv.format));
      written = output.writeEnv.path;
    }
    ctx.io.out(output.printEnv ? renderEnv(emu.info, output.printEnv) : readyLine(emu));
    ctx.info(guidance(emu, flags.state, written));
    await until;
  } finally {
    if (written) rmSync(written, { force: true });
    await emu.close();
  }
  return EXIT.ok;
}

/** Written whole or not at all (a reader polling for the file never sees half of it), mode 0600: it holds the client secret. */
function writeSecretFile(path: string, text: string): void {
  const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(tmp, text, { mode: 0o600 });
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new CloudsyncError('input', `cannot write --write-env ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message} (does its folder exist?)`);
  }
}
