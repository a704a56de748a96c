/**
 * test-user's result in the shape of Graph's provisioningObjectSummary (the provisioning logs'
 * entry), so tools that read provisioning logs read this too. Field names and enum values are
 * Graph's; details carry cloudsync's own step data as string pairs, as Graph's do.
 */
import { randomUUID } from 'node:crypto';
import type { ApplyResult } from '../apply/apply.js';
import type { TestUserResult } from './test-user.js';
import type { PropertyValue } from '../types.js';
import { showValue } from '../values.js';

export type ProvisioningStepStatus = 'success' | 'warning' | 'failure' | 'skipped';

export interface ProvisioningStep {
  name: string;
  provisioningStepType: 'import' | 'scoping' | 'matching' | 'processing' | 'referenceResolution' | 'export';
  status: ProvisioningStepStatus;
  description: string;
  details: Record<string, string>;
}

export interface ProvisionedIdentity {
  id: string;
  displayName: string;
  identityType: string;
  details: Record<string, string>;
}

export interface ProvisioningObjectSummary {
  id: string;
  activityDateTime: string;
  changeId: string;
  cycleId: string;
  jobId: string;
  durationInMilliseconds: number;
  initiatedBy: { id: string; displayName: string; initiatorType: string };
  modifiedProperties: { displayName: string; oldValue: string | null; newValue: string | null }[];
  provisioningAction: 'create' | 'update' | 'delete' | 'disable' | 'stagedDelete' | 'other';
  provisioningStatusInfo: {
    status: ProvisioningStepStatus;
    errorInformation: { errorCode: string; reason: string; additionalDetails: string; errorCategory: string; recommendedAction: string } | null;
  };
  provisioningSteps: ProvisioningStep[];
  servicePrincipal: { id: string; displayName: string };
  sourceIdentity: ProvisionedIdentity;
  targetIdentity: ProvisionedIdentity;
  sourceSystem: { id: string; displayName: string; details: Record<string, string> };
  targetSystem: { id: string; displayName: string; details: Record<string, string> };
  tenantId: string;
}

const text = (v: PropertyValue | undefined): string | null => (v === undefined || v === null ? null : showValue(v));

/** Builds the summary; with the result of applying test-user's plan, the export step shows Graph's answer. */
export function toProvisioningObjectSummary(r: TestUserResult, options: { tenantId?: string; applied?: ApplyResult; durationMs?: number } = {}): ProvisioningObjectSummary {
  const s = r.steps;
  const kind = s.import.kind === 'group' ? 'Group' : 'User';
  const display = s.flow.find((f) => f.target.toLowerCase() === 'displayname');
  const name = display !== undefined && typeof (display.written ?? display.result) === 'string' ? String(display.written ?? display.result) : undefined;
  const steps: ProvisioningStep[] = [
    {
      name: 'EntryImport',
      provisioningStepType: 'import',
      status: s.import.problem === undefined ? 'success' : 'failure',
      description: s.import.problem ?? `Retrieved ${r.dn} from Active Directory; source anchor ${s.import.anchor ?? '(none)'} from ${s.import.anchorSource ?? '-'}`,
      details: Object.fromEntries(Object.entries(s.import.attributes).map(([k, v]) => [k, v.join('; ')])),
    },
    {
      name: 'EntrySynchronizationScoping',
      provisioningStepType: 'scoping',
      status: s.scope.inScope ? 'success' : 'skipped',
      description: `${s.scope.inScope ? 'In scope' : 'Out of scope'}: ${s.scope.reason}`,
      details: { rule: s.scope.rule },
    },
    {
      name: 'EntryValidation',
      provisioningStepType: 'processing',
      status: s.validation.findings.some((f) => f.severity === 'error') ? 'warning' : 'success',
      description: s.validation.findings.length === 0 ? 'No validation findings' : `${s.validation.findings.length} validation finding(s)`,
      details: Object.fromEntries(s.validation.findings.map((f, i) => [`${i + 1}. ${f.ruleId} ${f.attribute}`, f.message])),
    },
  ];
  if (s.match !== undefined) {
    steps.push({
      name: 'EntryMatching',
      provisioningStepType: 'matching',
      status: s.match.skip !== undefined ? 'warning' : 'success',
      description: s.match.skip?.reason ?? s.match.reason,
      details: { match: s.match.how, ...(s.match.cloudId !== undefined ? { targetId: s.match.cloudId } : {}), ...(s.match.cloudName ? { targetName: s.match.cloudName } : {}) },
    });
  }
  const manager = s.flow.find((f) => f.target.toLowerCase() === 'manager');
  if (manager !== undefined && manager.result !== null && manager.result !== 'ignored') {
    steps.push({
      name: 'EntryReferenceResolution',
      provisioningStepType: 'referenceResolution',
      status: manager.changed ? 'success' : 'skipped',
      description: manager.changed ? `manager ${showValue(manager.result)} is resolved and set` : `manager ${showValue(manager.result)} is already set, or not in scope`,
      details: { manager: showValue(manager.result) },
    });
  }

  const applied = options.applied;
  const failures = applied?.results.filter((x) => x.status === 'failed') ?? [];
  const failure = failures[0];
  const exportStatus: ProvisioningStepStatus = s.action.action === 'none' ? 'skipped' : failure !== undefined ? 'failure' : 'success';
  steps.push({
    name: s.action.action === 'none' ? 'EntrySynchronizationSkip' : applied ? 'EntryExportUpdate' : 'EntryExportPlanned',
    provisioningStepType: 'export',
    status: exportStatus,
    description: applied ? (failure?.error?.message ?? `${s.action.action}: done (${applied.counts.succeeded} operation(s))`) : `${s.action.action}: ${s.action.reason}${s.action.action === 'none' ? '' : ' (not applied: run with --apply)'}`,
    details: Object.fromEntries((applied?.results ?? []).map((x) => [`${x.seq}. ${x.action}`, `${x.status}${x.httpStatus !== undefined ? ` ${x.httpStatus}` : ''}${x.requestId ? ` request-id ${x.requestId}` : ''}`])),
  });

  const changes = s.flow.filter((f) => f.changed);
  const target = s.match?.cloudId ?? applied?.results.find((x) => x.action === 'create')?.cloudId ?? '';
  const action = s.action.action;
  return {
    id: randomUUID(),
    activityDateTime: r.time,
    changeId: randomUUID(),
    cycleId: randomUUID(),
    jobId: 'cloudsync.test-user',
    durationInMilliseconds: options.durationMs ?? 0,
    initiatedBy: { id: '', displayName: 'cloudsync test-user', initiatorType: 'application' },
    modifiedProperties: changes.map((f) => ({ displayName: f.target, oldValue: text(f.cloudValue), newValue: text(f.written ?? (f.result === 'ignored' ? null : f.result)) })),
    provisioningAction: action === 'create' || action === 'restore' ? 'create' : action === 'update' || action === 'adopt' ? 'update' : 'other',
    provisioningStatusInfo: {
      status: failure !== undefined ? 'failure' : action === 'none' ? 'skipped' : 'success',
      errorInformation:
        failure !== undefined
          ? {
              errorCode: failure.error?.code ?? `HTTP${failure.httpStatus ?? 0}`,
              reason: failure.error?.message ?? 'failed',
              additionalDetails: failure.requestId ? `request-id ${failure.requestId}` : '',
              errorCategory: failure.httpStatus !== undefined && failure.httpStatus >= 500 ? 'failure' : 'nonServiceFailure',
              recommendedAction: 'Fix the cause named in reason and run cloudsync test-user again',
            }
          : null,
    },
    provisioningSteps: steps,
    servicePrincipal: { id: '', displayName: 'cloudsync' },
    sourceIdentity: { id: s.import.objectGuid ?? s.import.anchor ?? '', displayName: name ?? '', identityType: kind, details: { DistinguishedName: r.dn, ...(s.import.anchor ? { SourceAnchor: s.import.anchor } : {}) } },
    targetIdentity: { id: target, displayName: s.match?.cloudName ?? name ?? '', identityType: kind, details: target !== '' ? { id: target } : {} },
    sourceSystem: { id: '', displayName: 'Active Directory', details: {} },
    targetSystem: { id: '', displayName: 'Entra ID', details: {} },
    tenantId: options.tenantId ?? '',
  };
}
