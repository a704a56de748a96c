import type { Command } from 'commander';
import { collect, type Runner } from '../../runner.js';

/** `cloudsync emulator` (docs/emulator.md). */
export function registerEmulator(program: Command, run: Runner): void {
  program
    .command('emulator')
    .description('run a local Entra ID + Microsoft Graph emulator (HTTPS) to try cloudsync without a tenant')
    .option('--port <n>', 'port (default: any free port)')
    .option('--domain <name>', 'a verified domain (repeatable); <tenant>.onmicrosoft.com always exists', collect)
    .option('--seed <file>', 'JSON with apps, users, groups and role holders to start with (docs/emulator.md)')
    .option('--state <file>', 'keep the state in this file across restarts')
    .option('--throttle-scale <n>', "multiply Graph's documented throttling limits (e.g. 10 for fast tests)")
    .option('--no-throttle', 'no throttling at all')
    .option('--error-rate <0..1>', 'answer this fraction of Graph requests with 503/504')
    .option('--latency <ms>', 'add this latency to every Graph answer')
    .option('--drop-rate <0..1>', 'drop this fraction of Graph connections without an answer')
    .option('--sync-source <file.ldif>', 'cloud sync: the LDIF export the (first) configuration synchronises from')
    .option('--sync-speed <n>', 'cloud sync: run job schedules n times faster (60: every 2 s instead of 2 min)')
    .option('--no-sync-schedule', 'cloud sync: no scheduled cycles (trigger them with POST /_emulator/sync/jobs/{id}/cycle)')
    .option('--print-env <shell>', 'print the settings as sh | pwsh | dotenv lines on stdout instead of the JSON line, then keep serving')
    // not --env-file: Node 20 reads --env-file anywhere on its command line, even after the script
    .option('--write-env <file>', 'write the settings to this file once listening (format: --print-env, else .ps1 pwsh, .env dotenv, otherwise sh); removed at exit')
    .action(run(async (ctx, opts) => (await import('./run.js')).runEmulator(ctx, opts)));
}
