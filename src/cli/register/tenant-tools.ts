import type { Command } from 'commander';
import type { Runner } from './runner.js';

/** `cloudsync agents`, `cloudsync graph`, `cloudsync info` (docs/job.md). */
export function registerTenantTools(program: Command, run: Runner): void {
  void program;
  void run;
}
