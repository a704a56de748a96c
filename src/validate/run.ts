import type { DirectorySource, Scope } from '../directory/types.js';
import { createEntraValidator, ENTRA_ATTRIBUTES } from './entra/index.js';
import { CLOUD_ATTRIBUTES, type CloudChecker, type MatchPreview } from './cloud/index.js';
import type { Finding } from './findings.js';
import { createIdfixValidator, IDFIX_ATTRIBUTES, IDFIX_FILTER } from './idfix/index.js';
import { mergeIdfixRows } from './idfix/merge.js';
import { sortFindings } from './sort.js';

export type RuleSet = 'entra' | 'idfix';

export interface ValidateOptions {
  readonly rules: RuleSet;
  readonly scope: Scope;
  /** The tenant's verified domains, when known. */
  readonly verifiedDomains?: readonly string[];
  /** IdFix's "Alternate Login ID": do not validate userPrincipalName. */
  readonly alternateLoginId?: boolean;
  /** Tenant-aware checks (conflicts with cloud objects, match preview, quota), when Entra is configured. */
  readonly cloud?: CloudChecker;
  readonly signal?: AbortSignal;
  /** Objects read so far (called often; cheap). */
  readonly onProgress?: (read: number) => void;
}

export interface ValidateSummary {
  readonly rules: RuleSet;
  readonly source: string;
  readonly objectsRead: number;
  readonly objectsSkipped: number;
  readonly objectsValidated: number;
  readonly objectsWithFindings: number;
  readonly errors: number;
  readonly warnings: number;
  readonly upnSuffixesChecked: boolean;
  readonly verifiedDomainsChecked: boolean;
  readonly tenantChecked: boolean;
  /** With a tenant: how many AD objects would hard-match, soft-match or be created. */
  readonly matchCounts?: Readonly<Record<MatchPreview['match'], number>>;
  readonly directoryQuota?: { readonly used: number; readonly total: number; readonly newObjects: number };
  readonly durationMs: number;
  /** The source was read only in part (an LDIF file cut short): why, naming file and line. */
  readonly partialRead?: string;
}

export interface ValidateResult {
  readonly summary: ValidateSummary;
  /** Sorted by DN (case-insensitive, stable: rule order within an object), as IdFix sorts. */
  readonly findings: readonly Finding[];
  /** With a tenant: one entry per validated AD object. */
  readonly matches?: readonly MatchPreview[];
}

/**
 * Streams the scope through the chosen rule set. Per-object rules run as objects arrive; only
 * findings and the duplicate indexes are kept in memory.
 */
export async function validateDirectory(source: DirectorySource, options: ValidateOptions): Promise<ValidateResult> {
  const started = performance.now();
  const idfix = createIdfixValidator({ alternateLoginId: options.alternateLoginId ?? false });
  const forestUpnSuffixes = options.rules === 'entra' && source.upnSuffixes ? await source.upnSuffixes() : undefined;
  const entra =
    options.rules === 'entra'
      ? createEntraValidator({
          ...(options.verifiedDomains ? { verifiedDomains: options.verifiedDomains } : {}),
          ...(forestUpnSuffixes ? { forestUpnSuffixes } : {}),
        })
      : undefined;
  const attributes = [...new Set([...IDFIX_ATTRIBUTES, ...(entra ? ENTRA_ATTRIBUTES : []), ...(options.cloud ? CLOUD_ATTRIBUTES : [])])];
  const findings: Finding[] = [];
  const keep = source.valuesShareBuffers === true ? detach : (f: Finding): Finding => f;
  let read = 0;
  let skipped = 0;
  for await (const o of source.search({
    scope: options.scope,
    typeFilter: IDFIX_FILTER,
    attributes,
    ...(options.signal ? { signal: options.signal } : {}),
  })) {
    read++;
    if ((read & 1023) === 0) options.onProgress?.(read);
    if (idfix.skipReason(o) !== undefined) {
      skipped++;
      continue;
    }
    for (const f of idfix.check(o)) findings.push(keep(f));
    if (entra) for (const f of entra.check(o)) findings.push(keep(f));
    options.cloud?.check(o);
  }
  options.onProgress?.(read);
  const partialRead = source.partialRead?.();
  if (entra) for (const f of entra.finish()) findings.push(f);
  const cloud = options.cloud?.finish();
  if (cloud) for (const f of cloud.findings) findings.push(f);

  const sorted = sortFindings(dropRepeatedConflicts(mergeIdfixRows(findings)));
  let errors = 0;
  const flagged = new Set<string>();
  for (const f of sorted) {
    if (f.severity === 'error') errors++;
    flagged.add(f.dn);
  }
  return {
    findings: sorted,
    ...(cloud ? { matches: cloud.matches } : {}),
    summary: {
      rules: options.rules,
      source: source.description,
      objectsRead: read,
      objectsSkipped: skipped,
      objectsValidated: read - skipped,
      objectsWithFindings: flagged.size,
      errors,
      warnings: sorted.length - errors,
      upnSuffixesChecked: forestUpnSuffixes !== undefined,
      verifiedDomainsChecked: options.verifiedDomains !== undefined,
      tenantChecked: cloud !== undefined,
      ...(cloud ? { matchCounts: countMatches(cloud.matches) } : {}),
      ...(cloud?.quota ? { directoryQuota: cloud.quota } : {}),
      durationMs: Math.round(performance.now() - started),
      ...(partialRead !== undefined ? { partialRead } : {}),
    },
  };
}

/**
 * An address shared with another object through the same attribute is already an IdFix
 * duplicate row (which the CSV and `fix` need); the entra conflict row for the same object,
 * attribute and value would say it twice.
 */
function dropRepeatedConflicts(findings: Finding[]): Finding[] {
  const key = (f: Finding) => `${f.dn}\u0000${f.attribute.toLowerCase()}\u0000${(f.value ?? '').toLowerCase()}`;
  const duplicates = new Set(findings.filter((f) => f.idfixErrors?.includes('Duplicate')).map(key));
  if (duplicates.size === 0) return findings;
  return findings.filter((f) => f.ruleId !== 'entra.address-conflict' || !duplicates.has(key(f)));
}

function countMatches(matches: readonly MatchPreview[]): Record<MatchPreview['match'], number> {
  const c = { hard: 0, 'soft-upn': 0, 'soft-smtp': 0, new: 0 };
  for (const m of matches) c[m.match]++;
  return c;
}

/**
 * A finding's strings may be slices of a source's read buffers (V8 keeps the whole buffer alive
 * for a slice); a JSON round trip gives it strings of its own. Findings are few, buffers large.
 */
function detach(f: Finding): Finding {
  return JSON.parse(JSON.stringify(f)) as Finding;
}
