import type { Context } from './context.js';

export interface Progress {
  update(text: string): void;
  stop(): void;
}

const none: Progress = { update: () => undefined, stop: () => undefined };

/**
 * A spinner on stderr, only when stderr is a terminal that says how wide it is (never in pipelines
 * or CI logs).
 *
 * - `discardStdin: false`: ora's default puts the terminal in raw mode while it spins (`stty` shows
 *   `-isig`), so Ctrl-C became a byte on stdin that nothing read, and no signal was sent.
 * - A terminal of zero columns (`script` started without a terminal) makes ora count an infinite
 *   number of lines to clear: it wrote cursor-up/clear-line sequences in a loop that never
 *   yielded (megabytes a second, memory without bound, signals never handled). No spinner there.
 * - When the process stops at once on a signal, the spinner clears its line and shows the cursor.
 */
export async function startProgress(ctx: Context, text: string): Promise<Progress> {
  if (!ctx.io.stderrIsTty || ctx.io.env.CI === 'true') return none;
  const stream = ctx.io.errStream as NodeJS.WriteStream;
  if (!(typeof stream.columns === 'number' && stream.columns > 0)) return none;
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
