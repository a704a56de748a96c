import { z } from 'zod';
import { parseDn } from '../../../directory/dn.js';
import type { Context } from '../../context.js';
import type { EntraCliFlags } from '../../entra.js';
import { via } from '../../options/coerce.js';
import { parseFlags, type Parsed } from '../../options/parse.js';
import type { ConnectionFlags } from '../../source.js';
import { resolveSection, scopeRules, sectionFields, sectionInput, type MatchFlags, type ScopeFlags } from '../sync/options.js';

export interface TestUserFlags extends ConnectionFlags, EntraCliFlags, ScopeFlags, MatchFlags {
  apply?: boolean;
  /** Every mapped attribute in the flow table, also those without a value and no change. */
  allAttributes?: boolean;
}

/**
 * The DN, then the config's `sync` section under the scope and match flags, as `sync` reads it;
 * no scope is needed (default: the whole directory). Checked in that order.
 */
const fields = z.object({ ...sectionFields, dn: z.string(), apply: z.boolean(), allAttributes: z.boolean(), forcePasswordChange: z.boolean() });

const schema = z
  .custom<z.input<typeof fields>>()
  .superRefine((o, ctx) => {
    via(parseDn)(o.dn, ctx);
    scopeRules(o, ctx, false);
  })
  .pipe(fields)
  .transform((o) => ({ ...resolveSection(o), dn: o.dn, apply: o.apply, allAttributes: o.allAttributes, forcePasswordChange: o.forcePasswordChange }));

export type TestUserOptions = Parsed<TestUserFlags, z.output<typeof schema>>;

export async function testUserOptions(ctx: Context, flags: TestUserFlags, dn: string): Promise<TestUserOptions> {
  const cfg = ctx.config.sync ?? {};
  return parseFlags(schema, flags, { ...sectionInput(flags, cfg), dn, apply: flags.apply === true, allAttributes: flags.allAttributes === true, forcePasswordChange: cfg.forcePasswordChange ?? true });
}
