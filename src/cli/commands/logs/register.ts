import type { Command } from 'commander';
import type { Runner } from '../../runner.js';
import { rejectUnknownSubcommand } from '../../usage.js';
import { registerLogsCloud } from './cloud/register.js';
import { registerLogsExport } from './export/register.js';
import { registerLogsList } from './list/register.js';
import { registerLogsPrune } from './prune/register.js';
import { registerLogsShow } from './show/register.js';

/** `cloudsync logs …`: run journals (list, show, prune), Entra provisioning logs, support bundle (docs/logs.md). */
export function registerLogs(program: Command, run: Runner): void {
  const logs = program.command('logs').description('run journals of sync and test-user (list, show, follow, prune); provisioning logs');
  registerLogsList(logs, run);
  registerLogsShow(logs, run);
  registerLogsPrune(logs, run);
  registerLogsCloud(logs, run);
  registerLogsExport(logs, run);
  rejectUnknownSubcommand(logs, 'list');
}
