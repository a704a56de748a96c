/**
 * The pieces a cycle and provisionOnDemand share: the job's scope and mappings (read from its
 * schema), its sync workspace (bindings and journals, one folder per configuration) and the
 * EntraClient that writes through this emulator's own Graph endpoint as the configuration's
 * service principal.
 */
import { join } from 'node:path';
import type { Scope } from '../../directory/types.js';
import { DEFAULT_GROUP_MAPPING, DEFAULT_USER_MAPPING } from '../../sync/mapping/index.js';
import { compileSyncMapping, type SyncMapping } from '../../sync/read/source.js';
import { SyncWorkspace } from '../../sync/store/workspace.js';
import type { JobRecord } from './model.js';
import { groupMapping, mappingOverrides, schemaScope, userMapping } from './scope.js';

export function jobScope(job: JobRecord): Scope {
  return schemaScope(job.schema);
}

export function jobMapping(job: JobRecord): SyncMapping {
  return compileSyncMapping({ user: mappingOverrides(userMapping(job.schema), DEFAULT_USER_MAPPING), group: mappingOverrides(groupMapping(job.schema), DEFAULT_GROUP_MAPPING) });
}

/**
 * One workspace per configuration whatever its scope (keyed by an empty scope): a scope change
 * in the schema then removes what left the scope, as Cloud Sync does, instead of starting over.
 */
export function workspace(workDir: string, servicePrincipalId: string, tenantId: string): SyncWorkspace {
  return SyncWorkspace.open({ tenant: tenantId, scope: {}, stateDir: join(workDir, servicePrincipalId) });
}
