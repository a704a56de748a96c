import type { MappingScope, ScopeObjectType } from '../../../../cloud-sync/scope.js';
import { toCsv } from '../../../output/csv.js';
import { emit, type EmitOptions } from '../../../output/emit.js';
import type { JobRenderOptions } from '../render.js';

export interface ScopeView {
  job: string;
  jobId: string;
  objectType: ScopeObjectType | 'all';
  scopes: MappingScope[];
}

/** `job scope`: the view as JSON (one line in NDJSON), one CSV row per object mapping, or the filters in words. */
export function renderScopeView(v: ScopeView, o: EmitOptions): string {
  return emit(
    {
      rows: [v],
      json: v,
      csv: () => toCsv(['MAPPING', 'SOURCE', 'TARGET', 'ENABLED', 'SCOPE'], v.scopes.map((s) => [s.mapping, s.sourceObjectName, s.targetObjectName, String(s.enabled), s.text])),
      table: () => renderScope(v.scopes, { paint: o.paint, job: v.job }),
    },
    o,
  );
}

export function renderScope(scopes: readonly MappingScope[], o: JobRenderOptions & { job: string }): string {
  const out = [`${o.paint.bold(o.job)}\n`];
  if (scopes.length === 0) out.push('no object mapping for this object type\n');
  for (const s of scopes) {
    out.push(`\n${s.mapping} (${s.sourceObjectName} → ${s.targetObjectName})${s.enabled ? '' : o.paint.yellow(' [disabled]')}\n`);
    out.push(`  ${s.text}\n`);
    if (s.groups.length > 1 || (s.groups[0]?.length ?? 0) > 1) {
      s.groups.forEach((g, i) => out.push(`  ${i === 0 ? '  ' : 'or'} ${g.join('\n       and ')}\n`));
    }
  }
  return out.join('');
}
