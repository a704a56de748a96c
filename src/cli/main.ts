import { readFileSync } from 'node:fs';
import { type Command, CommanderError, Option } from 'commander';
import { isCloudsyncError } from '../errors.js';
import type { GlobalFlags } from './context.js';
import { isInterrupted, processIo, type Io } from './io.js';
import { EXIT, exitCodeForError } from './output/exit-codes.js';
import type { Runner } from './runner.js';
import { CloudsyncCommand } from './usage.js';
import { registerAgents } from './commands/agents/register.js';
import { registerDoctor } from './commands/doctor/register.js';
import { registerEmulator } from './commands/emulator/register.js';
import { registerFix } from './commands/fix/register.js';
import { registerGraph } from './commands/graph/register.js';
import { registerInfo } from './commands/info/register.js';
import { registerJob } from './commands/job/register.js';
import { registerLogout } from './commands/logout/register.js';
import { registerLogs } from './commands/logs/register.js';
import { registerMapping } from './commands/mapping/register.js';
import { registerSetup } from './commands/setup/register.js';
import { registerSync } from './commands/sync/register.js';
import { registerTestUser } from './commands/test-user/register.js';
import { registerUndo } from './commands/undo/register.js';
import { registerValidate } from './commands/validate/register.js';

/**
 * The command tree: each command registers itself from its folder (src/cli/commands/<command>/
 * register.ts). Their implementations are imported lazily so `cloudsync --help` and `--version`
 * load only commander.
 */
function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export function buildProgram(io: Io, onRun: (code: number) => void): Command {
  const program = new CloudsyncCommand('cloudsync')
    .description('Hybrid identity between Active Directory and Microsoft Entra ID: validate, fix, sync, test, logs, cloud sync jobs.')
    .version(version(), '-V, --version')
    .addOption(new Option('-o, --output <format>', 'output format: table, json, csv, ndjson or markdown (md) (default table)'))
    .option('--no-color', 'no colours (also NO_COLOR=1)')
    .option('--debug', 'show error details and stack traces on stderr')
    .option('--config <file>', 'configuration file (default ./cloudsync.config.json if present)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });

  const run: Runner = (load) =>
    async function (this: Command, ...args: unknown[]) {
      const cmd = args[args.length - 1] as Command;
      const opts = cmd.optsWithGlobals<GlobalFlags>();
      const { makeContext } = await import('./context.js');
      const names: string[] = [];
      for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
      const ctx = await makeContext(io, opts, 'table', names.join(' '));
      onRun(await load(ctx, opts as never, cmd.args));
    };

  registerValidate(program, run);
  registerFix(program, run);
  registerUndo(program, run);
  registerDoctor(program, run);
  registerEmulator(program, run);
  registerSync(program, run);
  registerSetup(program, run);
  registerTestUser(program, run);
  registerMapping(program, run);
  registerLogs(program, run);
  registerJob(program, run);
  registerAgents(program, run);
  registerGraph(program, run);
  registerInfo(program, run);
  registerLogout(program, run);

  return program;
}

export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram(io, (c) => (code = c));
  const debug = argv.includes('--debug');
  if (argv.length <= 2) {
    // `cloudsync` alone: the help is what was asked for, so it is data (stdout) and success.
    program.outputHelp();
    return EXIT.ok;
  }
  try {
    await program.parseAsync([...argv]);
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
      return EXIT.usage; // commander already printed the message
    }
    if (isCloudsyncError(e)) {
      // A sync safety guard (kind 'guard'): named, with how to pass it; exitCodeForError maps it to 5.
      io.err(`cloudsync: error: ${e.kind === 'guard' ? `guard ${e.guard}: ` : ''}${e.message}\n`);
      if (debug) io.err(`${e.detail ?? ''}\n${e.stack ?? ''}\n${e.cause ? String((e.cause as Error).stack ?? e.cause) : ''}\n`);
      return exitCodeForError(e.kind);
    }
    if (isInterrupted(e)) return EXIT.interrupted;
    io.err(`cloudsync: internal error: ${(e as Error).message ?? String(e)} (run with --debug for details; please report it)\n`);
    if (debug) io.err(`${(e as Error).stack ?? ''}\n`);
    return EXIT.internal;
  }
}
