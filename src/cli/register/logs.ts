import type { Command } from 'commander';
import type { Runner } from './runner.js';

/** `cloudsync logs …`: run journals, Entra provisioning logs, support bundle (docs/logs.md). */
export function registerLogs(program: Command, run: Runner): void {
  void program;
  void run;
}
