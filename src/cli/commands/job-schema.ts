/** `cloudsync job schema [--out FILE | --import FILE]` and `cloudsync job scope` (docs/job.md). */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { SynchronizationSchema } from '../../directory/entra/synchronization-types.js';
import type { SchemaProblem } from '../../cloud-sync/schema.js';
import { CloudsyncError } from '../../errors.js';
import type { Context } from '../context.js';
import { EXIT } from '../output/exit-codes.js';
import { jsonLine } from '../output/format.js';
import { toCsv } from '../output/csv.js';
import { renderSchemaChanges, renderSchemaProblems, renderScope } from '../output/job.js';
import { confirmChange, openJob, type JobFlags } from './job.js';

export async function runJobSchema(ctx: Context, flags: JobFlags & { out?: string; import?: string }): Promise<number> {
  const sch = await import('../../cloud-sync/schema.js');
  if (flags.out !== undefined && flags.import !== undefined) throw new CloudsyncError('usage', '--out and --import cannot be used together');
  if (flags.import !== undefined) return importSchema(ctx, flags, flags.import);
  const { graph, ref } = await openJob(ctx, flags);
  const schema = await sch.getSchema(graph, ref);
  const text = sch.schemaToFile(schema);
  if (flags.out !== undefined) {
    const path = resolve(ctx.io.cwd, flags.out);
    await writeFile(path, text, 'utf8');
    const rules = schema.synchronizationRules.length;
    const mappings = schema.synchronizationRules.reduce((n, r) => n + r.objectMappings.length, 0);
    ctx.info(`schema of ${ref.name} written to ${path} (${rules} rule(s), ${mappings} object mapping(s))`);
  } else ctx.io.out(text);
  return EXIT.ok;
}

async function importSchema(ctx: Context, flags: JobFlags, file: string): Promise<number> {
  const sch = await import('../../cloud-sync/schema.js');
  let text: string;
  try {
    text = await readFile(resolve(ctx.io.cwd, file), 'utf8');
  } catch (e) {
    throw new CloudsyncError('input', `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  // Parse before signing in: a broken file is reported without touching the tenant.
  const parsed = sch.parseJsonText(text, file);
  const shape = sch.validateSchema(parsed);
  if (shape.some((x) => x.severity === 'error')) return refuse(ctx, file, shape);

  const { graph, ref } = await openJob(ctx, flags);
  const current = await sch.getSchema(graph, ref);
  const problems = sch.validateSchema(parsed, current);
  if (problems.some((x) => x.severity === 'error')) return refuse(ctx, file, problems);
  ctx.io.err(renderSchemaProblems(problems, ctx.paintErr));
  const next = parsed as SynchronizationSchema;
  const changes = sch.diffSchemas(current, next);
  if (ctx.format === 'table') ctx.io.out(renderSchemaChanges(changes, ctx.paint));
  if (changes.length === 0) {
    if (ctx.format !== 'table') ctx.io.out(jsonLine({ job: ref.name, changes, warnings: problems, written: false }, ctx.format === 'json'));
    ctx.info('nothing to import');
    return EXIT.ok;
  }
  const answer = await confirmChange(ctx, flags, `Replace the schema of ${ref.name} (${changes.length} change(s))?`, `replacing the schema of ${ref.name} (${changes.length} change(s))`);
  if (answer !== 'yes') {
    if (answer === 'no') ctx.info('schema not changed');
    return EXIT.findings;
  }
  await sch.putSchema(graph, ref, next);
  if (ctx.format !== 'table') ctx.io.out(jsonLine({ job: ref.name, changes, warnings: problems, written: true }, ctx.format === 'json'));
  ctx.info(`schema of ${ref.name} replaced (${changes.length} change(s))`);
  return EXIT.ok;
}

function refuse(ctx: Context, file: string, problems: readonly SchemaProblem[]): never {
  // Errors only: warnings matter once the errors are fixed.
  const errors = problems.filter((x) => x.severity === 'error');
  ctx.io.err(renderSchemaProblems(errors, ctx.paintErr));
  const n = errors.length;
  throw new CloudsyncError('input', `${file}: ${n} error(s) in the schema: nothing was sent`);
}

export async function runJobScope(ctx: Context, flags: JobFlags & { objectType?: string }): Promise<number> {
  const { parseScopeObjectType, schemaScopes } = await import('../../cloud-sync/scope.js');
  const type = parseScopeObjectType(flags.objectType);
  const { graph, ref } = await openJob(ctx, flags);
  const { getSchema } = await import('../../cloud-sync/schema.js');
  const scopes = schemaScopes(await getSchema(graph, ref), type);
  if (ctx.format === 'json' || ctx.format === 'ndjson') ctx.io.out(jsonLine({ job: ref.name, jobId: ref.job.id, objectType: type, scopes }, ctx.format === 'json'));
  else if (ctx.format === 'csv') ctx.io.out(toCsv(['MAPPING', 'SOURCE', 'TARGET', 'ENABLED', 'SCOPE'], scopes.map((s) => [s.mapping, s.sourceObjectName, s.targetObjectName, String(s.enabled), s.text])));
  else ctx.io.out(renderScope(scopes, { paint: ctx.paint, job: ref.name }));
  return EXIT.ok;
}
