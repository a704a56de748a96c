export declare const REPO: string;
export declare const BIN: string;
export interface CliResult {
    code: number;
    stdout: string;
    stderr: string;
}
/**
 * Runs the built CLI as a subprocess, the way a user does (async: a sync spawn would block any
 * in-process server the test runs). The environment is minimal so a developer's own
 * CLOUDSYNC_* variables cannot leak into a test.
 */
export declare function runCli(args: readonly string[], options?: {
    env?: Record<string, string>;
    cwd?: string;
    input?: string;
}): Promise<CliResult>;
