import { ownershipExtensions, type OwnershipTarget } from '../directory/entra/ownership.js';
import { isCloudsyncError } from '../errors.js';
import { result, type CheckResult } from './types.js';

/**
 * Whether the directory extensions that record ownership in Entra exist (docs/state.md,
 * "Ownership in Entra"). Without them a sync from a fresh state directory manages nothing.
 */
export async function checkOwnership(client: OwnershipTarget, appId: string | undefined): Promise<CheckResult> {
  const check = 'ownership extensions';
  if (appId === undefined) return result('entra', check, 'warn', 'no application id known', 'set entra.extensionAppId, then run cloudsync setup');
  try {
    const s = await ownershipExtensions(client, appId, { create: false });
    return s.missing.length === 0
      ? result('entra', check, 'pass', `${s.existing.join(', ')} on application ${s.appId}`)
      : result('entra', check, 'warn', `missing on application ${s.appId}: ${s.missing.join(', ')}`, 'run cloudsync setup (needs Application.ReadWrite.OwnedBy)');
  } catch (e) {
    return result('entra', check, 'warn', `cannot read the extensions of application ${appId}: ${isCloudsyncError(e) ? e.message : String(e)}`, 'grant Application.Read.All, or run cloudsync setup');
  }
}
