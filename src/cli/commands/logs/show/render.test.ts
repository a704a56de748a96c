import { describe, expect, it } from 'vitest';
import type { OperationRow, RunSummary } from '../../../../logs/runs/types.js';
import { runMain } from '../../../../../test/support/run-main.js';
import { makePaint } from '../../../output/paint.js';
import { renderShow, runHeader } from './render.js';

describe('logs show --output markdown', async () => {
  const paint = await makePaint(false);
  const run = { runId: 'r1', command: 'sync', mode: 'full', read: 'full', scope: 'OU=Staff', scopeKey: 'k', start: '2026-12-08T06:00:00.000Z', durationMs: 1200, state: 'ended', outcome: 'partial', exitCode: 3 } as unknown as RunSummary;
  const rows = [
    { op: 1, action: 'update', kind: 'user', dn: 'CN=Ann,OU=Staff', upn: 'ann@x.com', status: 'success', changes: [{ attribute: 'title', old: 'A|B', new: 'C' }] },
    { op: 2, action: 'delete', kind: 'user', upn: 'bob@x.com', status: 'failed', error: 'Insufficient privileges\nsecond line' },
  ] as unknown as OperationRow[];

  it('writes a heading, one row per operation (| and line breaks escaped) and the run line', () => {
    expect(renderShow(run, rows, [], { format: 'markdown', paint, ids: false })).toBe(
      [
        '## cloudsync logs show: run r1',
        '',
        '| # | Action | Object | Changes | Status | Error / note |',
        '| --- | --- | --- | --- | --- | --- |',
        '| 1 | update user | CN=Ann,OU=Staff / ann@x.com | title: A\\|B → C | success |  |',
        '| 2 | delete user | bob@x.com | soft delete | failed | Insufficient privileges<br>second line |',
        '',
        runHeader(run).trimEnd(),
        '',
      ].join('\n'),
    );
  });
});

describe('logs show --follow -o markdown', () => {
  it('is refused in one line (exit 2): markdown is for a finished run', async () => {
    const r = await runMain(['logs', 'show', '--follow', '-o', 'md']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('cloudsync: error: --follow streams operations as they happen: use -o table, csv or ndjson with it (markdown is for a finished run)\n');
  });
});
