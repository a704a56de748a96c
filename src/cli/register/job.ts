import type { Command } from 'commander';
import type { Runner } from './runner.js';

/** `cloudsync job …`: Microsoft's cloud sync jobs over Graph (docs/job.md). */
export function registerJob(program: Command, run: Runner): void {
  void program;
  void run;
}
