import type { Context } from './context.js';

export interface Progress {
  update(text: string): void;
  stop(): void;
}

/** How often a plain progress line may be written (CI logs, stderr redirected to a file). */
export const PLAIN_INTERVAL_MS = 5000;

/**
 * Progress without a terminal: no spinner and no control sequences, a plain line with the latest
 * text and the time taken, at most once per `intervalMs` (so a short run writes nothing).
 */
export function plainProgress(write: (line: string) => void, text: string, intervalMs = PLAIN_INTERVAL_MS, now: () => number = Date.now): Progress {
  const start = now();
  let last = start;
  let current = text;
  let stopped = false;
  return {
    update(t: string) {
      current = t;
      const at = now();
      if (stopped || at - last < intervalMs) return;
      last = at;
      write(`${current} (${Math.round((at - start) / 1000)} s)\n`);
    },
    stop() {
      stopped = true;
    },
  };
}

/**
 * A spinner on stderr, only when stderr is a terminal that says how wide it is; in pipelines and
 * CI logs a plain line every few seconds instead (`plainProgress`).
 *
 * - `discardStdin: false`: ora's default puts the terminal in raw mode while it spins (`stty` shows
 *   `-isig`), so Ctrl-C became a byte on stdin that nothing read, and no signal was sent.
 * - A terminal of zero columns (`script` started without a terminal) makes ora count an infinite
 *   number of lines to clear: it wrote cursor-up/clear-line sequences in a loop that never
 *   yielded (megabytes a second, memory without bound, signals never handled). No spinner there.
 * - When the process stops at once on a signal, the spinner clears its line and shows the cursor.
 */
/** CI=true (GitHub Actions, most CI services) or TF_BUILD=True (Azure Pipelines). */
export function isCi(env: Readonly<Record<string, string | undefined>>): boolean {
  return env.CI === 'true' || env.TF_BUILD?.toLowerCase() === 'true';
}

export async function startProgress(ctx: Context, text: string): Promise<Progress> {
  if (!ctx.io.stderrIsTty || isCi(ctx.io.env)) return plainProgress((l) => ctx.io.err(l), text);
  const stream = ctx.io.errStream as NodeJS.WriteStream;
  if (!(typeof stream.columns === 'number' && stream.columns > 0)) return plainProgress((l) => ctx.io.err(l), text);
  const { default: ora } = await import('ora');
  const spinner = ora({ text, stream, color: 'cyan', isEnabled: true, discardStdin: false }).start();
  const unregister = ctx.io.onStop(() => spinner.stop());
  let last = 0;
  return {
    update(t: string) {
      const now = Date.now();
      if (now - last < 100) return; // repainting more often only costs time
      last = now;
      spinner.text = t;
    },
    stop() {
      unregister();
      spinner.stop();
    },
  };
}
