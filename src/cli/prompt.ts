import { processIo } from './io.js';

/**
 * The process terminal's prompts, for commands that do not take them from their Io yet
 * (new code: `ctx.io.promptSecret`, `ctx.io.confirm`).
 */
export async function promptSecret(question: string): Promise<string> {
  return processIo().promptSecret(question);
}

/** Asks a yes/no question on the terminal; anything but y/yes is no. */
export async function confirm(question: string): Promise<boolean> {
  return processIo().confirm(question);
}
