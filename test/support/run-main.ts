/**
 * Runs the CLI in process: `main(argv, io)` from src/cli/main.ts with an Io that captures stdout
 * and stderr exactly, the way `runCli` runs bin/cloudsync.js as a subprocess but about a second
 * faster per call. Same defaults as a subprocess of a pipeline: no terminal, a minimal environment
 * (PATH, HOME, NO_COLOR=1, plus `env`) so a developer's own CLOUDSYNC_* variables cannot leak in,
 * the repository as the working directory.
 *
 * TLS: a new process trusts the emulator through NODE_EXTRA_CA_CERTS (in the emulator's `env`);
 * this process started long before, so when `env` names such a file the Io carries a fetch that
 * trusts it besides the usual roots, which the CLI uses for every Entra ID and Graph request.
 *
 *   const r = await runMain(['validate', '--from', 'examples/contoso.ldif', '-o', 'json']);
 *   const t = await runMain(['logs'], { env: emu.env, stdoutIsTty: true, columns: 100 });
 */
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { main } from '../../src/cli/main.js';
import { caFetch } from './emulator.js';
import { REPO } from './run-cli.js';

type Io = NonNullable<Parameters<typeof main>[1]>;

export { REPO };

export interface MainResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunMainOptions {
  /** Added to PATH, HOME and NO_COLOR=1 (nothing else of this process's environment). */
  env?: Record<string, string>;
  /** Default: the repository root. */
  cwd?: string;
  /** What stdin holds (e.g. for `graph … --body @-`). */
  input?: string;
  stdoutIsTty?: boolean;
  stderrIsTty?: boolean;
  stdinIsTty?: boolean;
  /** The terminal's width (only used when stdoutIsTty). */
  columns?: number;
}

export async function runMain(argv: readonly string[], options: RunMainOptions = {}): Promise<MainResult> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NO_COLOR: '1', ...options.env };
  let stdout = '';
  let stderr = '';
  const extraCa = env.NODE_EXTRA_CA_CERTS;
  const io: Io = {
    out: (t) => void (stdout += t),
    err: (t) => void (stderr += t),
    stdoutIsTty: options.stdoutIsTty ?? false,
    stderrIsTty: options.stderrIsTty ?? false,
    stdinIsTty: options.stdinIsTty ?? false,
    env,
    cwd: options.cwd ?? REPO,
    ...(options.stdoutIsTty === true && options.columns !== undefined ? { columns: options.columns } : {}),
    readStdin: async () => Buffer.from(options.input ?? ''),
    ...(extraCa ? { fetch: caFetch([...rootCertificates, readFileSync(extraCa, 'utf8')]) } : {}),
  };
  const code = await main([process.execPath, 'cloudsync', ...argv], io);
  return { code, stdout, stderr };
}
