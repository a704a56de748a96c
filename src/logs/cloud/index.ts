/** Entra provisioning logs, readable: ids resolved to names, errors explained, cycles grouped (docs/logs.md). */
export { readCloudLogs, type CloudLogsGraph, type CloudLogsHooks, type CloudLogsOptions, type CloudLogsResult, type JobNotice } from './read.js';
export { parseSince } from './since.js';
export { parseAction, parseStatus, serverFilter, ACTIONS, STATUSES, type ClientQuery, type ServerQuery } from './query.js';
export { ReportsPacer, REPORTS_LIMIT, REPORTS_WINDOW_MS } from './pacer.js';
export { fetchProvisioningLogs, MAX_TOP } from './fetch.js';
export { explainError, explainQuarantine, explainSkip, type Explanation } from './explain.js';
export { conflictOf } from './conflict.js';
export type { Cycle, CycleCounts, LogRow } from './rows.js';
