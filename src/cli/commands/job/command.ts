import type { Command } from 'commander';
import { addEntraOptions } from '../../entra.js';

const JOB_HELP = 'the job: id, id prefix, service principal id, domain, or domain/template (default: the only provisioning job)';

/** A `cloudsync job` sub-command: --job (unless it lists or spans all jobs) and the Entra sign-in flags. */
export function jobSubcommand(job: Command, name: string, description: string, withJob = true): Command {
  const c = job.command(name).description(description);
  if (withJob) c.option('--job <ref>', JOB_HELP);
  return addEntraOptions(c);
}
