import type { Command } from 'commander';
import type { Context } from './context.js';

/**
 * Wraps a lazily imported command implementation as a commander action: builds the Context
 * from the global flags and reports the exit code. Register files (one per command family)
 * take it so main.ts stays a table of contents.
 */
export type Runner = (load: (ctx: Context, opts: never, args: string[]) => Promise<number>) => (this: Command, ...args: unknown[]) => Promise<void>;

/** commander's collector for a repeatable flag (`--ou A --ou B`). */
export const collect = (v: string, prev: string[] | undefined): string[] => [...(prev ?? []), v];
