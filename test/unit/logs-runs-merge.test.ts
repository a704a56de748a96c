import { afterEach, describe, expect, it } from 'vitest';
import { makeFilter, readRunOperations } from '../../src/logs/runs/index.js';
import type { OperationRow } from '../../src/logs/runs/types.js';
import { CloudsyncError } from '../../src/errors.js';
import { clean, cleanup, fileOf, OPS, openJournal, tempState } from './logs-runs-support.js';

afterEach(cleanup);
const KEY = 'corp.onmicrosoft.com-0123456789abcdef';
const RUN = '20260301T101500123Z-a1b2c3';

/** An applying run: 1 created, 2 failed, 3 skipped, 4 sent without an answer, 5 never sent. */
function applyRun(state: string, end: boolean): void {
  const j = openJournal(state, KEY, RUN, Date.parse('2026-03-01T10:15:00Z'));
  j.start({ command: 'sync', tenant: 'corp.onmicrosoft.com', scopeKey: KEY, scope: { ous: ['OU=Staff,DC=corp,DC=example,DC=com'] }, options: { apply: true } });
  for (const o of Object.values(OPS)) j.append({ type: 'planned', ...clean(o) });
  j.append({ type: 'guard', guard: 'delete-threshold', blocking: false, message: '1 removal', removals: 1 });
  j.markApply();
  j.append({ type: 'intent', ...clean(OPS.createJane) });
  j.append({ type: 'result', ...clean(OPS.createJane), cloudId: '55555555-5555-4555-8555-555555555555', status: 'success', httpStatus: 201 });
  j.append({ type: 'intent', ...clean(OPS.updateBob) });
  j.append({ type: 'result', ...clean(OPS.updateBob), status: 'failed', httpStatus: 400, error: { code: 'Request_BadRequest', message: 'Property department is invalid' } });
  j.append({ type: 'intent', ...clean(OPS.addJane) });
  j.append({ type: 'result', ...clean(OPS.addJane), status: 'skipped', note: 'not sent: jane@corp.example.com was not created' });
  j.append({ type: 'intent', ...clean(OPS.managerBob) }, true);
  if (end) j.end({ outcome: 'partial', exitCode: 3, counts: { succeeded: 1, failed: 1, skipped: 1, notRun: 1 } });
  else j.close();
}

async function rows(state: string, f: Parameters<typeof makeFilter>[0] = {}, marker = true): Promise<OperationRow[]> {
  return (await readRunOperations(fileOf(state, KEY, RUN, marker, 0), makeFilter(f), { lock: undefined })).rows;
}

describe('merging planned, intent and result lines', () => {
  it('makes one row per operation with its final status, error and the result line\'s ids', async () => {
    const s = tempState();
    applyRun(s, true);
    const r = await rows(s);
    expect(r.map((x) => [x.op, x.action, x.status])).toEqual([
      [1, 'create', 'success'],
      [2, 'update', 'failed'],
      [3, 'add-member', 'skipped'],
      [4, 'set-manager', 'unknown'],
      [5, 'delete', 'not-run'],
    ]);
    expect(r[0]!.cloudId).toBe('55555555-5555-4555-8555-555555555555');
    expect(r[0]!.upn).toBe('jane@corp.example.com');
    expect(r[1]!.error).toBe('Request_BadRequest: Property department is invalid');
    expect(r[1]!.changes).toEqual(OPS.updateBob.changes);
    expect(r[2]!.note).toMatch(/not created/);
    expect(r[3]!.error).toMatch(/^unknown: the run ended \(partial\)/);
    expect(r[4]!.note).toMatch(/^not sent/);
  });

  it('says "unknown: run interrupted" for an intent without result in a run without run-end', async () => {
    const s = tempState();
    applyRun(s, false);
    const res = await readRunOperations(fileOf(s, KEY, RUN, true, 0), {}, { lock: undefined });
    expect(res.ending.state).toBe('interrupted');
    const mgr = res.rows.find((x) => x.op === 4)!;
    expect(mgr.status).toBe('unknown');
    expect(mgr.error).toMatch(/^unknown: run interrupted/);
    expect(res.notes.map((n) => n.type)).toEqual(['guard']);
  });

  it('shows a plan-only run as planned', async () => {
    const s = tempState();
    const j = openJournal(s, KEY, RUN);
    j.start({ command: 'sync', scopeKey: KEY, options: { apply: false } });
    j.append({ type: 'planned', ...clean(OPS.updateBob) });
    j.end({ outcome: 'planned', exitCode: 4 });
    expect((await rows(s, {}, false)).map((x) => x.status)).toEqual(['planned']);
  });

  it('skips a line cut short at the end and counts a bad line in the middle', async () => {
    const s = tempState();
    applyRun(s, false);
    const { appendFileSync } = await import('node:fs');
    const path = fileOf(s, KEY, RUN).path;
    appendFileSync(path, 'garbage\n');
    appendFileSync(path, JSON.stringify({ type: 'result', ...clean(OPS.managerBob), status: 'success', runId: RUN, time: '2026-03-01T10:16:00.000Z' }) + '\n');
    appendFileSync(path, '{"type":"result","op":5,"act');
    const res = await readRunOperations(fileOf(s, KEY, RUN, true, 0), {}, { lock: undefined });
    expect(res.badLines).toBe(1);
    expect(res.rows.find((x) => x.op === 4)!.status).toBe('success');
    expect(res.rows.find((x) => x.op === 5)!.status).toBe('not-run');
  });
});

describe('filters', () => {
  it('--failed keeps what did not succeed: failed, skipped, unknown, not run', async () => {
    const s = tempState();
    applyRun(s, true);
    expect((await rows(s, { failed: true })).map((x) => x.op)).toEqual([2, 3, 4, 5]);
  });

  it('--action takes the issue\'s names and the journal\'s, comma-separated or repeated', async () => {
    const s = tempState();
    applyRun(s, true);
    expect((await rows(s, { action: ['member-add'] })).map((x) => x.op)).toEqual([3]);
    expect((await rows(s, { action: ['create,update'] })).map((x) => x.op)).toEqual([1, 2]);
    expect((await rows(s, { action: ['delete', 'set-manager'] })).map((x) => x.op)).toEqual([4, 5]);
    expect(() => makeFilter({ action: ['frobnicate'] })).toThrow(CloudsyncError);
    expect(() => makeFilter({ action: ['member-remove'] })).not.toThrow();
  });

  it('--user matches UPN, DN and display name fragments of the object, its member and its manager, case-insensitively', async () => {
    const s = tempState();
    applyRun(s, true);
    // Jane: her create, her membership in Sales, and Bob's manager change to her.
    expect((await rows(s, { user: 'JANE@corp' })).map((x) => x.op)).toEqual([1, 3, 4]);
    expect((await rows(s, { user: 'cn=bob stone' })).map((x) => x.op)).toEqual([2, 4]);
    expect((await rows(s, { user: 'timer' })).map((x) => x.op)).toEqual([5]);
    expect((await rows(s, { user: 'nobody' })).map((x) => x.op)).toEqual([]);
  });

  it('--attribute matches changed attributes, nested ones by their last part, and manager/members references', async () => {
    const s = tempState();
    applyRun(s, true);
    expect((await rows(s, { attribute: 'Department' })).map((x) => x.op)).toEqual([1, 2]);
    expect((await rows(s, { attribute: 'extensionAttribute1' })).map((x) => x.op)).toEqual([2]);
    expect((await rows(s, { attribute: 'manager' })).map((x) => x.op)).toEqual([4]);
    expect((await rows(s, { attribute: 'members' })).map((x) => x.op)).toEqual([3]);
  });

  it('combines filters, and --since keeps operations whose last line is recent enough', async () => {
    const s = tempState();
    applyRun(s, true);
    expect((await rows(s, { failed: true, user: 'bob' })).map((x) => x.op)).toEqual([2, 4]);
    const all = await rows(s);
    const t = Date.parse(all[2]!.time);
    expect((await rows(s, { since: t })).map((x) => x.op)).toEqual([3, 4]);
  });

  it('rejects empty --user and --attribute values', () => {
    expect(() => makeFilter({ user: ' ' })).toThrow(/--user/);
    expect(() => makeFilter({ attribute: '' })).toThrow(/--attribute/);
  });
});
