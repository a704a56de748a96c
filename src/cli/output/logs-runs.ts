/**
 * Renders `cloudsync logs` (the run list): a table for people, JSON / NDJSON with the summary
 * fields, CSV with one column per action and result. Field names: docs/logs.md.
 */
import type { RunSummary } from '../../logs/runs/types.js';
import { toCsv } from './csv.js';
import { jsonLine, type OutputFormat } from './format.js';
import type { Paint } from './paint.js';
import { renderTable } from './table.js';
import { localTime, utcOffset } from './time.js';

export interface RenderOptions {
  readonly format: OutputFormat;
  readonly paint: Paint;
  readonly width?: number;
}

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

export function renderRunList(runs: readonly RunSummary[], o: RenderOptions): string {
  switch (o.format) {
    case 'json':
      return jsonLine(runs, true);
    case 'ndjson':
      return runs.map((r) => jsonLine(r)).join('');
    case 'csv':
      return toCsv(
        ['RUN_ID', 'START', 'END', 'DURATION_MS', 'COMMAND', 'MODE', 'READ', 'TENANT', 'SCOPE', 'SCOPE_KEY', 'STATE', 'OUTCOME', 'EXIT_CODE', ...ACTION_COLUMNS.map(csvName), ...RESULT_COLUMNS.map(csvName), 'MESSAGE', 'PATH'],
        runs.map((r) => [
          r.runId, r.start, r.end, r.durationMs, r.command, r.mode, r.read, r.tenant, r.scope, r.scopeKey, r.state, r.outcome, r.exitCode,
          ...ACTION_COLUMNS.map((a) => (r.actions === undefined ? undefined : (r.actions[a] ?? 0))),
          ...RESULT_COLUMNS.map((k) => (r.results === undefined ? undefined : (r.results[k] ?? 0))),
          r.message, r.path,
        ]),
      );
    case 'table': {
      if (runs.length === 0) return 'No runs.\n';
      const rows = runs.map((r) => [
        r.runId,
        localTime(r.start),
        r.state === 'running' ? `${duration(r.durationMs)}…` : duration(r.durationMs),
        r.command,
        r.mode === 'apply' ? 'apply' : 'plan',
        r.scope,
        counts(r.actions),
        r.mode === 'apply' ? counts(r.results, (k) => RESULT_LABEL[k] ?? k) : '',
        outcomeText(r, o.paint),
        r.exitCode ?? '',
      ]);
      return renderTable(['Run', `Started (${utcOffset()})`, 'Duration', 'Command', 'Mode', 'Scope', 'Operations', 'Results', 'Outcome', 'Exit'], rows, {
        color: o.paint.enabled,
        ...(o.width !== undefined ? { width: o.width, weights: [3, 2, 1, 1, 1, 3, 3, 2, 1, 1] } : {}),
      });
    }
  }
}
