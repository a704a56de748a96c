/**
 * The sync library (docs/sync.md). Its folders follow the data:
 *
 *   run.ts     one whole run: lock → watermark → read → cloud read → plan → journal → guards →
 *              apply → state → write-back (`cloudsync sync`, `test-user --apply` and the
 *              emulator's cloud sync cycles all call it)
 *   read/      the source (AD or LDIF) and the tenant: scope, exclusions, delta reads
 *   plan/      the planner (objects, deletes, references, guard trips), matching,
 *              fingerprints and the check of a saved plan
 *   apply/     a plan as Graph requests through the batch writer, failures, AD write-back
 *   store/     what persists: state, run journal, lock, workspace, saved plan files
 *   explain/   one object step by step (test-user) and its provisioning-log shape
 *   types.ts, values.ts, operations.ts, guards.ts   what every stage shares: the data, property
 *              values, operation phases, the guards' typed errors
 *   mapping/   the attribute-mapping expression language
 *
 * A run, as the CLI does it:
 *   const workspace = SyncWorkspace.open({ tenant, scope });    // state dir, key per tenant+scope
 *   const r = await runSync({ workspace, source, client, tenant, scope, mapping, command: 'sync',
 *     apply: true, hooks: { warn, info, progress, onPlan } });   // LockHeldError when another run is on
 *   r.outcome; r.plan; r.applied; r.exitCode;                    // journaled under workspace.runsDir
 */
export { apply, type ApplyInterrupt, type ApplyOptions, type ApplyProgress, type ApplyResult, type CloudWriter, type OperationResult } from './apply/apply.js';
export { groupsToRead, isCandidateGroup, readCloud, readMembers, uniqueInTenant, type CloudTarget, type ReadCloudOptions } from './read/cloud.js';
export { exclusionOf, isSecurityGroup, syncKind, type ExclusionRule } from './read/exclusions.js';
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
} from './read/delta.js';
export { describeFailure, type FailureInfo } from './apply/failures.js';
export { sourceObjectDigest, stableJson } from './plan/fingerprint.js';
export {
  assertApplicable,
  DeleteThresholdError,
  guardError,
  LockHeldError,
  parseThreshold,
  PlanMismatchError,
  PlanStaleError,
  RemovalShareError,
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
} from './store/journal.js';
export { processAlive, SyncLock, type LockInfo, type LockOptions } from './store/lock.js';
export { CloudIndex, type MatchHow, type MatchResult } from './plan/match.js';
export { phaseOf } from './operations.js';
export { plan, planDetailed, recordedOptions, type DetailedPlan, type ObjectDecision, type PlanOptions } from './plan/planner.js';
export { checkPlanCurrent } from './plan/current.js';
export { loadPlan, savePlan } from './store/plan-file.js';
export { toProvisioningObjectSummary, type ProvisioningObjectSummary, type ProvisioningStep } from './explain/provisioning-summary.js';
export { generatePassword } from './apply/requests.js';
export { runSync, type RunStage, type SyncRunHooks, type SyncRunOptions, type SyncRunResult, type SyncRunTarget } from './run.js';
export { scopeDecision, type ScopeDecision } from './read/scope.js';
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
} from './read/source.js';
export { emptyState, foldEvent, readStateFile, writeStateFile, type LastSuccess, type ManagedEntry, type SyncState, type Watermark } from './store/state.js';
export { testUser, type ActionStep, type AttributeFlow, type ImportStep, type MatchStep, type TestUserOptions, type TestUserResult } from './explain/test-user.js';
export { effectiveUpn } from './plan/upn.js';
export { writeBackConsistencyGuid, type WriteBackResult } from './apply/writeback.js';
export { canonicalScope, defaultStateDir, scopeKey, SyncWorkspace, type WorkspaceOptions } from './store/workspace.js';
export type * from './types.js';
