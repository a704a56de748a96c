import type { Command } from 'commander';
import type { Runner } from '../../runner.js';
import { registerJobControl } from './control/register.js';
import { registerJobList } from './list/register.js';
import { registerJobProvision } from './provision/register.js';
import { registerJobSchedule } from './schedule/register.js';
import { registerJobSchema } from './schema/register.js';
import { registerJobScope } from './scope/register.js';
import { registerJobServiceAccount } from './service-account/register.js';
import { registerJobSettings } from './settings/register.js';
import { registerJobStatus } from './status/register.js';
import { registerJobThreshold } from './threshold/register.js';

/** `cloudsync job …`: Microsoft's cloud sync jobs over Graph (docs/job.md). */
export function registerJob(program: Command, run: Runner): void {
  const job = program.command('job').description("manage Microsoft Entra Cloud Sync jobs over Graph (AADCloudSyncTools' job cmdlets)");
  registerJobList(job, run);
  registerJobStatus(job, run);
  registerJobSchedule(job, run);
  registerJobSettings(job, run);
  registerJobThreshold(job, run);
  registerJobSchema(job, run);
  registerJobScope(job, run);
  registerJobControl(job, run);
  registerJobProvision(job, run);
  registerJobServiceAccount(job, run);
}
