/**
 * Renders `cloudsync logs` (the run list): a table for people, JSON / NDJSON with the summary
 * fields, CSV with one column per action and result. Field names: docs/logs.md.
 */
import type { RunSummary } from '../../../../logs/runs/types.js';
import { emit, tableOf, type Column, type EmitOptions } from '../../../output/emit.js';
import type { Paint } from '../../../output/paint.js';
import { localTime, utcOffset } from '../../../output/time.js';

export type RenderOptions = EmitOptions;

const ACTION_COLUMNS = ['create', 'restore', 'adopt', 'update', 'set-manager', 'remove-manager', 'add-member', 'remove-member', 'disable', 'delete'] as const;
const RESULT_COLUMNS = ['succeeded', 'failed', 'skipped', 'notRun'] as const;
/** CSV column names are UPPER_SNAKE: set-manager → SET_MANAGER, notRun → NOT_RUN. */
const csvName = (k: string): string => k.replace(/([a-z])([A-Z])/g, '$1_$2').replace(/-/g, '_').toUpperCase();
const RESULT_LABEL: Record<string, string> = { succeeded: 'ok', failed: 'failed', skipped: 'skipped', notRun: 'not run' };

export function duration(ms: number | undefined): string {
  if (ms === undefined) return '';
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(Math.round(s - m * 60)).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

const counts = (c: Readonly<Record<string, number>> | undefined, label: (k: string) => string = (k) => k): string =>
  c === undefined ? '?' : Object.keys(c).length === 0 ? '-' : Object.entries(c).map(([k, n]) => `${label(k)} ${n}`).join(', ');

function outcomeText(r: RunSummary, paint: Paint): string {
  const t = r.outcome;
  if (t === 'success') return paint.green(t);
  if (t === 'running' || t === 'planned') return t;
  return t === 'partial' ? paint.yellow(t) : paint.red(t);
}

const CSV: readonly Column<RunSummary>[] = [
  { header: 'RUN_ID', cell: (r) => r.runId },
  { header: 'START', cell: (r) => r.start },
  { header: 'END', cell: (r) => r.end },
  { header: 'DURATION_MS', cell: (r) => r.durationMs },
  { header: 'COMMAND', cell: (r) => r.command },
  { header: 'MODE', cell: (r) => r.mode },
  { header: 'READ', cell: (r) => r.read },
  { header: 'TENANT', cell: (r) => r.tenant },
  { header: 'SCOPE', cell: (r) => r.scope },
  { header: 'SCOPE_KEY', cell: (r) => r.scopeKey },
  { header: 'STATE', cell: (r) => r.state },
  { header: 'OUTCOME', cell: (r) => r.outcome },
  { header: 'EXIT_CODE', cell: (r) => r.exitCode },
  ...ACTION_COLUMNS.map((a): Column<RunSummary> => ({ header: csvName(a), cell: (r) => (r.actions === undefined ? undefined : (r.actions[a] ?? 0)) })),
  ...RESULT_COLUMNS.map((k): Column<RunSummary> => ({ header: csvName(k), cell: (r) => (r.results === undefined ? undefined : (r.results[k] ?? 0)) })),
  { header: 'MESSAGE', cell: (r) => r.message },
  { header: 'PATH', cell: (r) => r.path },
];

function tableColumns(paint: Paint): Column<RunSummary>[] {
  return [
    { header: 'Run', cell: (r) => r.runId, weight: 3 },
    { header: `Started (${utcOffset()})`, cell: (r) => localTime(r.start), weight: 2 },
    { header: 'Duration', cell: (r) => (r.state === 'running' ? `${duration(r.durationMs)}…` : duration(r.durationMs)), weight: 1 },
    { header: 'Command', cell: (r) => r.command, weight: 1 },
    { header: 'Mode', cell: (r) => (r.mode === 'apply' ? 'apply' : 'plan'), weight: 1 },
    { header: 'Scope', cell: (r) => r.scope, weight: 3 },
    { header: 'Operations', cell: (r) => counts(r.actions), weight: 3 },
    { header: 'Results', cell: (r) => (r.mode === 'apply' ? counts(r.results, (k) => RESULT_LABEL[k] ?? k) : ''), weight: 2 },
    { header: 'Outcome', cell: (r) => outcomeText(r, paint), weight: 1 },
    { header: 'Exit', cell: (r) => r.exitCode ?? '', weight: 1 },
  ];
}

export function renderRunList(runs: readonly RunSummary[], o: RenderOptions): string {
  return emit(
    {
      rows: runs,
      csv: CSV,
      table: (rows) => (rows.length === 0 ? 'No runs.\n' : tableOf(tableColumns(o.paint), rows, o)),
    },
    o,
  );
}
