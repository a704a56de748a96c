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
  /** The terminal's width when stdout is a terminal (tables fit it); undefined: 120. */
  readonly columns?: number;
  /** What `--body @-` reads; default process.stdin. */
  readonly stdin?: NodeJS.ReadableStream;
  /**
   * The fetch for every request to Entra ID and Graph; default Node's global fetch. A host (or a
   * test) that must trust a private CA in an already running process, where NODE_EXTRA_CA_CERTS
   * is read too late, passes its own.
   */
  readonly fetch?: typeof fetch;
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
    columns: process.stdout.columns,
    get stdin() {
      return process.stdin;
    },
  };
}
