import type { Command } from 'commander';
import { addEntraOptions } from '../../entra.js';
import type { Runner } from '../../runner.js';
import { addConnectionOptions } from '../../source.js';

/** `cloudsync doctor` (docs/doctor.md). */
export function registerDoctor(program: Command, run: Runner): void {
  const doctor = program
    .command('doctor')
    .description('check connectivity, TLS, credentials and permissions for AD and Entra ID, line by line')
    .option('--no-ad', 'skip the AD checks')
    .option('--no-entra', 'skip the Entra checks')
    .option('--agent-endpoints', "probe the endpoints Microsoft's cloud sync agent needs (default: only with Microsoft's public cloud)")
    .option('--no-agent-endpoints', 'never probe them');
  addEntraOptions(addConnectionOptions(doctor, { ldif: false })).action(
    run(async (ctx, opts) => (await import('./run.js')).runDoctor(ctx, opts)),
  );
}
