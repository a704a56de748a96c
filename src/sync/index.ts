/**
 * The sync library: scope → map → match → plan → guard → apply, with the journal, the state store
 * and the lock. The `sync` and `test-user` commands are thin layers over these. See docs/sync.md.
 *
 * A run, as the CLI does it:
 *   const ws = SyncWorkspace.open({ tenant, scope });          // state dir, key per tenant+scope
 *   const lock = ws.lock({ command: 'sync' });                  // LockHeldError when another run is on
 *   const state = ws.loadState();                               // folds in journals of killed runs
 *   const source = await readSource(ad, scope, mapping);
 *   const cloud = await readCloud(entra, { targets: mappedTargets(mapping) });
 *   const p = plan(source, cloud, state, options);              // guards recorded in p.guards
 *   const journal = ws.startRun(); journal.start({...}); journal.planned(p);
 *   const r = await apply(p, entra.batchWriter(), journal, { state, cloud });  // throws a blocking guard
 *   ws.saveState(r.state); journal.end({ outcome: r.outcome, counts: r.counts }); lock.release();
 */
export { apply, type ApplyOptions, type ApplyProgress, type ApplyResult, type CloudWriter, type OperationResult } from './apply.js';
export { groupsToRead, isCandidateGroup, readCloud, readMembers, type CloudTarget, type ReadCloudOptions } from './cloud.js';
export { exclusionOf, isSecurityGroup, syncKind, type ExclusionRule } from './exclusions.js';
export {
  andFilter,
  candidateAnchors,
  changedAfter,
  deltaDecision,
  readDelta,
  recordRun,
  tracksChanges,
  type ChangeTrackingSource,
  type DcWatermark,
  type DeltaDecision,
  type RunRecord,
} from './delta.js';
export { describeFailure, type FailureInfo } from './failures.js';
export { sourceObjectDigest, stableJson } from './fingerprint.js';
export {
  assertApplicable,
  DeleteThresholdError,
  guardError,
  LockHeldError,
  parseThreshold,
  PlanMismatchError,
  PlanStaleError,
  SourceIncompleteError,
  SourceShrunkError,
  SyncGuardError,
  thresholdLimit,
  type SyncGuard,
} from './guards.js';
export {
  Journal,
  JOURNAL_VERSION,
  newRunId,
  readJournal,
  type AdWriteEvent,
  type BindEvent,
  type GuardEvent,
  type IntentEvent,
  type JournalEvent,
  type PlannedEvent,
  type ResultEvent,
  type ResultStatus,
  type RunEndEvent,
  type RunOutcome,
  type RunStartEvent,
  type WarningEvent,
} from './journal.js';
export { processAlive, SyncLock, type LockInfo, type LockOptions } from './lock.js';
export { CloudIndex, type MatchHow, type MatchResult } from './match.js';
export { phaseOf, plan, planDetailed, recordedOptions, type DetailedPlan, type ObjectDecision, type PlanOptions } from './plan.js';
export { checkPlanCurrent, loadPlan, savePlan } from './plan-file.js';
export { toProvisioningObjectSummary, type ProvisioningObjectSummary, type ProvisioningStep } from './provisioning-summary.js';
export { generatePassword } from './requests.js';
export { scopeDecision, type ScopeDecision } from './scope.js';
export {
  compileSyncMapping,
  mapObject,
  mappedTargets,
  mappingAttributes,
  readSource,
  SYNC_TYPE_FILTER,
  syncAttributes,
  type MappedObject,
  type ReadSourceOptions,
  type SyncMapping,
} from './source.js';
export { emptyState, foldEvent, readStateFile, writeStateFile, type LastSuccess, type ManagedEntry, type SyncState, type Watermark } from './state.js';
export { testUser, type ActionStep, type AttributeFlow, type ImportStep, type MatchStep, type TestUserOptions, type TestUserResult } from './test-user.js';
export { effectiveUpn } from './upn.js';
export { writeBackConsistencyGuid, type WriteBackResult } from './writeback.js';
export { canonicalScope, defaultStateDir, scopeKey, SyncWorkspace, type WorkspaceOptions } from './workspace.js';
export type * from './types.js';
