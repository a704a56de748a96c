/**
 * provisionOnDemand's answer in Graph's shape: a stringKeyStringValuePair whose key and value are
 * JSON documents inside strings. The steps are the ones Entra shows: EntryImport (Import),
 * EntrySynchronizationScoping (Scoping), EntryImport (Matching), then EntryExportAdd,
 * EntryExportUpdate or EntrySynchronizationSkip (Export).
 */
import { randomUUID } from 'node:crypto';
import type { ProvisionOnDemandKey, ProvisionOnDemandStatusInfo, ProvisionOnDemandSystem, ProvisionOnDemandValue, StringKeyStringValuePair } from '../../directory/entra/synchronization-types.js';
import type { ApplyResult } from '../../sync/apply/apply.js';
import type { TestUserResult } from '../../sync/explain/test-user.js';
import { showValue } from '../../sync/values.js';

type Step = ProvisionOnDemandValue['provisioningSteps'][number];

/**
 * The value's systems are objects and its statusInfo is flat, as Graph answers
 * (synchronization-synchronizationjob-provisionondemand.md, examples 1 and 2).
 */
export const SOURCE_SYSTEM: ProvisionOnDemandSystem = { id: null, name: 'Active Directory', details: null };
export const TARGET_SYSTEM: ProvisionOnDemandSystem = { id: null, name: 'Azure Active Directory', details: null };

export function statusInfo(status: string, error?: { errorCode: string; reason: string; additionalDetails?: string; recommendedAction?: string }): ProvisionOnDemandStatusInfo {
  return {
    status,
    errorCode: error?.errorCode ?? null,
    reason: error?.reason ?? null,
    additionalDetails: error?.additionalDetails ?? null,
    errorCategory: error ? 'NonServiceFailure' : null,
    recommendedAction: error?.recommendedAction ?? null,
  };
}

const text = (v: unknown): string | null => (v === undefined || v === null || v === 'ignored' ? null : showValue(v as never));

export interface AnswerParts {
  key: ProvisionOnDemandKey;
  value: ProvisionOnDemandValue;
}

export function pair(key: ProvisionOnDemandKey, value: ProvisionOnDemandValue): StringKeyStringValuePair {
  return { key: JSON.stringify(key), value: JSON.stringify(value) };
}

/** The object is not there (unknown DN, or no source to read): Entra's Failure answer. */
export function notFoundAnswer(dn: string, type: string, why: string, started: Date): StringKeyStringValuePair {
  const now = new Date().toISOString();
  const kind = type === 'group' ? 'Group' : 'User';
  const errorInformation = { errorCode: 'EntryNotFound', reason: why, additionalDetails: `The ${kind.toLowerCase()} '${dn}' could not be read from Active Directory.`, recommendedAction: 'Check the distinguished name and that the object exists in the domain this configuration serves.' };
  return pair(
    { result: 'Failure', details: { errorCode: 'EntryNotFound', errorMessage: why } },
    {
      provisioningSteps: [{ name: 'EntryImport', type: 'Import', status: 'Failure', description: `Failed to retrieve ${kind} '${dn}' from Active Directory: ${why}`, timestamp: now, details: {} }],
      modifiedProperties: [],
      action: 'Other',
      changeId: randomUUID(),
      startTime: started.toISOString(),
      endTime: now,
      reportableIdentifier: dn,
      sourceIdentity: { id: '', type: kind },
      targetIdentity: { id: '', type: kind },
      sourceSystem: SOURCE_SYSTEM,
      targetSystem: TARGET_SYSTEM,
      statusInfo: statusInfo('Failure', errorInformation),
    },
  );
}

export function testUserAnswer(r: TestUserResult, applied: ApplyResult | undefined, started: Date): StringKeyStringValuePair {
  const { key, value } = testUserParts(r, applied, started);
  return pair(key, value);
}

/** The answer's key and value as objects, for a group's answer to extend with its members. */
export function testUserParts(r: TestUserResult, applied: ApplyResult | undefined, started: Date): AnswerParts {
  const s = r.steps;
  const kind = s.import.kind === 'group' ? 'Group' : 'User';
  const now = new Date().toISOString();
  const steps: Step[] = [];
  const attrs = s.import.attributes;
  const pick = (n: string): string | undefined => Object.entries(attrs).find(([k]) => k.toLowerCase() === n.toLowerCase())?.[1].join('; ');
  const importDetails: Record<string, string> = {};
  for (const [k, v] of Object.entries(attrs)) importDetails[k] = v.join('; ');
  const uac = Number(pick('userAccountControl') ?? '0');
  if (kind === 'User') importDetails.accountDisabled = String((uac & 2) === 2);
  steps.push({ name: 'EntryImport', type: 'Import', status: s.import.problem ? 'Failure' : 'Success', description: s.import.problem ?? `Retrieved ${kind} '${r.dn}' from Active Directory`, timestamp: r.time, details: importDetails });
  steps.push({ name: 'EntrySynchronizationScoping', type: 'Scoping', status: s.scope.inScope ? 'Success' : 'Skipped', description: `Determine if ${kind} in scope by evaluating against each scoping filter: ${s.scope.inScope ? 'in scope' : 'out of scope'} (${s.scope.reason})`, timestamp: r.time, details: { ScopeEvaluationResult: s.scope.inScope ? 'Active' : 'NotInScope', Rule: s.scope.rule } });
  if (s.match) {
    steps.push({
      name: 'EntryImport',
      type: 'Matching',
      status: s.match.skip ? 'Skipped' : 'Success',
      description: s.match.cloudId ? `Retrieved ${kind} '${s.match.cloudName ?? s.match.cloudId}' from Entra ID: ${s.match.reason}` : `${kind} not found in Entra ID: ${s.match.reason}`,
      timestamp: now,
      details: { MatchedBy: s.match.how, ...(s.match.cloudId ? { TargetObjectId: s.match.cloudId } : {}) },
    });
  }
  const action = s.action.action;
  const failure = applied?.results.find((x) => x.status === 'failed');
  const created = applied?.results.find((x) => x.action === 'create' && x.status === 'success')?.cloudId;
  let result: ProvisionOnDemandKey['result'];
  if (action === 'none') {
    result = 'Skipped';
    steps.push({ name: 'EntrySynchronizationSkip', type: 'Export', status: 'Skipped', description: s.action.reason, timestamp: now, details: { SkipReason: s.scope.inScope ? 'RedundantExport' : 'NotEffectivelyEntitled' } });
  } else {
    result = failure ? 'Failure' : 'Success';
    const name = action === 'create' || action === 'restore' ? 'EntryExportAdd' : 'EntryExportUpdate';
    steps.push({
      name,
      type: 'Export',
      status: failure ? 'Failure' : 'Success',
      description: failure?.error?.message ?? `${action === 'create' ? 'Created' : 'Updated'} ${kind} '${created ?? s.match?.cloudId ?? ''}' in Entra ID (${s.action.reason})`,
      timestamp: now,
      details: Object.fromEntries((applied?.results ?? []).map((x) => [`${x.seq}. ${x.action}`, `${x.status}${x.httpStatus !== undefined ? ` ${x.httpStatus}` : ''}`])),
    });
  }
  const display = s.flow.find((f) => f.target.toLowerCase() === 'userprincipalname') ?? s.flow.find((f) => f.target.toLowerCase() === 'displayname');
  return {
    key: { result, details: failure ? { errorCode: failure.error?.code ?? `HTTP${failure.httpStatus ?? 0}`, errorMessage: failure.error?.message ?? 'failed' } : {} },
    value: {
      provisioningSteps: steps,
      modifiedProperties: s.flow.filter((f) => f.changed).map((f) => ({ displayName: f.target, oldValue: text(f.cloudValue), newValue: text(f.written ?? f.result) })),
      action: action === 'create' || action === 'restore' ? 'Create' : action === 'none' ? 'Other' : 'Update',
      changeId: randomUUID(),
      startTime: started.toISOString(),
      endTime: now,
      reportableIdentifier: text(display?.written ?? display?.result) ?? r.dn,
      sourceIdentity: { id: s.import.objectGuid ?? s.import.anchor ?? '', type: kind },
      targetIdentity: { id: created ?? s.match?.cloudId ?? '', type: kind },
      sourceSystem: SOURCE_SYSTEM,
      targetSystem: TARGET_SYSTEM,
      statusInfo: failure
        ? statusInfo('Failure', { errorCode: failure.error?.code ?? `HTTP${failure.httpStatus ?? 0}`, reason: failure.error?.message ?? 'failed', recommendedAction: 'Fix the cause named in reason and provision the object again.' })
        : statusInfo(result === 'Skipped' ? 'Skipped' : 'Success'),
    },
  };
}
