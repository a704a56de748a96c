/**
 * A group's provisionOnDemand answer and log record with its named members: one reference step
 * per member (provisioned, already a member, or skipped and why), the export step counting the
 * member adds, and the adds as one `members` modified property (added ids as newValue, as the
 * cycles' provisioning logs show them).
 */
import type { ApplyResult, OperationResult } from '../../sync/apply/apply.js';
import type { ProvisioningObjectSummary, ProvisioningStepStatus } from '../../sync/explain/provisioning-summary.js';
import type { TestUserResult } from '../../sync/explain/test-user.js';
import { statusInfo, type AnswerParts } from './on-demand-answer.js';
import type { NamedMember, Owner } from './on-demand-members.js';

export interface MemberOutcome {
  readonly dn: string;
  readonly status: 'Success' | 'Skipped' | 'Failure';
  readonly description: string;
  readonly cloudId?: string;
  readonly added: boolean;
  /** The step's Membership detail. */
  readonly membership: 'Added' | 'AlreadyMember' | 'Skipped' | 'Failed';
}

/** The results of the operations one owner had in the combined plan. */
export function resultsOf(applied: ApplyResult | undefined, owners: ReadonlyMap<number, Owner>, keep: (o: Owner) => boolean): ApplyResult | undefined {
  if (applied === undefined) return undefined;
  const results = applied.results.filter((r) => keep(owners.get(r.seq) ?? { of: 'group' }));
  const failed = results.filter((r) => r.status === 'failed').length;
  const skipped = results.filter((r) => r.status === 'skipped').length;
  const outcome = applied.outcome === 'interrupted' ? 'interrupted' : failed + skipped > 0 ? 'partial' : 'success';
  return { ...applied, outcome, results, counts: { succeeded: results.length - failed - skipped, failed, skipped, notRun: 0 } };
}

const problem = (r: OperationResult | undefined): string | undefined =>
  r === undefined || r.status === 'success' ? undefined : (r.error?.message ?? r.note ?? r.status);

/** What happened to each named member once the plan was applied. */
export function memberOutcomes(members: readonly NamedMember[], applied: ApplyResult | undefined, owners: ReadonlyMap<number, Owner>): MemberOutcome[] {
  return members.map((m, index) => {
    if (m.membership === 'skipped') return { dn: m.dn, status: 'Skipped', description: `Member '${m.dn}': ${m.reason}`, ...(m.cloudId ? { cloudId: m.cloudId } : {}), added: false, membership: 'Skipped' };
    const own = resultsOf(applied, owners, (o) => o.of === 'member' && o.index === index)?.results ?? [];
    const cloudId = m.cloudId ?? own.find((r) => r.action === 'create' && r.status === 'success')?.cloudId;
    const ids = cloudId !== undefined ? { cloudId } : {};
    const failed = own.find((r) => r.status !== 'success');
    const action = m.result?.steps.action.action ?? 'none';
    const done = action === 'none' ? 'already in sync' : action === 'create' ? 'created' : 'updated';
    const who = `Member '${m.dn}' (${m.result?.steps.import.kind === 'group' ? 'Group' : 'User'} ${cloudId ?? 'not created'})`;
    if (failed !== undefined) return { dn: m.dn, status: 'Failure', description: `${who} could not be provisioned: ${problem(failed)}; not added`, ...ids, added: false, membership: 'Failed' };
    if (m.membership === 'present') return { dn: m.dn, status: action === 'none' ? 'Skipped' : 'Success', description: `${who} ${done}; ${m.reason}`, ...ids, added: false, membership: 'AlreadyMember' };
    const add = resultsOf(applied, owners, (o) => o.of === 'membership' && o.index === index)?.results[0];
    const why = problem(add);
    if (why !== undefined || add === undefined) return { dn: m.dn, status: 'Failure', description: `${who} ${done}; not added to the group: ${why ?? 'not run'}`, ...ids, added: false, membership: 'Failed' };
    return { dn: m.dn, status: 'Success', description: `${who} ${done}; ${m.reason}`, ...ids, added: true, membership: 'Added' };
  });
}

const addedIds = (out: readonly MemberOutcome[]): string => out.flatMap((o) => (o.added && o.cloudId ? [o.cloudId] : [])).join(', ');

/** The group's answer (from test-user) extended with its members. */
export function withMembersAnswer(parts: AnswerParts, group: TestUserResult, out: readonly MemberOutcome[]): AnswerParts {
  const { key, value } = parts;
  const steps = [...value.provisioningSteps];
  const exp = steps.pop()!;
  const now = new Date().toISOString();
  for (const o of out) {
    steps.push({ name: 'EntryReferenceResolution', type: 'ReferenceResolution', status: o.status, description: o.description, timestamp: now, details: { DistinguishedName: o.dn, ...(o.cloudId ? { TargetObjectId: o.cloudId } : {}), Membership: o.membership } });
  }
  const adds = out.filter((o) => o.added).length;
  const failed = key.result === 'Failure' || out.some((o) => o.status === 'Failure');
  const changed = group.steps.action.action !== 'none' || adds > 0 || out.some((o) => o.status === 'Success');
  const summary = `${adds} member${adds === 1 ? '' : 's'} added`;
  if (exp.name === 'EntrySynchronizationSkip' && (adds > 0 || failed)) {
    steps.push({ name: 'EntryExportUpdate', type: 'Export', status: failed ? 'Failure' : 'Success', description: `Updated Group '${group.steps.match?.cloudId ?? ''}' in Entra ID: ${summary}`, timestamp: now, details: adds > 0 ? { MembersAdded: addedIds(out) } : {} });
  } else if (exp.name !== 'EntrySynchronizationSkip') {
    steps.push({ ...exp, status: failed ? 'Failure' : exp.status, description: `${exp.description}; ${summary}`, details: { ...exp.details, ...(adds > 0 ? { MembersAdded: addedIds(out) } : {}) } });
  } else steps.push(exp);
  const result = failed ? 'Failure' : changed ? 'Success' : 'Skipped';
  const firstFailure = out.find((o) => o.status === 'Failure');
  return {
    key: { result, details: key.result === 'Failure' || firstFailure === undefined ? key.details : { errorCode: 'MemberProvisioningFailed', errorMessage: firstFailure.description } },
    value: {
      ...value,
      provisioningSteps: steps,
      modifiedProperties: [...value.modifiedProperties, ...(adds > 0 ? [{ displayName: 'members', oldValue: null, newValue: addedIds(out) }] : [])],
      action: value.action === 'Other' && result === 'Success' ? 'Update' : value.action,
      statusInfo:
        value.statusInfo.status === 'Failure' || firstFailure === undefined
          ? { ...value.statusInfo, status: value.statusInfo.status === 'Failure' ? 'Failure' : result }
          : statusInfo('Failure', { errorCode: 'MemberProvisioningFailed', reason: firstFailure.description, recommendedAction: 'Fix the cause named in reason and provision the group again.' }),
    },
  };
}

const lower = (s: MemberOutcome['status']): ProvisioningStepStatus => (s === 'Success' ? 'success' : s === 'Failure' ? 'failure' : 'skipped');

/** The group's provisioning-log record with the member changes. */
export function withMembersRecord(rec: ProvisioningObjectSummary, group: TestUserResult, out: readonly MemberOutcome[]): ProvisioningObjectSummary {
  const steps = [...rec.provisioningSteps];
  const exp = steps.pop()!;
  for (const o of out) steps.push({ name: 'EntryReferenceResolution', provisioningStepType: 'referenceResolution', status: lower(o.status), description: o.description, details: { DistinguishedName: o.dn, ...(o.cloudId ? { TargetObjectId: o.cloudId } : {}), Membership: o.membership } });
  const adds = out.filter((o) => o.added).length;
  const failed = rec.provisioningStatusInfo.status === 'failure' || out.some((o) => o.status === 'Failure');
  const changed = group.steps.action.action !== 'none' || out.some((o) => o.status === 'Success');
  const summary = `${adds} member${adds === 1 ? '' : 's'} added`;
  const members: Record<string, string> = adds > 0 ? { MembersAdded: addedIds(out) } : {};
  steps.push(exp.name === 'EntrySynchronizationSkip' && !changed && !failed ? exp : { ...exp, name: exp.name === 'EntrySynchronizationSkip' ? 'EntryExportUpdate' : exp.name, status: failed ? 'failure' : 'success', description: `${exp.description}; ${summary}`, details: { ...exp.details, ...members } });
  const firstFailure = out.find((o) => o.status === 'Failure');
  return {
    ...rec,
    provisioningSteps: steps,
    modifiedProperties: [...rec.modifiedProperties, ...(adds > 0 ? [{ displayName: 'members', oldValue: null, newValue: addedIds(out) }] : [])],
    provisioningAction: rec.provisioningAction === 'other' && changed ? 'update' : rec.provisioningAction,
    provisioningStatusInfo:
      rec.provisioningStatusInfo.status === 'failure' || firstFailure === undefined
        ? { ...rec.provisioningStatusInfo, status: rec.provisioningStatusInfo.status === 'failure' ? 'failure' : changed ? 'success' : rec.provisioningStatusInfo.status }
        : { status: 'failure', errorInformation: { errorCode: 'MemberProvisioningFailed', reason: firstFailure.description, additionalDetails: '', errorCategory: 'nonServiceFailure', recommendedAction: 'Fix the cause named in reason and provision the group again.' } },
  };
}
