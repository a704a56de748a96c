import type { Command } from 'commander';
import { addEntraOptions } from '../../../entra.js';
import type { Runner } from '../../../runner.js';
import { addConnectionOptions } from '../../../source.js';

/** `cloudsync logs export`: the support bundle (docs/logs.md). */
export function registerLogsExport(logs: Command, run: Runner): void {
  const exp = logs
    .command('export')
    .description('a support bundle (zip): recent run journals, the configuration, doctor, versions, cloud job status and provisioning logs; secrets removed')
    .option('--out <file.zip>', 'where to write it (default ./cloudsync-support-<time>.zip)')
    .option('--since <when>', 'journals and provisioning logs since: a duration or a date (default 24h)')
    .option('--no-entra', 'leave out everything that needs the tenant')
    .option('--no-ad', 'leave out the AD checks of doctor');
  addEntraOptions(addConnectionOptions(exp, { ldif: false })).action(
    run(async (ctx, opts) => (await import('./run.js')).runLogsExport(ctx, opts)),
  );
}
