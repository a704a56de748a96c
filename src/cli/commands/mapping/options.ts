import { z } from 'zod';
import { parseDn } from '../../../directory/dn.js';
import type { Context } from '../../context.js';
import { choice, via } from '../../options/coerce.js';
import { parseFlags, type Parsed } from '../../options/parse.js';
import type { ConnectionFlags } from '../../source.js';
import { compileMapping } from '../sync/options.js';

export interface MappingTestFlags extends ConnectionFlags {
  dn: string;
  kind?: string;
}

/** --dn, --kind, then (once both are valid) the mapping of the config's `sync` section: the defaults with its overrides. */
const schema = z
  .object({
    dn: z.string().transform((v, ctx) => (via(parseDn)(v, ctx), v)),
    kind: choice(['user', 'group'], (v) => `--kind expects user or group, got "${v}"`).optional(),
    mapping: z.custom<Parameters<typeof compileMapping>[0]>(),
  })
  .transform(async (o) => ({ ...o, mapping: await compileMapping(o.mapping) }));

export type MappingTestOptions = Parsed<MappingTestFlags, z.output<typeof schema>>;

export async function mappingTestOptions(ctx: Context, flags: MappingTestFlags): Promise<MappingTestOptions> {
  return parseFlags(schema, flags, { ...flags, mapping: ctx.config.sync?.mapping });
}
