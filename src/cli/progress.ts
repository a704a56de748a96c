import type { Context } from './context.js';

export interface Progress {
  update(text: string): void;
  stop(): void;
}

const none: Progress = { update: () => undefined, stop: () => undefined };

/** A spinner on stderr, only when stderr is a terminal (never in pipelines or CI logs). */
export async function startProgress(ctx: Context, text: string): Promise<Progress> {
  if (!ctx.io.stderrIsTty || ctx.io.env.CI === 'true') return none;
  const { default: ora } = await import('ora');
  const spinner = ora({ text, stream: ctx.io.errStream as NodeJS.WriteStream, color: 'cyan', isEnabled: true }).start();
  let last = 0;
  return {
    update(t: string) {
      const now = Date.now();
      if (now - last < 100) return; // repainting more often only costs time
      last = now;
      spinner.text = t;
    },
    stop() {
      spinner.stop();
    },
  };
}
