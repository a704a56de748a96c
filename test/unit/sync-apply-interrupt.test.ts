/**
 * An apply stopped by its signal with a writer that queues (the BatchWriter): the queue is dropped
 * (journaled as skipped, not sent), what is in flight is awaited and journaled, and onInterrupt says
 * how many requests it still waits for (issue 12 item 1).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BatchWriter, type BatchStep } from '../../src/directory/entra/batch.js';
import { apply, plan, readJournal, type ApplyInterrupt } from '../../src/sync/index.js';
import { adUser, ArraySource, FakeGraph, Harness } from './sync-fakes.js';

const harnesses: Harness[] = [];
afterEach(() => {
  for (const h of harnesses.splice(0)) h.cleanup();
});

describe('apply interrupted with a queueing writer', () => {
  it('drops the queue, finishes the requests in flight and journals every intent', async () => {
    const h = new Harness(new ArraySource(Array.from({ length: 200 }, (_, i) => adUser(i + 1, `User ${i + 1}`))), new FakeGraph());
    harnesses.push(h);
    const { source, cloud, state } = await h.read();
    const p = plan(source, cloud, state);
    const controller = new AbortController();
    let batches = 0;
    // One batch of 20 at a time, answered after 50 ms; the signal fires while the first is out.
    const writer = new BatchWriter(
      async (steps: BatchStep[]) => {
        if (++batches === 1) setTimeout(() => controller.abort('SIGINT'), 10);
        await new Promise((r) => setTimeout(r, 50));
        const responses = await Promise.all(steps.map(async (s) => ({ id: s.id, ...(await h.graph.submit({ method: s.method as 'POST', url: s.url, body: s.body })) })));
        return { status: 200, headers: {}, body: { responses } };
      },
      { concurrency: 1, maxConcurrency: 1 },
    );
    const seen: ApplyInterrupt[] = [];
    const journal = h.workspace().startRun();
    const r = await apply(p, writer, journal, { state, signal: controller.signal, onInterrupt: (i) => seen.push(i) });
    expect(r.outcome).toBe('interrupted');
    expect(seen).toEqual([{ inFlight: 20, dropped: expect.any(Number) }]);
    expect(r.counts.succeeded).toBe(20);
    expect(r.counts.skipped).toBe(seen[0]!.dropped);
    expect(r.results.filter((x) => x.status === 'skipped').every((x) => x.note === 'not sent: the run was interrupted')).toBe(true);
    expect(batches).toBe(1);
    const events = readJournal(journal.path);
    expect(events.filter((e) => e.type === 'result')).toHaveLength(events.filter((e) => e.type === 'intent').length);
  });
});
