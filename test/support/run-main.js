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
import { Readable } from 'node:stream';
import { rootCertificates } from 'node:tls';
import { main } from '../../src/cli/main.js';
import { caFetch } from './emulator.js';
import { REPO } from './run-cli.js';
export { REPO };
export async function runMain(argv, options = {}) {
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NO_COLOR: '1', ...options.env };
    let stdout = '';
    let stderr = '';
    const extraCa = env.NODE_EXTRA_CA_CERTS;
    const io = {
        out: (t) => void (stdout += t),
        err: (t) => void (stderr += t),
        stdoutIsTty: options.stdoutIsTty ?? false,
        stderrIsTty: options.stderrIsTty ?? false,
        stdinIsTty: options.stdinIsTty ?? false,
        env,
        cwd: options.cwd ?? REPO,
        ...(options.columns !== undefined ? { columns: options.columns } : {}),
        stdin: Readable.from(options.input !== undefined ? [Buffer.from(options.input)] : []),
        ...(extraCa ? { fetch: caFetch([...rootCertificates, readFileSync(extraCa, 'utf8')]) } : {}),
    };
    const code = await main([process.execPath, 'cloudsync', ...argv], io);
    return { code, stdout, stderr };
}
//# sourceMappingURL=run-main.js.map