/**
 * Graph's answer to a failed export, as Entra's provisioning logs name it: errorCode (Entra's
 * names), reason, recommendedAction, errorCategory (Graph's provisioningStatusErrorCategory:
 * nonServiceFailure for data the administrator must fix, failure for service-side trouble the
 * next cycle retries). Reads Graph's own message and cloudsync's rewording of it.
 */
import type { ProvisioningObjectSummary } from '../../sync/explain/provisioning-summary.js';

export type ErrorInformation = NonNullable<ProvisioningObjectSummary['provisioningStatusInfo']['errorInformation']>;

export interface FailedExport {
  readonly httpStatus?: number;
  readonly code?: string;
  readonly message: string;
  readonly requestId?: string;
}

/** A uniqueness conflict: Graph's "Another object with the same value for property X already exists." or cloudsync's "X value already belongs to …". */
export function conflictOf(message: string): { property: string; value?: string } | undefined {
  const graph = /same value for property (\w+)/i.exec(message);
  if (graph) return { property: graph[1]! };
  const ours = /failed: (\w+) (\S+) already belongs to/i.exec(message);
  if (ours) return { property: ours[1]!, value: ours[2]! };
  return undefined;
}

export function uniquenessError(property: string, value: string | undefined, details: string): ErrorInformation {
  const shown = value !== undefined ? `${property} ${value}` : property;
  return {
    errorCode: 'AttributeValueMustBeUnique',
    reason: `Unable to update this object because the following attributes associated with this object have values that may already be associated with another object in your local directory services: [${shown};]. Correct or remove the duplicate values in your local directory.`,
    additionalDetails: details,
    errorCategory: 'nonServiceFailure',
    recommendedAction: `Find the other object that holds this ${property} value (in Active Directory and in Microsoft Entra ID), then correct or remove the duplicate value in your local directory. The change is retried in the next cycle.`,
  };
}

export function toErrorInformation(f: FailedExport): ErrorInformation {
  const details = [f.message, f.requestId ? `request-id ${f.requestId}` : ''].filter((x) => x !== '').join(' ');
  const conflict = conflictOf(f.message);
  if (conflict) return uniquenessError(conflict.property, conflict.value, details);
  const status = f.httpStatus;
  const error = (errorCode: string, reason: string, recommendedAction: string, errorCategory = 'nonServiceFailure'): ErrorInformation => ({ errorCode, reason, additionalDetails: details, errorCategory, recommendedAction });
  if (/domain portion of the userPrincipalName|not on a verified domain/i.test(f.message)) {
    return error(
      'AzureActiveDirectoryInvalidUserPrincipalNameDomain',
      'The userPrincipalName uses a domain that is not a verified domain of the tenant.',
      'Verify the domain in Microsoft Entra ID, or give the user a UPN suffix on a verified domain in Active Directory.',
    );
  }
  if (/mastered on.?premises|onPremisesSyncEnabled|synchroni[sz]ed from.*on-premises/i.test(f.message)) {
    return error(
      'AzureActiveDirectoryCannotUpdateObjectsMasteredOnPremises',
      'The target object is synchronized from on-premises by another synchronization engine and cannot be changed through this job.',
      'Stop synchronizing the object with the other engine, or remove it from the scope of this configuration.',
    );
  }
  if (status === 403 || f.code === 'Authorization_RequestDenied') {
    return error('AzureActiveDirectoryForbidden', 'The provisioning service is not allowed to change this object in Microsoft Entra ID.', 'Check the permissions of the provisioning service principal and that the object is not protected (for example, a privileged role holder).');
  }
  if (status === 404 || f.code === 'Request_ResourceNotFound') {
    return error('AzureActiveDirectoryEntryNotFound', 'The target object was not found in Microsoft Entra ID; it may have been deleted.', 'No action is needed if the object was deleted on purpose; otherwise restore it from deleted items. The next cycle recreates the link.');
  }
  if (status === 429) {
    return error('AzureActiveDirectoryTooManyRequests', 'Microsoft Entra ID throttled the request.', 'No action is needed: the change is retried in the next cycle.', 'failure');
  }
  if (status === undefined || status >= 500) {
    return error('AzureActiveDirectoryServiceUnavailable', 'Microsoft Entra ID did not answer the request, or answered with a server error.', 'No action is needed: the change is retried in the next cycle.', 'failure');
  }
  return error('AzureActiveDirectoryInvalidOperation', `Microsoft Entra ID refused the change (${status}${f.code ? ` ${f.code}` : ''}).`, 'Read additionalDetails for Graph\'s message, correct the value in Active Directory, and wait for the next cycle.');
}
