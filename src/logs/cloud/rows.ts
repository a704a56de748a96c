/**
 * A provisioning record with names instead of ids, and the cycles the records belong to: what
 * every output of `logs cloud` is made from.
 */
import type { ProvisioningObjectSummary } from '../../sync/explain/provisioning-summary.js';
import type { AdName } from './ad-names.js';
import type { CloudObject } from './cloud-names.js';
import type { ConflictHolder } from './conflict.js';
import { explainError, explainSkip, type Explanation } from './explain.js';

export interface LogRow {
  record: ProvisioningObjectSummary;
  time: string;
  jobName: string;
  action: ProvisioningObjectSummary['provisioningAction'];
  status: ProvisioningObjectSummary['provisioningStatusInfo']['status'];
  /** Cloud side: display name, UPN (users) or mail (groups), kind; deleted when found in deletedItems. */
  target?: { name?: string; upn?: string; kind: CloudObject['kind'] | IdentityKind; deleted?: boolean };
  /** AD side: DN and name (from AD, the cloud object's onPremisesDistinguishedName or the record). */
  source?: { dn?: string; name?: string };
  /** "Name <upn>", a DN, or "AD object <guid>" when nothing is known: never empty. */
  label: string;
  changes: Array<{ attribute: string; oldValue: string | null; newValue: string | null }>;
  error?: {
    code: string;
    reason: string;
    recommendedAction: string;
    category: string;
    additionalDetails: string;
    explanation?: Explanation;
    conflict?: ConflictHolder;
  };
  /** Why a skipped record was skipped. */
  skip?: Explanation;
}

export interface Cycle {
  cycleId: string;
  jobId: string;
  jobName: string;
  start: string;
  end: string;
  counts: CycleCounts;
  rows: LogRow[];
}

export interface CycleCounts {
  created: number;
  updated: number;
  deleted: number;
  disabled: number;
  stagedDelete: number;
  other: number;
  failed: number;
  skipped: number;
  warnings: number;
}

export interface Lookups {
  cloud(id: string): CloudObject | undefined;
  cloudByGuid(guid: string): CloudObject | undefined;
  ad(guid: string): AdName | undefined;
  jobName(r: ProvisioningObjectSummary): string;
}

/** Attributes whose values are cloud object ids (member adds/removes, manager). */
export const REFERENCE = /^(members|manager|owners)$/i;
export const GUID_TOKEN = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** What an identityType names besides users and groups (provisionedIdentity.identityType, e.g. "ServicePrincipal"). */
export type IdentityKind = 'user' | 'group' | 'contact' | 'device' | 'servicePrincipal' | 'object';

/** The kind an identity's identityType names: User and inetOrgPerson are users; anything unknown is an object, never a user. */
export function identityKind(type: string | null | undefined): IdentityKind {
  const t = (type ?? '').trim().toLowerCase();
  if (t === 'user' || t === 'inetorgperson' || t === 'person') return 'user';
  if (t.includes('group')) return 'group';
  if (t === 'contact' || t === 'orgcontact') return 'contact';
  if (t === 'device' || t === 'computer') return 'device';
  if (t === 'serviceprincipal' || t === 'application') return 'servicePrincipal';
  return 'object';
}

const refName = (o: CloudObject | undefined): string | undefined => (o === undefined ? undefined : (o.userPrincipalName ?? o.mail ?? o.displayName));

const REQUEST_ID = /request-id:? [0-9a-f-]{36}/gi;

/** The object ids a record's additionalDetails mentions (not its request id). */
export function detailIds(r: ProvisioningObjectSummary): string[] {
  return (r.provisioningStatusInfo?.errorInformation?.additionalDetails ?? '').replace(REQUEST_ID, '').match(GUID_TOKEN) ?? [];
}

/** additionalDetails with the ids of known cloud objects replaced by their names (request ids name none and stay). */
function namedDetails(details: string, l: Lookups): string {
  return details.replace(GUID_TOKEN, (id) => refName(l.cloud(id)) ?? id);
}

export function toRow(r: ProvisioningObjectSummary, l: Lookups): LogRow {
  const sourceId = r.sourceIdentity?.id ?? '';
  const targetId = r.targetIdentity?.id ?? '';
  const cloud = (targetId !== '' ? l.cloud(targetId) : undefined) ?? (sourceId !== '' ? l.cloudByGuid(sourceId) : undefined);
  const ad = sourceId !== '' ? l.ad(sourceId) : undefined;
  const recordDn = r.sourceIdentity?.details?.['DistinguishedName'];
  const dn = ad?.dn ?? cloud?.onPremisesDistinguishedName ?? (recordDn || undefined);
  const sourceName = ad?.name ?? (r.sourceIdentity?.displayName || undefined);
  const row: LogRow = {
    record: r,
    time: r.activityDateTime,
    jobName: l.jobName(r),
    action: r.provisioningAction,
    status: r.provisioningStatusInfo?.status ?? 'success',
    label: '',
    changes: (r.modifiedProperties ?? []).map((p) => {
      const names = REFERENCE.test(p.displayName) ? (v: string | null) => (v === null ? null : v.replace(GUID_TOKEN, (id) => refName(l.cloud(id)) ?? id)) : (v: string | null) => v;
      return { attribute: p.displayName, oldValue: names(p.oldValue ?? null), newValue: names(p.newValue ?? null) };
    }),
  };
  if (cloud !== undefined) {
    const upn = cloud.kind === 'group' ? cloud.mail : (cloud.userPrincipalName ?? cloud.mail);
    row.target = { kind: cloud.kind, ...(cloud.displayName ? { name: cloud.displayName } : {}), ...(upn ? { upn } : {}), ...(cloud.deleted ? { deleted: true } : {}) };
  } else if (r.targetIdentity?.displayName) {
    row.target = { kind: identityKind(r.targetIdentity.identityType), name: r.targetIdentity.displayName };
  }
  if (row.target === undefined && ad === undefined) {
    // Nothing names the object (a failed create of an object AD was not asked about): the values it was to get do.
    const hint = intended(r);
    if (hint.name !== undefined || hint.upn !== undefined) row.target = { kind: identityKind(r.sourceIdentity?.identityType), ...hint };
  }
  if (dn !== undefined || sourceName !== undefined) row.source = { ...(dn !== undefined ? { dn } : {}), ...(sourceName !== undefined ? { name: sourceName } : {}) };
  row.label = label(row, sourceId, targetId, ad?.userPrincipalName);
  const info = r.provisioningStatusInfo?.errorInformation;
  if (info && (info.errorCode || info.reason)) {
    const explanation = explainError(info);
    row.error = {
      code: info.errorCode ?? '',
      reason: info.reason ?? '',
      recommendedAction: info.recommendedAction ?? '',
      category: info.errorCategory ?? '',
      additionalDetails: namedDetails(info.additionalDetails ?? '', l),
      ...(explanation ? { explanation } : {}),
    };
  }
  const skip = explainSkip(r, dn);
  if (skip) row.skip = skip;
  return row;
}

/** The name and UPN / address a record's modifiedProperties were to give the object. */
function intended(r: ProvisioningObjectSummary): { name?: string; upn?: string } {
  const get = (a: string): string | undefined => {
    const v = (r.modifiedProperties ?? []).find((p) => p.displayName.toLowerCase() === a.toLowerCase())?.newValue;
    return v ? v.split(', ')[0]!.replace(/^smtp:/i, '') : undefined;
  };
  const name = get('displayName');
  const upn = get('userPrincipalName') ?? get('mail') ?? get('proxyAddresses');
  return { ...(name !== undefined ? { name } : {}), ...(upn !== undefined ? { upn } : {}) };
}

function label(row: LogRow, sourceId: string, targetId: string, adUpn: string | undefined): string {
  const name = row.target?.name ?? row.source?.name;
  const upn = row.target?.upn ?? adUpn;
  const deleted = row.target?.deleted ? ' (deleted)' : '';
  if (name !== undefined && upn !== undefined && name.toLowerCase() !== upn.toLowerCase()) return `${name} <${upn}>${deleted}`;
  if (upn !== undefined || name !== undefined) return `${upn ?? name}${deleted}`;
  if (row.source?.dn !== undefined) return row.source.dn;
  if (sourceId !== '') return `AD object ${sourceId}`;
  if (targetId !== '') return `cloud object ${targetId}`;
  return '(no object named)';
}

const emptyCounts = (): CycleCounts => ({ created: 0, updated: 0, deleted: 0, disabled: 0, stagedDelete: 0, other: 0, failed: 0, skipped: 0, warnings: 0 });

export function count(c: CycleCounts, row: LogRow): void {
  if (row.status === 'failure') c.failed++;
  // A staged delete is always recorded as skipped: it is counted as what it is.
  else if (row.action === 'stagedDelete') c.stagedDelete++;
  else if (row.status === 'skipped') c.skipped++;
  else {
    if (row.status === 'warning') c.warnings++;
    switch (row.action) {
      case 'create':
        c.created++;
        break;
      case 'update':
        c.updated++;
        break;
      case 'delete':
        c.deleted++;
        break;
      case 'disable':
        c.disabled++;
        break;
      default:
        c.other++;
    }
  }
}

/** Rows grouped by cycle; cycles and rows oldest first. */
export function groupCycles(rows: readonly LogRow[]): Cycle[] {
  const byId = new Map<string, Cycle>();
  const sorted = [...rows].sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
  for (const row of sorted) {
    const key = `${row.record.jobId ?? ''}\u0000${row.record.cycleId ?? ''}`;
    let c = byId.get(key);
    if (c === undefined) {
      c = { cycleId: row.record.cycleId ?? '', jobId: row.record.jobId ?? '', jobName: row.jobName, start: row.time, end: row.time, counts: emptyCounts(), rows: [] };
      byId.set(key, c);
    }
    c.rows.push(row);
    c.end = row.time;
    count(c.counts, row);
  }
  return [...byId.values()].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
}
