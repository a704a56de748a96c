/**
 * What `logs cloud` asks Graph for and what it filters itself. Graph's $filter on
 * auditLogs/provisioning takes eq / gt / lt / contains (case-sensitive; no ge or le), so the
 * server filters what is exact (time, job, cycle, status, action); the rest (a user by UPN, DN or
 * part of a name, in any case; an attribute; an error code) is matched here after names are known.
 */
import { CloudsyncError } from '../../errors.js';
import type { ProvisioningObjectSummary } from '../../sync/explain/provisioning-summary.js';

export type ProvisioningStatus = ProvisioningObjectSummary['provisioningStatusInfo']['status'];
export type ProvisioningAction = ProvisioningObjectSummary['provisioningAction'];

export const STATUSES: readonly ProvisioningStatus[] = ['success', 'failure', 'skipped', 'warning'];
export const ACTIONS: readonly ProvisioningAction[] = ['create', 'update', 'delete', 'disable', 'stagedDelete', 'other'];

export interface ServerQuery {
  since?: Date;
  until?: Date;
  jobId?: string;
  cycleId?: string;
  status?: ProvisioningStatus;
  action?: ProvisioningAction;
}

export interface ClientQuery {
  /** UPN, DN, or a fragment of a name; case-insensitive. */
  user?: string;
  /** A modified attribute's name; case-insensitive. */
  attribute?: string;
  /** An error code; case-insensitive. */
  errorCode?: string;
}

export function parseStatus(v: string): ProvisioningStatus {
  const s = v.trim().toLowerCase();
  const hit = STATUSES.find((x) => x === s || (s === 'failed' && x === 'failure') || (s === 'warnings' && x === 'warning'));
  if (hit === undefined) throw new CloudsyncError('usage', `--status expects ${STATUSES.join(', ')}, got "${v}"`);
  return hit;
}

export function parseAction(v: string): ProvisioningAction {
  const s = v.trim().toLowerCase();
  const hit = ACTIONS.find((x) => x.toLowerCase() === s || (s === 'staged-delete' && x === 'stagedDelete'));
  if (hit === undefined) throw new CloudsyncError('usage', `--action expects ${ACTIONS.join(', ')}, got "${v}"`);
  return hit;
}

const quote = (v: string): string => `'${v.replace(/'/g, "''")}'`;

/** The OData $filter (unencoded), or undefined for none. */
export function serverFilter(q: ServerQuery): string | undefined {
  const parts: string[] = [];
  // gt/lt one millisecond outside the bounds: the API documents no ge or le.
  if (q.since !== undefined) parts.push(`activityDateTime gt ${new Date(q.since.getTime() - 1).toISOString()}`);
  if (q.until !== undefined) parts.push(`activityDateTime lt ${new Date(q.until.getTime() + 1).toISOString()}`);
  if (q.jobId !== undefined) parts.push(`jobId eq ${quote(q.jobId)}`);
  if (q.cycleId !== undefined) parts.push(`cycleId eq ${quote(q.cycleId)}`);
  if (q.status !== undefined) parts.push(`provisioningStatusInfo/status eq ${quote(q.status)}`);
  if (q.action !== undefined) parts.push(`provisioningAction eq ${quote(q.action)}`);
  return parts.length === 0 ? undefined : parts.join(' and ');
}

/** The names a record was resolved to, which --user matches. */
export interface RecordNames {
  targetName?: string;
  targetUpn?: string;
  sourceDn?: string;
  sourceName?: string;
}

/** Client-side matching, after names are resolved. */
export function matchesClient(r: ProvisioningObjectSummary, names: RecordNames, q: ClientQuery): boolean {
  if (q.errorCode !== undefined) {
    const code = r.provisioningStatusInfo?.errorInformation?.errorCode ?? '';
    if (code.toLowerCase() !== q.errorCode.trim().toLowerCase()) return false;
  }
  if (q.attribute !== undefined) {
    const a = q.attribute.trim().toLowerCase();
    if (!(r.modifiedProperties ?? []).some((p) => p.displayName.toLowerCase() === a)) return false;
  }
  if (q.user !== undefined) {
    const u = q.user.trim().toLowerCase();
    const hay = [
      names.targetName,
      names.targetUpn,
      names.sourceDn,
      names.sourceName,
      r.sourceIdentity?.displayName,
      r.targetIdentity?.displayName,
      r.sourceIdentity?.id,
      r.targetIdentity?.id,
      r.sourceIdentity?.details?.['DistinguishedName'],
    ];
    if (!hay.some((h) => typeof h === 'string' && h.toLowerCase().includes(u))) return false;
  }
  return true;
}
