import { describe, expect, it } from 'vitest';
import type { ApplyResult } from '../../../sync/apply/apply.js';
import type { Plan } from '../../../sync/types.js';
import { makePaint } from '../../output/paint.js';
import { renderResultOnly, renderSync } from './render.js';

const counts = { create: 1, restore: 0, adopt: 0, update: 0, 'set-manager': 0, 'remove-manager': 0, 'add-member': 0, 'remove-member': 0, disable: 0, delete: 1, total: 2, unchanged: 3 };
const plan = {
  format: 'cloudsync-plan',
  version: 1,
  createdAt: '2026-12-08T06:00:00.000Z',
  tenant: 't1',
  scope: { ous: ['OU=Staff,DC=x'] },
  options: { softMatch: true, matchGroupsByName: false, onDelete: 'delete', deleteThreshold: 500, forceDeletes: false, shrinkRatio: 0.5, protected: [] },
  source: { description: 'x.ldif', complete: true, counts: { users: 4, groups: 0, excluded: 1, read: 5 }, fingerprint: 'f', digests: {} },
  cloud: { fingerprint: 'c', digests: {}, managersKnown: true },
  operations: [
    { seq: 1, action: 'create', kind: 'user', anchor: 'A1', dn: 'CN=Ann,OU=Staff,DC=x', upn: 'ann@x.com', displayName: 'Ann', properties: {}, changes: [{ attribute: 'displayName', old: null, new: 'Ann' }] },
    { seq: 2, action: 'delete', kind: 'user', cloudId: 'c2', upn: 'bob@x.com' },
  ],
  counts,
  guards: [],
  warnings: [{ dn: 'CN=Ann,OU=Staff,DC=x', message: 'a warning' }],
  skipped: [{ kind: 'user', dn: 'CN=Adm,OU=Staff,DC=x', upn: 'adm@x.com', rule: 'protected', reason: 'listed in sync.protected' }],
  withheldRemovals: 0,
  bindings: [],
  unbind: [],
} as unknown as Plan;
const applied = {
  outcome: 'partial',
  counts: { succeeded: 1, failed: 1, skipped: 0, notRun: 0 },
  results: [
    { seq: 1, action: 'create', status: 'success', httpStatus: 201, cloudId: 'c1' },
    { seq: 2, action: 'delete', status: 'failed', httpStatus: 403, error: { message: 'Insufficient privileges' } },
  ],
} as unknown as ApplyResult;

describe('sync rendering', async () => {
  const paint = await makePaint(false);

  it('writes one NDJSON line per operation, skipped object and warning, then the summary', () => {
    const lines = renderSync(plan, undefined, { format: 'ndjson', paint }).trim().split('\n').map((l) => JSON.parse(l) as { type: string });
    expect(lines.map((l) => l.type)).toEqual(['operation', 'operation', 'skipped', 'warning', 'summary']);
    expect(lines[4]).toMatchObject({ type: 'summary', applied: false, counts: { create: 1, delete: 1 }, scope: { ous: ['OU=Staff,DC=x'] } });
  });

  it('writes CSV rows for operations (with their results) and skipped objects, not warnings', () => {
    expect(renderSync(plan, applied, { format: 'csv', paint })).toBe(
      'SEQ,ACTION,KIND,DISTINGUISHEDNAME,USERPRINCIPALNAME,DISPLAYNAME,CLOUDID,CHANGES,STATUS,HTTPSTATUS,REQUESTID,ERROR\r\n' +
        '1,create,user,"CN=Ann,OU=Staff,DC=x",ann@x.com,Ann,c1,displayName: Ann,success,201,,\r\n' +
        '2,delete,user,,bob@x.com,,c2,soft delete (restorable for 30 days),failed,403,,Insufficient privileges\r\n' +
        ',skip,user,"CN=Adm,OU=Staff,DC=x",adm@x.com,,,protected: listed in sync.protected,skipped,,,\r\n',
    );
  });

  it('writes one JSON document with the result when applied', () => {
    const doc = JSON.parse(renderSync(plan, applied, { format: 'json', paint })) as { applied: boolean; result: unknown; plan: { operations: { result?: { status: string } }[] } };
    expect(doc.applied).toBe(true);
    expect(doc.result).toEqual({ outcome: 'partial', counts: applied.counts });
    expect(doc.plan.operations.map((o) => o.result?.status)).toEqual(['success', 'failed']);
  });

  it('shows people the source, the operations and the counts; after the streamed plan only what did not succeed', () => {
    const table = renderSync(plan, undefined, { format: 'table', paint });
    expect(table.startsWith('Source x.ldif: 4 users, 0 groups in scope, 1 excluded (5 read)\n')).toBe(true);
    expect(table).toContain('soft delete (restorable for 30 days)');
    expect(table.endsWith('Plan: 1 create, 1 delete (3 unchanged, 1 skipped) — nothing changed yet\n')).toBe(true);
    expect(renderSync(plan, undefined, { format: 'table', paint, applying: true })).toMatch(/Plan: 1 create, 1 delete \(3 unchanged, 1 skipped\)\n$/);
    const after = renderResultOnly(plan, applied, { format: 'table', paint });
    expect(after).not.toMatch(/^(Source|Plan): /m);
    expect(after).toContain('failed 403: Insufficient privileges');
    expect(after).not.toContain('ann@x.com');
    expect(after.endsWith('Result: partial: 1 succeeded, 1 failed, 0 skipped\n')).toBe(true);
  });

  it('shows a plan of more than 200 rows as its first 200 and the counts in a table; --full, JSON and CSV show all', () => {
    const ops = Array.from({ length: 250 }, (_, i) => ({ seq: i + 1, action: 'create', kind: 'user', anchor: `A${i}`, upn: `u${i + 1}@x.com`, properties: {}, changes: [] }));
    const big = { ...plan, operations: ops, skipped: [], counts: { ...counts, create: 250, delete: 0, total: 250 } } as unknown as Plan;
    const table = renderSync(big, undefined, { format: 'table', paint });
    expect(table).toContain('user u200@x.com');
    expect(table).not.toContain('user u201@x.com');
    expect(table.endsWith('… 50 more rows not shown: --full lists them all (-o json and -o csv are always complete)\nPlan: 250 create (3 unchanged) — nothing changed yet\n')).toBe(true);
    const full = renderSync(big, undefined, { format: 'table', paint, full: true });
    expect(full).toContain('user u250@x.com');
    expect(full).not.toContain('more rows not shown');
    expect(renderSync(big, undefined, { format: 'csv', paint }).trimEnd().split('\r\n')).toHaveLength(251);
    expect((JSON.parse(renderSync(big, undefined, { format: 'json', paint })) as { plan: { operations: unknown[] } }).plan.operations).toHaveLength(250);
  });
});

describe('sync markdown', async () => {
  const paint = await makePaint(false);
  it('writes the plan as a heading, a pipe table and the counts (for a step summary or a PR comment)', () => {
    expect(renderSync(plan, undefined, { format: 'markdown', paint })).toBe(
      [
        '## cloudsync sync: plan',
        '',
        '| # | Action | Object | Change |',
        '| --- | --- | --- | --- |',
        '| 1 | create | user ann@x.com | displayName: Ann |',
        '| 2 | delete | user bob@x.com | soft delete (restorable for 30 days) |',
        '|  | skip | user adm@x.com | protected: listed in sync.protected |',
        '',
        '**Plan:** 1 create, 1 delete (3 unchanged, 1 skipped)',
        '',
      ].join('\n'),
    );
  });
});
