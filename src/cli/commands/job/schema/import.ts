import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { SchemaProblem } from '../../../../cloud-sync/schema.js';
import type { SynchronizationSchema } from '../../../../directory/entra/synchronization-types.js';
import { CloudsyncError } from '../../../../errors.js';
import { confirmChange } from '../../../confirm.js';
import type { Context } from '../../../context.js';
import { emitOptions } from '../../../output/emit.js';
import { EXIT } from '../../../output/exit-codes.js';
import { openJob } from '../open.js';
import type { JobOptions } from '../options.js';
import { renderImportResult, renderSchemaChanges, renderSchemaProblems } from './render.js';

/**
 * `job schema --import FILE`: the file is read and checked before signing in (a broken file is
 * reported without touching the tenant), then against the job's current schema; the changes are
 * shown, and the schema PUT after a "yes".
 */
export async function importSchema(ctx: Context, o: JobOptions, file: string): Promise<number> {
  const sch = await import('../../../../cloud-sync/schema.js');
  let text: string;
  try {
    text = await readFile(resolve(ctx.io.cwd, file), 'utf8');
  } catch (e) {
    throw new CloudsyncError('input', `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const parsed = sch.parseJsonText(text, file);
  const shape = sch.validateSchema(parsed);
  if (shape.some((x) => x.severity === 'error')) return refuse(ctx, file, shape);

  const { graph, ref } = await openJob(ctx, o);
  const current = await sch.getSchema(graph, ref);
  const problems = sch.validateSchema(parsed, current);
  if (problems.some((x) => x.severity === 'error')) return refuse(ctx, file, problems);
  ctx.io.err(renderSchemaProblems(problems, ctx.paintErr));
  const next = parsed as SynchronizationSchema;
  const changes = sch.diffSchemas(current, next);
  // People see the changes before they are asked; scripts get the result after.
  if (ctx.format === 'table') ctx.io.out(renderSchemaChanges(changes, ctx.paint));
  if (changes.length === 0) {
    if (ctx.format !== 'table') ctx.io.out(renderImportResult({ job: ref.name, changes, warnings: problems, written: false }, emitOptions(ctx)));
    ctx.info('nothing to import');
    return EXIT.ok;
  }
  const answer = await confirmChange(ctx, o.yes, `Replace the schema of ${ref.name} (${changes.length} change(s))?`, `replacing the schema of ${ref.name} (${changes.length} change(s))`);
  if (answer !== 'yes') {
    if (answer === 'no') ctx.info('schema not changed');
    return EXIT.findings;
  }
  await sch.putSchema(graph, ref, next);
  if (ctx.format !== 'table') ctx.io.out(renderImportResult({ job: ref.name, changes, warnings: problems, written: true }, emitOptions(ctx)));
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
