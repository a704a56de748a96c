import { Writable } from 'node:stream';

/**
 * The CLI's view of the terminal: data goes to `out`, messages to `err`; it also owns the
 * terminal's width, stdin, prompts and interrupts. Commands take an Io so tests can drive them
 * with a fake one and so stdout stays clean of log lines. Nothing else in src/cli touches
 * `process.stdout/stderr/stdin/exit/env` (an ESLint rule keeps it so).
 *
 * The members after `cwd` are optional so a minimal fake (out, err, the tty flags, env, cwd) is
 * still an Io; `completeIo` fills in what a fake leaves out, and `Context.io` is always complete.
 */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  readonly stdoutIsTty: boolean;
  readonly stderrIsTty: boolean;
  readonly stdinIsTty: boolean;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Width tables wrap to: the terminal's columns when stdout is a terminal (120 when it does not say), undefined when piped. */
  readonly columns?: number | undefined;
  /** The stream spinners draw on (stderr); only used when `stderrIsTty`. */
  readonly errStream?: NodeJS.WritableStream;
  /** All of stdin, for `@-` style arguments. */
  readStdin?(): Promise<Buffer>;
  /** A yes/no question on the terminal; anything but y/yes is no. Only asked when stdin and stderr are terminals. */
  confirm?(question: string): Promise<boolean>;
  /** Reads a secret without echoing it. Only asked when stdin is a terminal. */
  promptSecret?(question: string): Promise<string>;
  /**
   * A safe stopping point for Ctrl-C and SIGTERM: while it is held (until `dispose`), the first
   * signal aborts `signal` (the command finishes what is in flight and stops); a second stops the
   * process at once with exit 130. With none held, a signal stops the process at once with exit
   * 130 (nothing is half done before a command takes one). The latest one held gets the signal.
   */
  interrupts?(): Interrupts;
  /**
   * Runs `cleanup` before the process stops at once on a signal (a spinner clears its line and
   * shows the cursor again); returns the function that unregisters it.
   */
  onStop?(cleanup: () => void): () => void;
  /**
   * The fetch for every request to Entra ID and Graph; default Node's global fetch. A host (or a
   * test) that must trust a private CA in an already running process, where NODE_EXTRA_CA_CERTS
   * is read too late, passes its own.
   */
  readonly fetch?: typeof fetch;
}

export interface Interrupts {
  readonly signal: AbortSignal;
  dispose(): void;
}

/** An Io with every member: what commands get in `ctx.io`. */
export type CompleteIo = Required<Omit<Io, 'columns'>> & { readonly columns: number | undefined };

/** Exit code of a process stopped by a second Ctrl-C (128 + SIGINT), as in docs/exit-codes.md. */
const INTERRUPTED = 130;

/** Fills in what a minimal (test) Io leaves out: no prompts answered, an empty stdin, interrupts that never come. */
export function completeIo(io: Io): CompleteIo {
  let errStream = io.errStream;
  return {
    out: (t) => io.out(t),
    err: (t) => io.err(t),
    stdoutIsTty: io.stdoutIsTty,
    stderrIsTty: io.stderrIsTty,
    stdinIsTty: io.stdinIsTty,
    env: io.env,
    cwd: io.cwd,
    get columns() {
      return 'columns' in io ? io.columns : io.stdoutIsTty ? 120 : undefined;
    },
    /** A fake Io's spinner text goes to its `err`. */
    get errStream() {
      return (errStream ??= new Writable({
        write(chunk: Buffer | string, _enc, cb) {
          io.err(String(chunk));
          cb();
        },
      }));
    },
    readStdin: io.readStdin?.bind(io) ?? (async () => Buffer.alloc(0)),
    confirm: io.confirm?.bind(io) ?? (async () => false),
    promptSecret:
      io.promptSecret?.bind(io) ??
      (async () => {
        throw new Error('no terminal to ask for a secret on');
      }),
    interrupts: io.interrupts?.bind(io) ?? (() => ({ signal: new AbortController().signal, dispose: () => undefined })),
    onStop: io.onStop?.bind(io) ?? (() => () => undefined),
    fetch: io.fetch ?? fetch,
  };
}

export function processIo(): CompleteIo {
  listenForInterrupts();
  quietWhenReaderLeaves();
  return {
    out: (t) => void process.stdout.write(t),
    err: (t) => void process.stderr.write(t),
    stdoutIsTty: process.stdout.isTTY === true,
    stderrIsTty: process.stderr.isTTY === true,
    stdinIsTty: process.stdin.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
    get columns() {
      return process.stdout.isTTY === true ? (process.stdout.columns ?? 120) : undefined;
    },
    errStream: process.stderr,
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks);
    },
    confirm: confirmOnTerminal,
    promptSecret: secretOnTerminal,
    interrupts: processInterrupts,
    onStop: (cleanup) => {
      stopCleanups.add(cleanup);
      return () => void stopCleanups.delete(cleanup);
    },
    fetch,
  };
}

let watchingStdout = false;

/**
 * `cloudsync validate … | head`: when the reader of stdout goes away, the next write fails with
 * EPIPE. Nobody is left to read the rest, so that is the end of the run, quietly and with exit 0
 * (as `head` expects), not an unhandled 'error' event's stack trace.
 */
function quietWhenReaderLeaves(): void {
  if (watchingStdout) return;
  watchingStdout = true;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
}

/** The stopping points held, innermost last, and what runs before the process stops at once. */
const held: AbortController[] = [];
const stopCleanups = new Set<() => void>();
let listening = false;

/**
 * One listener for the process (installed with the first stopping point or by `listenForInterrupts`):
 * the innermost stopping point not yet aborted gets the signal; without one, the process stops now.
 */
function onSignal(sig: NodeJS.Signals): void {
  const top = held[held.length - 1];
  if (top !== undefined && !top.signal.aborted) {
    top.abort(sig);
    return;
  }
  for (const cleanup of stopCleanups) {
    try {
      cleanup();
    } catch {
      /* stopping anyway */
    }
  }
  process.exit(INTERRUPTED);
}

/** Ctrl-C and SIGTERM stop the process with exit 130 (the default action would kill it by the signal, skipping the cleanups). */
export function listenForInterrupts(): void {
  if (listening) return;
  listening = true;
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

function processInterrupts(): Interrupts {
  listenForInterrupts();
  const ac = new AbortController();
  held.push(ac);
  return {
    signal: ac.signal,
    dispose: () => {
      const i = held.indexOf(ac);
      if (i >= 0) held.splice(i, 1);
    },
  };
}

/** What a prompt rejects with on Ctrl-C; `main` exits 130 for it (`isInterrupted`). */
function interrupted(): Error {
  return Object.assign(new Error('interrupted'), { code: 'SIGINT' });
}

export function isInterrupted(e: unknown): boolean {
  return (e as { code?: unknown } | undefined)?.code === 'SIGINT';
}

async function confirmOnTerminal(question: string): Promise<boolean> {
  const { createInterface } = await import('node:readline');
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  try {
    const answer = await new Promise<string>((resolve, reject) => {
      rl.question(`${question} [y/N] `, resolve);
      // readline reads the terminal raw, so Ctrl-C arrives here as a key, not as a signal.
      rl.on('SIGINT', () => {
        process.stderr.write('\n');
        reject(interrupted());
      });
    });
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

async function secretOnTerminal(question: string): Promise<string> {
  const { createInterface } = await import('node:readline');
  let muted = false;
  const output = new Writable({
    write(chunk, _enc, cb) {
      if (!muted) process.stderr.write(chunk);
      cb();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  try {
    return await new Promise<string>((resolve, reject) => {
      rl.question(question, (answer) => resolve(answer));
      muted = true;
      rl.on('SIGINT', () => reject(interrupted()));
    });
  } finally {
    rl.close();
    process.stderr.write('\n');
  }
}
