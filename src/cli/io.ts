/**
 * The CLI's view of the terminal: data goes to `out`, messages to `err`. Commands take an Io so
 * tests can drive them and so stdout stays clean of log lines.
 */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  readonly stdoutIsTty: boolean;
  readonly stderrIsTty: boolean;
  readonly stdinIsTty: boolean;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

export function processIo(): Io {
  return {
    out: (t) => void process.stdout.write(t),
    err: (t) => void process.stderr.write(t),
    stdoutIsTty: process.stdout.isTTY === true,
    stderrIsTty: process.stderr.isTTY === true,
    stdinIsTty: process.stdin.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
  };
}
