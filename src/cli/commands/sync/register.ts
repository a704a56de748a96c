import type { Command } from 'commander';
import { addEntraOptions } from '../../entra.js';
import { collect, type Runner } from '../../runner.js';
import { addConnectionOptions } from '../../source.js';

/** `cloudsync sync` (docs/sync.md). */
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
    .option('--force-deletes', 'pass the delete threshold, the shrunk-source guard and the removals guard')
    .option('--on-delete <action>', 'what leaving the scope does: delete (soft delete, default) or disable')
    .option('--no-soft-match', 'never adopt cloud users by UPN or primary SMTP address')
    .option('--match-groups-by-name', 'adopt an unmanaged cloud security group with the same display name')
    .option('--full', 'list every operation of a plan of more than 200 in the table (json and csv are always complete)')
    .option('--delta', 'read only what changed in AD since the last completed apply (default: a full read)');
  addEntraOptions(addConnectionOptions(sync, { ldif: true })).action(
    run(async (ctx, opts) => (await import('./run.js')).runSync(ctx, opts)),
  );
}
