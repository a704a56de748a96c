/**
 * Fixes, IdFix's other half: apply the rows of a findings CSV whose ACTION the user set, safely
 * (re-read, refuse stale rows, one modify per row, undo file first), and revert an undo file.
 */
export { readFixRows, parseFixRows, type FixRow } from './csv.js';
export { applyFixRows, applyUndoFile, type FixOptions, type RowResult, type RowStatus } from './apply.js';
export { defaultUndoPath } from './undo-log.js';
