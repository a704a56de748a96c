import { REPO } from './run-cli.js';
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
export declare function runMain(argv: readonly string[], options?: RunMainOptions): Promise<MainResult>;
