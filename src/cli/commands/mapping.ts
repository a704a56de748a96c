/**
 * `cloudsync mapping test --dn DN`: every target attribute of one AD object (or LDIF entry), its
 * expression (defaults with the config's overrides) and the value it gives. Reads only the source.
 */
import { CloudsyncError } from '../../errors.js';
import type { ObjectKind, PropertyValue } from '../../sync/types.js';
import type { Context } from '../context.js';
import { EXIT } from '../output/exit-codes.js';
import { toCsv } from '../output/csv.js';
import { jsonLine } from '../output/format.js';
import { renderTable } from '../output/table.js';
import { openSource, type ConnectionFlags } from '../source.js';
import { resolveMapping } from './sync.js';

export interface MappingTestFlags extends ConnectionFlags {
  dn: string;
  kind?: string;
}

interface Row {
  target: string;
  expression: string;
  /** The value written; "ignored" when IgnoreFlowIfNullOrEmpty (or an error) leaves the property alone. */
  value: PropertyValue | 'ignored';
  applyOn: 'always' | 'create';
  reference?: true;
  error?: string;
}

export async function runMappingTest(ctx: Context, flags: MappingTestFlags): Promise<number> {
  const { parseDn } = await import('../../directory/dn.js');
  parseDn(flags.dn);
  if (flags.kind !== undefined && flags.kind !== 'user' && flags.kind !== 'group') throw new CloudsyncError('usage', `--kind expects user or group, got "${flags.kind}"`);
  const mapping = await resolveMapping(ctx.config.sync ?? {});
  const { mapObject, syncAttributes } = await import('../../sync/read/source.js');
  const { syncKind } = await import('../../sync/read/exclusions.js');
  const { IGNORE_FLOW } = await import('../../sync/mapping/index.js');
  const { fromMappedValue } = await import('../../sync/values.js');
  const source = await openSource(ctx, flags);
  try {
    const o = await source.get(flags.dn, ['*', ...syncAttributes(mapping, ['objectClass'])]);
    if (o === undefined) throw new CloudsyncError('not-found', `no object ${flags.dn} in ${source.description}: check the DN`);
    const kind: ObjectKind | undefined = (flags.kind as ObjectKind | undefined) ?? syncKind(o);
    if (kind === undefined) throw new CloudsyncError('input', `${flags.dn} is not a user, inetOrgPerson or group (objectClass ${o.objectClass.join(', ')}): give --kind user or --kind group to map it anyway`);
    const mapped = await mapObject(o, kind, mapping);
    const rows: Row[] = mapped.results.map((r) => ({
      target: r.target,
      expression: r.expression,
      value: r.value === IGNORE_FLOW ? 'ignored' : fromMappedValue(r.value as Exclude<typeof r.value, typeof IGNORE_FLOW>),
      applyOn: r.applyOn,
      ...(r.reference ? { reference: true as const } : {}),
      ...(r.error !== undefined ? { error: r.error } : {}),
    }));
    const anchor = mapped.object?.anchor;
    switch (ctx.format) {
      case 'json':
        ctx.io.out(jsonLine({ dn: o.dn, kind, ...(anchor ? { anchor } : {}), ...(mapped.problem ? { problem: mapped.problem.reason } : {}), attributes: rows }, true));
        break;
      case 'ndjson':
        ctx.io.out(rows.map((r) => jsonLine({ dn: o.dn, kind, ...r })).join(''));
        break;
      case 'csv':
        ctx.io.out(toCsv(['TARGET', 'EXPRESSION', 'VALUE', 'APPLYON', 'ERROR'], rows.map((r) => [r.target, r.expression, show(r.value), r.applyOn, r.error])));
        break;
      case 'table': {
        const p = ctx.paint;
        const width = ctx.io.stdoutIsTty ? (ctx.io.columns ?? 120) : undefined;
        ctx.io.out(`${o.dn} (${kind}${anchor ? `, source anchor ${anchor}` : ''})\n`);
        ctx.io.out(
          renderTable(
            ['Target', 'Expression', 'Value'],
            rows.map((r) => [
              `${r.target}${r.applyOn === 'create' ? ' (on create)' : ''}${r.reference ? ' (reference)' : ''}`,
              r.expression,
              r.error !== undefined ? p.red(`error: ${r.error}`) : r.value === 'ignored' ? p.dim('(ignored: not written)') : show(r.value),
            ]),
            { color: p.enabled, ...(width ? { width, weights: [3, 6, 4] } : {}) },
          ),
        );
        if (mapped.problem) ctx.warn(mapped.problem.reason);
      }
    }
    return rows.some((r) => r.error !== undefined) ? EXIT.findings : EXIT.ok;
  } finally {
    await source.close();
  }
}

function show(v: PropertyValue | 'ignored'): string {
  if (v === null) return '(none)';
  if (Array.isArray(v)) return v.length === 0 ? '(none)' : v.join('; ');
  return String(v);
}
