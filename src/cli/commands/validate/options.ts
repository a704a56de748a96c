import { z } from 'zod';
import { parseDn } from '../../../directory/dn.js';
import { validateFilter } from '../../../directory/filter.js';
import type { Scope } from '../../../directory/types.js';
import type { Context } from '../../context.js';
import type { EntraCliFlags } from '../../entra.js';
import { choice, fail, list, repeated, via } from '../../options/coerce.js';
import { overConfig, parseFlags, type Parsed } from '../../options/parse.js';
import type { ConnectionFlags } from '../../source.js';

export interface ValidateFlags extends ConnectionFlags, EntraCliFlags {
  tenant?: boolean;
  rules?: string;
  ou?: string[];
  group?: string[];
  filter?: string;
  verifiedDomains?: string[];
  failOn?: string;
  alternateLoginId?: boolean;
}

const DOMAIN = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i;

/** `validate` section of the config file + flags; checked in this order. */
const schema = z
  .object({
    rules: choice(['entra', 'idfix'], (v) => `unknown rule set "${v}": use entra (default) or idfix`).default('entra'),
    failOn: choice(['error', 'warning', 'never'], (v) => `--fail-on expects error, warning or never, got "${v}"`).default('error'),
    filter: z.string().transform((v, ctx) => (via(validateFilter)(v, ctx), v)).optional(),
    ou: repeated().optional(),
    group: repeated().optional(),
    baseDn: z.string().optional(),
    verifiedDomains: list()
      .transform((l) => l.map((d) => d.toLowerCase()))
      .superRefine((l, ctx) => {
        const bad = l.find((d) => !DOMAIN.test(d));
        if (bad !== undefined) fail(ctx, `--verified-domains: "${bad}" is not a domain name`);
      })
      .optional(),
    alternateLoginId: z.boolean().default(false),
    tenant: z.boolean().default(true),
  })
  .superRefine((o, ctx) => {
    // Every DN is checked before anything is read.
    for (const dn of [...(o.ou ?? []), ...(o.group ?? []), ...(o.baseDn !== undefined ? [o.baseDn] : [])]) via(parseDn)(dn, ctx);
  })
  .transform((o) => {
    const scope: Scope = {
      ...(o.baseDn !== undefined ? { baseDn: o.baseDn } : {}),
      ...(o.ou ? { ous: o.ou } : {}),
      ...(o.group ? { groups: o.group } : {}),
      ...(o.filter !== undefined ? { filter: o.filter } : {}),
    };
    return { ...o, scope };
  });

export type ValidateOptions = Parsed<ValidateFlags, z.output<typeof schema>>;

export async function validateOptions(ctx: Context, flags: ValidateFlags): Promise<ValidateOptions> {
  return parseFlags(schema, flags, overConfig(flags, ctx.config.validate));
}
