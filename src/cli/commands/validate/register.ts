import type { Command } from 'commander';
import { addEntraOptions } from '../../entra.js';
import { collect, type Runner } from '../../runner.js';
import { addConnectionOptions } from '../../source.js';

/** `cloudsync validate` (docs/validate.md). */
export function registerValidate(program: Command, run: Runner): void {
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
    run(async (ctx, opts) => (await import('./run.js')).runValidate(ctx, opts)),
  );
}
