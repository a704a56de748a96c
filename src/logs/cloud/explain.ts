/**
 * cloudsync's own words for the provisioning errors people meet most, on top of Graph's reason
 * and recommendedAction: what it means and what to do. Matched by errorCode (case-insensitive),
 * else by the reason's text. Also the quarantine reasons of a job and why a record was skipped.
 */
import type { ProvisioningObjectSummary } from '../../sync/explain/provisioning-summary.js';
import { explainQuarantine as jobQuarantine } from '../../cloud-sync/quarantine.js';

export interface Explanation {
  /** One line: what happened, in plain words. */
  meaning: string;
  /** One line: what to do. */
  fix: string;
}

interface Entry extends Explanation {
  codes: readonly string[];
  reason?: RegExp;
}

const ERRORS: readonly Entry[] = [
  {
    codes: ['AttributeValueMustBeUnique'],
    reason: /same value for property|already (?:in use|exists|belongs)|duplicate values/i,
    meaning: 'another cloud object already holds this userPrincipalName / mail / proxyAddresses value (they must be unique across users, groups and contacts)',
    fix: 'change or remove the value on one of the two objects (in AD for synced objects), or delete the stale cloud object; `cloudsync validate` finds these before a sync',
  },
  {
    codes: ['AzureActiveDirectoryInvalidUserPrincipalNameDomain', 'InvalidUserPrincipalNameDomain', 'InvalidDomain'],
    reason: /domain portion of the userPrincipalName|not (?:on )?a verified domain/i,
    meaning: "the user's UPN suffix is not a verified domain of the tenant",
    fix: 'verify the domain in Entra ID, or give the user a UPN suffix on a verified domain in AD (`cloudsync validate --verified-domains …` lists them all)',
  },
  {
    codes: ['ObjectConflict', 'DuplicateSourceAnchor', 'AzureActiveDirectoryConflict'],
    meaning: 'the object matched a cloud object that belongs to another source or another AD object (source anchor or soft match conflict)',
    fix: 'find the two objects with `cloudsync test-user <DN>` (Match step), then remove the duplicate or clear the stale cloud object’s onPremisesImmutableId',
  },
  {
    codes: ['AzureActiveDirectoryCannotUpdateObjectsMasteredOnPremises', 'CannotUpdateObjectsMasteredOnPremises'],
    reason: /mastered on.?premises/i,
    meaning: 'the cloud object is synchronized by another engine (Connect Sync or another configuration)',
    fix: 'sync the object from one engine only: remove it from the other engine’s scope or from this configuration’s',
  },
  {
    codes: ['AzureActiveDirectoryForbidden', 'Authorization_RequestDenied', 'InsufficientRights'],
    meaning: 'the provisioning service may not change this object (permissions, or a protected object such as a privileged role holder)',
    fix: 'check the service principal’s permissions; privileged accounts are not matched or changed by sync',
  },
  {
    codes: ['SoftMatchBlocked', 'InvalidSoftMatch', 'AdminAccountSoftMatch'],
    meaning: 'a cloud user with the same UPN or primary SMTP address exists, but soft matching is blocked for it (admin role holder, or BlockSoftMatchEnabled)',
    fix: 'match the accounts by hand (set onPremisesImmutableId to the AD anchor) or rename one of them',
  },
  {
    codes: ['DirectoryQuotaExceeded', 'QuotaExceeded', 'Directory_QuotaExceeded'],
    meaning: 'the tenant reached its directory object quota',
    fix: 'delete unused objects, verify a domain (raises the quota to 300,000) or ask Microsoft support for more',
  },
  {
    codes: ['TooManyDeletes', 'AccidentalDeletionThresholdExceeded', 'EncounteredDeleteThreshold'],
    meaning: 'the run would delete more objects than the delete threshold allows, so the deletes are held',
    fix: 'check why so many objects left the scope; if it is intended, restart the job with ForceDeletes (`cloudsync job restart --reset force-deletes`)',
  },
  {
    codes: ['ReferenceNotFound', 'UnresolvedReference', 'ExportMissingReferences'],
    meaning: 'a reference (manager or group member) points to an object that is not provisioned yet or not in scope',
    fix: 'bring the referenced object into scope; the reference resolves in a later cycle',
  },
  {
    codes: ['LargeObject', 'ExportLargeObject', 'AttributeValueTooLarge'],
    meaning: 'an attribute has more values or more bytes than Entra ID accepts (proxyAddresses, userCertificate, thumbnailPhoto…)',
    fix: 'trim the attribute in AD',
  },
  {
    codes: ['PropertyConflict', 'InvalidValue', 'Request_BadRequest'],
    reason: /invalid value|property .* is invalid|not valid/i,
    meaning: 'Entra ID refused a value (format, length or characters)',
    fix: 'run `cloudsync validate` on the object and fix what it reports',
  },
];

const TRANSIENT: Explanation = {
  meaning: 'a transient service failure; the provisioning service retries it in the next cycle',
  fix: 'nothing, unless it repeats over several cycles (then check the job status and the service health)',
};

/** Our explanation of a record's error, when we have one. */
export function explainError(info: { errorCode?: string; reason?: string; errorCategory?: string } | null | undefined): Explanation | undefined {
  if (info === null || info === undefined) return undefined;
  const code = (info.errorCode ?? '').toLowerCase();
  const byCode = ERRORS.find((e) => e.codes.some((c) => c.toLowerCase() === code));
  if (byCode) return { meaning: byCode.meaning, fix: byCode.fix };
  const byReason = ERRORS.find((e) => e.reason !== undefined && e.reason.test(info.reason ?? ''));
  if (byReason) return { meaning: byReason.meaning, fix: byReason.fix };
  if (/transient|^failure$/i.test(info.errorCategory ?? '') || /timeout|unavailable|throttl/i.test(code)) return TRANSIENT;
  return undefined;
}

/** Why a skipped record was skipped, from its steps (out of scope, nothing to change, …). */
export function explainSkip(r: ProvisioningObjectSummary, dn: string | undefined): Explanation | undefined {
  if (r.provisioningStatusInfo?.status !== 'skipped') return undefined;
  if (r.provisioningAction === 'stagedDelete') {
    // Its scoping step says "no longer in scope" too: what matters is that the delete is held.
    return {
      meaning: 'the delete is staged: the cycle would delete more objects than the job’s delete threshold allows (TooManyDeletes), so none were deleted',
      fix: 'review the staged deletes (`--action stagedDelete`); if intended, `cloudsync job restart --reset force-deletes`, else bring the objects back into scope',
    };
  }
  const steps = r.provisioningSteps ?? [];
  const scoping = steps.find((s) => s.provisioningStepType === 'scoping');
  const text = steps.map((s) => `${s.name} ${s.description}`).join(' ');
  if ((scoping && scoping.status === 'skipped') || /out of scope|not in scope|NotEffectivelyEntitled|scoping filter/i.test(text)) {
    return {
      // The step's description names the object by GUID; the reason code says as much without it.
      meaning: `out of scope: not in the configuration's scoped OUs or groups, or filtered out${scoping?.details?.['SkipReason'] ? ` (${scoping.details['SkipReason']})` : ''}`,
      fix: `use \`cloudsync test-user ${dn !== undefined ? `"${dn}"` : '<DN>'}\` to see the scoping steps`,
    };
  }
  if (/RedundantExport|no change|already up to date/i.test(text)) return { meaning: 'nothing to change: the cloud object already has these values', fix: 'nothing' };
  if (/planned but not applied/i.test(text)) return { meaning: 'not exported: the cycle stopped before sending this change (for example, held by the delete threshold)', fix: 'nothing: the next cycle that runs exports it' };
  return undefined;
}

/** A job's quarantine in the same words as `cloudsync job status` (src/cloud-sync/quarantine.ts): what it means, then the steps in order. */
export function explainQuarantine(reason: string | undefined): Explanation {
  const q = jobQuarantine(reason);
  return { meaning: q.meaning, fix: q.actions.join('; ') };
}
