import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Context } from '../../../context.js';
import { EXIT } from '../../../output/exit-codes.js';
import { openJob } from '../open.js';
import { importSchema } from './import.js';
import { jobSchemaOptions, type JobSchemaFlags } from './options.js';

/** `job schema`: the schema as a file (--out) or on stdout; --import checks one and PUTs it. */
export async function runJobSchema(ctx: Context, flags: JobSchemaFlags): Promise<number> {
  const o = await jobSchemaOptions(ctx, flags);
  if (o.import !== undefined) return importSchema(ctx, o, o.import);
  const sch = await import('../../../../cloud-sync/schema.js');
  const { graph, ref } = await openJob(ctx, o);
  const schema = await sch.getSchema(graph, ref);
  const text = sch.schemaToFile(schema);
  if (o.out !== undefined) {
    const path = resolve(ctx.io.cwd, o.out);
    await writeFile(path, text, 'utf8');
    const rules = schema.synchronizationRules.length;
    const mappings = schema.synchronizationRules.reduce((n, r) => n + r.objectMappings.length, 0);
    ctx.info(`schema of ${ref.name} written to ${path} (${rules} rule(s), ${mappings} object mapping(s))`);
  } else ctx.io.out(text);
  return EXIT.ok;
}
