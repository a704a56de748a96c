import type { Command } from 'commander';
import { addEntraOptions } from '../entra.js';
import { addConnectionOptions } from '../source.js';
import { collect, type Runner } from './runner.js';

/** `cloudsync sync`, `cloudsync test-user`, `cloudsync mapping test` (docs/sync.md, docs/mapping.md). */
export function registerSync(program: Command, run: Runner): void {
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
    run(async (ctx, opts) => (await import('../commands/sync.js')).runSync(ctx, opts)),
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
    run(async (ctx, opts, args) => (await import('../commands/test-user.js')).runTestUser(ctx, opts, args[0] as string)),
  );

  const mapping = program.command('mapping').description('attribute mappings (docs/mapping.md)');
  addConnectionOptions(
    mapping
      .command('test')
      .description('show each Entra attribute of one object: its expression and its value')
      .requiredOption('--dn <dn>', 'the distinguished name of the user or group')
      .option('--kind <kind>', 'user or group (default: from the object class)'),
    { ldif: true },
  ).action(run(async (ctx, opts) => (await import('../commands/mapping.js')).runMappingTest(ctx, opts)));
}
