/**
 * The local run journals as `cloudsync logs` shows them (docs/logs.md): list runs from their first
 * and last lines, show one run's operations merged and filtered in one streaming pass, follow a run
 * being written, and prune old journals.
 */
export { heldLock, stillRunning, type HeldLock } from './activity.js';
export { listJournals, listScopeJournals, listScopes } from './discover.js';
export { ACTIONS, FAILED_STATUSES, isEmptyFilter, makeFilter, matchesFields, matchesFinal, parseActions, type OperationFilter } from './filter.js';
export { followJournal, type FollowEnd, type FollowOptions } from './follow.js';
export { parseLine, readFirstLine, readLastLines } from './head-tail.js';
export { OperationMerger, type RunEnding } from './merge.js';
export { resolveRun } from './resolve.js';
export { decidePrune, DEFAULT_RETENTION, pruneRuns, readLastRunId, runStartMs, type PruneDecision, type PruneReport, type Retention } from './retention.js';
export { isApplying, readRunOperations, type RunOperations } from './show.js';
export { parseSince } from '../since.js';
export { countOperations, streamEvents, streamLines } from './stream.js';
export { describeScope, summarizeRun } from './summary.js';
export type { JournalFile, OperationRow, OperationStatus, RunNote, RunState, RunSummary } from './types.js';
export { FAILED_OUTCOMES, listRuns, type ListOptions } from './list.js';
