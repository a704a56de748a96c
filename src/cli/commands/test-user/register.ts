import type { Command } from 'commander';
import { addEntraOptions } from '../../entra.js';
import { collect, type Runner } from '../../runner.js';
import { addConnectionOptions } from '../../source.js';

/** `cloudsync test-user <dn>` (docs/test-user.md). */
export function registerTestUser(program: Command, run: Runner): void {
  const testUser = program
    .command('test-user')
    .description('push one user or group, by DN, through the sync step by step (like provision on demand)')
    .argument('<dn>', 'the distinguished name of the user or group')
    .option('--ou <dn>', 'the sync scope: OU subtree (repeatable; default: the config\'s sync scope, else the whole directory)', collect)
    .option('--group <dn>', "the sync scope: group's direct members (repeatable)", collect)
    .option('--all', 'the sync scope is the whole directory')
    .option('--filter <ldap-filter>', 'the sync scope: an extra LDAP filter')
    .option('--apply', "execute the object's action and show Graph's answer")
    .option('--all-attributes', 'list every mapped attribute in the flow, also those without a value and no change')
    .option('--no-soft-match', 'never adopt cloud users by UPN or primary SMTP address')
    .option('--match-groups-by-name', 'adopt an unmanaged cloud security group with the same display name');
  addEntraOptions(addConnectionOptions(testUser, { ldif: true })).action(
    run(async (ctx, opts, args) => (await import('./run.js')).runTestUser(ctx, opts, args[0] as string)),
  );
}
