import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { isCloudsyncError } from '../errors.js';
import type { GlobalFlags } from './context.js';
import { processIo, type Io } from './io.js';
import { EXIT, exitCodeForError } from './output/exit-codes.js';
import { addEntraOptions } from './entra.js';
import { addConnectionOptions } from './source.js';
import type { Runner } from './register/runner.js';
import { registerLogs } from './register/logs.js';
import { registerJob } from './register/job.js';
import { registerTenantTools } from './register/tenant-tools.js';

/**
 * The command tree. Command implementations are imported lazily so `cloudsync --help` and
 * `--version` load only commander.
 */
function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

const collect = (v: string, prev: string[] | undefined): string[] => [...(prev ?? []), v];

export function buildProgram(io: Io, onRun: (code: number) => void): Command {
  const program = new Command('cloudsync')
    .description('Hybrid identity between Active Directory and Microsoft Entra ID: validate, fix, sync, test, logs, cloud sync jobs.')
    .version(version(), '-V, --version')
    .addOption(new Option('-o, --output <format>', 'output format: table, json, csv or ndjson (default table)'))
    .option('--no-color', 'no colours (also NO_COLOR=1)')
    .option('--debug', 'show error details and stack traces on stderr')
    .option('--config <file>', 'configuration file (default ./cloudsync.config.json if present)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });

  const run: Runner = (load) =>
    async function (this: Command, ...args: unknown[]) {
      const cmd = args[args.length - 1] as Command;
      const opts = cmd.optsWithGlobals<GlobalFlags>();
      const { makeContext } = await import('./context.js');
      const ctx = await makeContext(io, opts);
      onRun(await load(ctx, opts as never, cmd.args));
    };

  const validate = program
    .command('validate')
    .description('check AD objects for what breaks sync to Entra ID (IdFix rules and more)')
    .option('--rules <set>', 'rule set: entra (default: IdFix rules plus what Entra enforces) or idfix (IdFix 2.6.0.3 compatible)')
    .option('--ou <dn>', 'validate this OU subtree (repeatable)', collect)
    .option('--group <dn>', "validate this group's direct members (repeatable)", collect)
    .option('--filter <ldap-filter>', 'an extra LDAP filter, ANDed with the object-type filter')
    .option('--verified-domains <list>', "the tenant's verified domains, comma-separated", collect)
    .option('--fail-on <level>', 'exit 4 when findings of this level exist: error (default), warning or never')
    .option('--alternate-login-id', 'do not validate userPrincipalName (IdFix "Alternate Login ID")')
    .option('--no-tenant', 'do not look at the tenant even when Entra credentials are configured');
  addEntraOptions(addConnectionOptions(validate, { ldif: true })).action(
    run(async (ctx, opts) => (await import('./commands/validate.js')).runValidate(ctx, opts)),
  );

  const fix = program
    .command('fix')
    .description('apply the rows of a findings CSV whose ACTION you set (EDIT, REMOVE, COMPLETE)')
    .argument('<findings.csv>', 'a CSV from `cloudsync validate --output csv` (or IdFix), with ACTION filled in')
    .option('--apply', 'make the changes (default: show what would change)')
    .option('--undo-file <file>', 'where to write the undo LDIF (default ./cloudsync-undo-<time>.ldif)');
  addConnectionOptions(fix, { ldif: false }).action(
    run(async (ctx, opts, args) => (await import('./commands/fix.js')).runFix(ctx, opts, args[0] as string)),
  );

  const undo = program
    .command('undo')
    .description('revert the changes recorded in an undo file written by `cloudsync fix`')
    .argument('<undo.ldif>', 'the undo file')
    .option('--apply', 'make the changes (default: show what would change)')
    .option('--undo-file <file>', 'where to write the redo LDIF (default ./cloudsync-undo-<time>.ldif)');
  addConnectionOptions(undo, { ldif: false }).action(
    run(async (ctx, opts, args) => (await import('./commands/fix.js')).runUndo(ctx, opts, args[0] as string)),
  );

  const doctor = program
    .command('doctor')
    .description('check connectivity, TLS, credentials and permissions for AD and Entra ID, line by line')
    .option('--no-ad', 'skip the AD checks')
    .option('--no-entra', 'skip the Entra checks')
    .option('--agent-endpoints', "probe the endpoints Microsoft's cloud sync agent needs (default: only with Microsoft's public cloud)")
    .option('--no-agent-endpoints', 'never probe them');
  addEntraOptions(addConnectionOptions(doctor, { ldif: false })).action(
    run(async (ctx, opts) => (await import('./commands/doctor.js')).runDoctor(ctx, opts)),
  );

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
    .action(run(async (ctx, opts) => (await import('./commands/emulator.js')).runEmulator(ctx, opts)));

  const sync = program
    .command('sync')
    .description('synchronise AD users and security groups into Entra ID: plan, show, then apply with --apply')
    .option('--ou <dn>', 'sync this OU subtree (repeatable)', collect)
    .option('--group <dn>', "sync this group's direct members (repeatable)", collect)
    .option('--all', 'sync the whole directory (under the base DN)')
    .option('--filter <ldap-filter>', 'an extra LDAP filter, ANDed with the scope')
    .option('--apply', 'make the changes (default: show the plan, exit 4 when changes are pending)')
    .option('--plan-out <file>', 'save the plan to this file (for review, then --plan FILE --apply)')
    .option('--plan <file>', 'apply a saved plan, after checking that neither AD nor the tenant changed since')
    .option('--delete-threshold <n|n%>', 'most disables + deletes a run may make without --force-deletes (default 500)')
    .option('--force-deletes', 'pass the delete threshold and the shrunk-source guard')
    .option('--on-delete <action>', 'what leaving the scope does: delete (soft delete, default) or disable')
    .option('--no-soft-match', 'never adopt cloud users by UPN or primary SMTP address')
    .option('--match-groups-by-name', 'adopt an unmanaged cloud security group with the same display name')
    .option('--delta', 'read only what changed in AD since the last completed apply (default: a full read)');
  addEntraOptions(addConnectionOptions(sync, { ldif: true })).action(
    run(async (ctx, opts) => (await import('./commands/sync.js')).runSync(ctx, opts)),
  );

  const testUser = program
    .command('test-user')
    .description('push one user or group, by DN, through the sync step by step (like provision on demand)')
    .argument('<dn>', 'the distinguished name of the user or group')
    .option('--ou <dn>', 'the sync scope: OU subtree (repeatable; default: the config\'s sync scope, else the whole directory)', collect)
    .option('--group <dn>', "the sync scope: group's direct members (repeatable)", collect)
    .option('--all', 'the sync scope is the whole directory')
    .option('--filter <ldap-filter>', 'the sync scope: an extra LDAP filter')
    .option('--apply', "execute the object's action and show Graph's answer")
    .option('--no-soft-match', 'never adopt cloud users by UPN or primary SMTP address')
    .option('--match-groups-by-name', 'adopt an unmanaged cloud security group with the same display name');
  addEntraOptions(addConnectionOptions(testUser, { ldif: true })).action(
    run(async (ctx, opts, args) => (await import('./commands/test-user.js')).runTestUser(ctx, opts, args[0] as string)),
  );

  const mapping = program.command('mapping').description('attribute mappings (docs/mapping.md)');
  addConnectionOptions(
    mapping
      .command('test')
      .description('show each Entra attribute of one object: its expression and its value')
      .requiredOption('--dn <dn>', 'the distinguished name of the user or group')
      .option('--kind <kind>', 'user or group (default: from the object class)'),
    { ldif: true },
  ).action(run(async (ctx, opts) => (await import('./commands/mapping.js')).runMappingTest(ctx, opts)));

  registerLogs(program, run);
  registerJob(program, run);
  registerTenantTools(program, run);

  addEntraOptions(
    program.command('logout').description('forget the Entra tokens cached by device-code sign-in'),
  ).action(run(async (ctx, opts) => (await import('./commands/logout.js')).runLogout(ctx, opts)));

  return program;
}

export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram(io, (c) => (code = c));
  const debug = argv.includes('--debug');
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
    if ((e as { code?: string }).code === 'SIGINT') return EXIT.interrupted;
    io.err(`cloudsync: internal error: ${(e as Error).message ?? String(e)} (run with --debug for details; please report it)\n`);
    if (debug) io.err(`${(e as Error).stack ?? ''}\n`);
    return EXIT.internal;
  }
}
