/**
 * `cloudsync job provision` for people: the service's provisioning steps in the order the portal
 * shows them (import, scope, match, action), in the same numbered step view as
 * `cloudsync test-user`, then the attributes the service changed. For scripts: the service's
 * answer as JSON (an array for several DNs), one line per DN in NDJSON, one CSV row per step.
 */
import { provisionError, provisionFailed, type ProvisionObjectType, type ProvisionResult } from '../../../../cloud-sync/provision.js';
import { toCsv } from '../../../output/csv.js';
import { emit, type EmitOptions } from '../../../output/emit.js';
import { jsonLine } from '../../../output/format.js';
import type { Paint } from '../../../output/paint.js';
import { renderTable } from '../../../output/table.js';

export interface Provisioned {
  dn: string;
  objectType: ProvisionObjectType;
  result: ProvisionResult;
}

/** The DN and the service's answer: an NDJSON line, an element of the JSON array. */
const withDn = (r: Provisioned) => ({ dn: r.dn, ...r.result });

/** One NDJSON line (the command streams them as the service answers). */
export const provisionLine = (r: Provisioned): string => jsonLine(withDn(r));

export function renderProvisionResults(results: readonly Provisioned[], rule: string, o: EmitOptions): string {
  return emit(
    {
      rows: results,
      json: results.length === 1 ? results[0]!.result : results.map(withDn),
      ndjson: { line: withDn },
      csv: (all) =>
        toCsv(
          ['DN', 'RESULT', 'STEP', 'TYPE', 'STATUS', 'DESCRIPTION'],
          all.flatMap((r) => r.result.provisioningSteps.map((s) => [r.dn, r.result.result, s.name, s.type, s.status, s.description])),
        ),
      table: (all) => all.map((r) => renderProvisionResult(r.result, { dn: r.dn, objectType: r.objectType, rule, paint: o.paint, width: o.width })).join('\n'),
    },
    o,
  );
}

const SECTION: Record<string, (t: string) => string> = {
  import: (t) => `Import ${t}`,
  scoping: (t) => `Determine if ${t} is in scope`,
  matching: (t) => `Match ${t} between source and target`,
  processing: () => 'Perform action',
  referenceresolution: () => 'Resolve references',
  export: () => 'Perform action',
};

const statusText = (s: string, p: Paint): string => {
  const k = s.toLowerCase();
  if (k === 'success') return p.green(s);
  if (k === 'failure' || k === 'failed') return p.red(s);
  if (k === 'skipped' || k === 'warning') return p.yellow(s);
  return s;
};

export function renderProvisionResult(r: ProvisionResult, o: { dn: string; objectType: ProvisionObjectType; rule: string; paint: Paint; width?: number | undefined }): string {
  const p = o.paint;
  const table = (head: string[], rows: (string | undefined)[][], weights?: number[]) =>
    renderTable(head, rows, { color: p.enabled, ...(o.width !== undefined ? { width: o.width, ...(weights ? { weights } : {}) } : {}) });
  const out: string[] = [];
  out.push(`${p.bold(o.dn)}\n`);
  out.push(`result ${statusText(r.result, p)}${r.action ? `, action ${r.action}` : ''} (rule ${o.rule})\n`);
  if (r.sourceIdentity || r.targetIdentity) {
    out.push(`${r.sourceSystem?.name || 'source'} ${r.sourceIdentity?.id || '?'} → ${r.targetSystem?.name || 'target'} ${r.targetIdentity?.id || '(none yet)'}\n`);
  }
  out.push('\n');
  r.provisioningSteps.forEach((s, i) => {
    const title = SECTION[(s.type ?? '').toLowerCase().replace(/\s/g, '')]?.(o.objectType) ?? s.type ?? s.name;
    out.push(`${p.bold(`${i + 1}. ${title}`)}  ${statusText(s.status, p)}  ${p.dim(`(${s.name})`)}\n`);
    if (s.description) out.push(`${s.description}\n`);
    const details = Object.entries(s.details ?? {});
    if (details.length > 0) out.push(table(['Detail', 'Value'], details.map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]), [1, 3]));
    out.push('\n');
  });
  if (r.modifiedProperties.length > 0) {
    out.push(`${p.bold('Modified properties')}\n`);
    out.push(table(['Property', 'Old value', 'New value'], r.modifiedProperties.map((m) => [m.displayName, m.oldValue ?? '(none)', m.newValue ?? '(none)']), [2, 3, 3]));
  }
  const err = provisionFailed(r) ? provisionError(r) : undefined;
  if (err) out.push(`${p.red('error')} ${err.code}${err.reason ? `: ${err.reason}` : ''}${err.additionalDetails ? ` — ${err.additionalDetails}` : ''}${err.recommendedAction ? `\nwhat to do: ${err.recommendedAction}` : ''}\n`);
  const ids = [r.changeId ? `changeId ${r.changeId}` : '', r.startTime ? `started ${r.startTime}` : '', r.endTime ? `ended ${r.endTime}` : ''].filter((x) => x !== '');
  if (ids.length > 0) out.push(`${p.dim(ids.join(', '))}\n`);
  return out.join('');
}
