/**
 * `cloudsync mapping test --dn DN`: every target attribute of one AD object (or LDIF entry), its
 * expression (defaults with the config's overrides) and the value it gives. Reads only the source.
 */
import { CloudsyncError } from '../../../errors.js';
import type { ObjectKind } from '../../../sync/types.js';
import type { Context } from '../../context.js';
import { emitOptions } from '../../output/emit.js';
import { EXIT } from '../../output/exit-codes.js';
import { openSource } from '../../source.js';
import { mappingTestOptions, type MappingTestFlags } from './options.js';
import { renderMappingTest, type MappingRow } from './render.js';

export async function runMappingTest(ctx: Context, flags: MappingTestFlags): Promise<number> {
  const o = await mappingTestOptions(ctx, flags);
  const { mapObject, syncAttributes } = await import('../../../sync/read/source.js');
  const { syncKind } = await import('../../../sync/read/exclusions.js');
  const { IGNORE_FLOW } = await import('../../../sync/mapping/index.js');
  const { fromMappedValue } = await import('../../../sync/values.js');
  const source = await openSource(ctx, o);
  try {
    const obj = await source.get(o.dn, ['*', ...syncAttributes(o.mapping, ['objectClass'])]);
    if (obj === undefined) throw new CloudsyncError('not-found', `no object ${o.dn} in ${source.description}: check the DN`);
    const kind: ObjectKind | undefined = o.kind ?? syncKind(obj);
    if (kind === undefined) throw new CloudsyncError('input', `${o.dn} is not a user, inetOrgPerson or group (objectClass ${obj.objectClass.join(', ')}): give --kind user or --kind group to map it anyway`);
    const mapped = await mapObject(obj, kind, o.mapping);
    const rows: MappingRow[] = mapped.results.map((r) => ({
      target: r.target,
      expression: r.expression,
      value: r.value === IGNORE_FLOW ? 'ignored' : fromMappedValue(r.value as Exclude<typeof r.value, typeof IGNORE_FLOW>),
      applyOn: r.applyOn,
      ...(r.reference ? { reference: true as const } : {}),
      ...(r.error !== undefined ? { error: r.error } : {}),
    }));
    ctx.io.out(renderMappingTest({ dn: obj.dn, kind, anchor: mapped.object?.anchor, problem: mapped.problem?.reason, rows }, emitOptions(ctx)));
    // People see why the object would not be synchronised; scripts have it as `problem` in JSON.
    if (ctx.format === 'table' && mapped.problem) ctx.warn(mapped.problem.reason);
    return rows.some((r) => r.error !== undefined) ? EXIT.findings : EXIT.ok;
  } finally {
    await source.close();
  }
}
