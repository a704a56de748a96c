/** Damaged run journals: readers drop the bad lines and count them, never crash (docs/logs.md). */
import { appendFileSync, statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { listJournals, makeFilter, readRunOperations, summarizeRun } from '../../src/logs/runs/index.js';
import { countOperations } from '../../src/logs/runs/stream.js';
import { parseJournalLine } from '../../src/sync/store/journal-line.js';
import { readJournal } from '../../src/sync/store/journal.js';
import { clean, cleanup, idAt, OPS, openJournal, tempState } from './logs-runs-support.js';

afterEach(cleanup);
const KEY = 'corp.onmicrosoft.com-0123456789abcdef';
const T0 = Date.parse('2026-03-01T10:15:00Z');
const TIME = '"time":"2026-03-01T10:15:00.000Z"';

/** Lines that JSON.parse accepts but that are not journal events, and lines that are not JSON. */
const DAMAGED = [
  'null',
  '5',
  '[]',
  '"text"',
  `{"type":"planned","op":7,"action":"update","kind":"user",${TIME}`, // cut, then more lines
  `{"type":"planned","op":8,"action":"update","kind":"user","upn":5,${TIME}}`,
  `{"type":"planned","op":9,"action":"update","kind":"user","dn":{"a":1},${TIME}}`,
  `{"type":"result","op":2,${TIME}}`,
  `{"type":"result","op":10,"action":"update","kind":"user","status":"failed","error":null,${TIME}}`,
  `{"type":"planned","op":"x","action":"update","kind":"user",${TIME}}`,
  `{"type":"planned","op":11,"action":"update","kind":"user","changes":[null],${TIME}}`,
  `{"type":"planned","op":12,"action":"add-member","kind":"group","member":"jane",${TIME}}`,
  `{"type":"planned","op":13,"action":"add-member","kind":"group","member":{"upn":7},${TIME}}`,
  `{"type":"guard",${TIME}}`,
  `{"type":"warning","message":null,${TIME}}`,
  `{"type":"run-end","outcome":5,${TIME}}`,
  `{"type":"run-start","command":"sync","scope":{"groups":"x"},${TIME}}`,
];

function damagedJournal(): { state: string; id: string } {
  const state = tempState();
  const id = idAt(T0);
  const j = openJournal(state, KEY, id, T0);
  j.start({ command: 'sync', scopeKey: KEY, options: { apply: true } });
  j.append({ type: 'planned', ...clean(OPS.updateBob) });
  j.append({ type: 'planned', ...clean(OPS.createJane) });
  j.close();
  const path = listJournals(state)[0]!.path;
  appendFileSync(path, DAMAGED.join('\n') + '\n');
  appendFileSync(path, JSON.stringify({ type: 'result', ...clean(OPS.updateBob), status: 'success', runId: id, time: '2026-03-01T10:16:00.000Z' }) + '\n');
  return { state, id };
}

describe('damaged journals', () => {
  it('rejects every damaged line as a SyntaxError and accepts what the Journal writes', () => {
    for (const line of DAMAGED) expect(() => parseJournalLine(line), line).toThrow(SyntaxError);
    expect(parseJournalLine(JSON.stringify({ type: 'planned', ...clean(OPS.addJane), time: 't' }))).toMatchObject({ op: 3 });
    expect(parseJournalLine('{"type":"future-kind","time":"t"}')).toMatchObject({ type: 'future-kind' });
  });

  it('logs show: drops and counts the bad lines, shows the good operations', async () => {
    const { state } = damagedJournal();
    const f = listJournals(state)[0]!;
    for (const filter of [{}, { user: 'bob' }, { failed: true }, { action: ['update'] }, { attribute: 'department' }]) {
      const r = await readRunOperations({ ...f, size: statSync(f.path).size }, makeFilter(filter), { lock: undefined });
      expect(r.badLines).toBeGreaterThanOrEqual(1);
      for (const row of r.rows) expect(typeof row.op).toBe('number');
    }
    const all = await readRunOperations(f, makeFilter({}), { lock: undefined });
    expect(all.rows.map((r) => [r.op, r.status])).toEqual([
      [1, 'not-run'],
      [2, 'success'],
    ]);
    expect(all.badLines).toBe(DAMAGED.length);
  });

  it('logs: summarises and counts a damaged journal', async () => {
    const { state } = damagedJournal();
    const f = listJournals(state)[0]!;
    const s = await summarizeRun({ ...f, size: statSync(f.path).size }, { lock: undefined });
    expect(s).toMatchObject({ command: 'sync', mode: 'apply', actions: { create: 1, update: 1 } });
    expect(await countOperations(f.path)).toEqual({ actions: { create: 1, update: 1 }, results: { succeeded: 1 } });
  });

  it('readJournal names the damaged line instead of returning a null event', () => {
    const { state } = damagedJournal();
    expect(() => readJournal(listJournals(state)[0]!.path)).toThrow(/line 4 is not a journal line/);
  });
});
