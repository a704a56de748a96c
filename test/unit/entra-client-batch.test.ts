import { describe, expect, it } from 'vitest';
import { BatchWriter, type BatchEnvelope, type BatchResult, type BatchStep, type BatchStepResponse } from '../../src/directory/entra/batch.js';
import { GraphError } from '../../src/directory/entra/graph-error.js';
import { CloudsyncError } from '../../src/errors.js';

type StepAnswer = Omit<BatchStepResponse, 'id'>;

/** A fake `$batch` endpoint: answers each step with `answer`, records every call and its time. */
function fakeGraph(answer: (step: BatchStep, call: number) => StepAnswer, delayMs = 5) {
  const calls: { at: number; steps: BatchStep[] }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const transport = async (steps: BatchStep[]): Promise<BatchEnvelope> => {
    calls.push({ at: Date.now(), steps });
    const n = calls.length;
    // Answered as received (the server decides on arrival), delivered after the delay.
    const responses = steps.map((s) => ({ id: s.id, ...answer(s, n) }));
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((r) => setTimeout(r, delayMs));
    inFlight--;
    return { status: 200, headers: { 'request-id': `batch-${n}` }, body: { responses } };
  };
  return { transport, calls, maxInFlight: () => maxInFlight };
}

const ok = (s: BatchStep): StepAnswer => ({ status: 200, body: { url: s.url } });

describe('BatchWriter packing', () => {
  it('packs at most 20 steps per $batch, with unique ids and version-less relative URLs', async () => {
    const g = fakeGraph(ok);
    const w = new BatchWriter(g.transport, { concurrency: 1 });
    const urls = Array.from({ length: 45 }, (_, i) => (i % 3 === 0 ? `/v1.0/users/u${i}` : i % 3 === 1 ? `https://graph.microsoft.com/v1.0/users/u${i}` : `users/u${i}`));
    const results = await Promise.all(urls.map((url) => w.submit({ method: 'GET', url })));
    expect(g.calls.map((c) => c.steps.length)).toEqual([20, 20, 5]);
    for (const c of g.calls) expect(new Set(c.steps.map((s) => s.id)).size).toBe(c.steps.length);
    const sent = g.calls.flatMap((c) => c.steps.map((s) => s.url));
    expect(sent.every((u) => /^\/users\/u\d+$/.test(u))).toBe(true);
    // Each caller gets its own answer back.
    results.forEach((r, i) => expect(r.body).toEqual({ url: `/users/u${i}` }));
    expect(w.stats).toMatchObject({ requests: 45, batches: 3, retries: 0, failed: 0, pending: 0 });
  });

  it('adds Content-Type to steps with a body and keeps query strings', async () => {
    const g = fakeGraph(ok);
    const w = new BatchWriter(g.transport);
    await Promise.all([
      w.submit({ method: 'PATCH', url: '/users/a', body: { displayName: 'A' } }),
      w.submit({ method: 'GET', url: "/users?$filter=startswith(displayName,'a')" }),
    ]);
    const [patch, get] = g.calls[0]!.steps;
    expect(patch).toMatchObject({ method: 'PATCH', url: '/users/a', body: { displayName: 'A' }, headers: { 'Content-Type': 'application/json' } });
    expect(get).toEqual({ id: '2', method: 'GET', url: "/users?$filter=startswith(displayName,'a')" });
  });

  it('refuses beta URLs and submissions after close', async () => {
    const w = new BatchWriter(fakeGraph(ok).transport);
    await expect(w.submit({ method: 'GET', url: '/beta/users' })).rejects.toThrow(/beta request/);
    await w.close();
    await expect(w.submit({ method: 'GET', url: '/users/a' })).rejects.toMatchObject({ kind: 'usage' });
  });
});

describe('BatchWriter retries', () => {
  it('re-sends a step answered 429 only after its Retry-After, while the others resolve at once', async () => {
    const retries: unknown[] = [];
    const g = fakeGraph((s, call) =>
      s.url === '/users/slow' && call === 1
        ? { status: 429, headers: { 'Retry-After': '1' }, body: { error: { code: 'TooManyRequests', innerError: { 'request-id': 'rid-429' } } } }
        : ok(s),
    );
    const w = new BatchWriter(g.transport, {}, { onRetry: (i) => retries.push(i) });
    const started = Date.now();
    const fastDone: number[] = [];
    const [slow, ...fast] = await Promise.all([
      w.submit({ method: 'GET', url: '/users/slow' }),
      ...['a', 'b'].map((u) => w.submit({ method: 'GET', url: `/users/${u}` }).then((r) => (fastDone.push(Date.now() - started), r))),
    ]);
    expect(slow).toMatchObject({ status: 200, attempts: 2 });
    expect(fast.map((r) => r.attempts)).toEqual([1, 1]);
    expect(Math.max(...fastDone)).toBeLessThan(500);
    expect(g.calls[1]!.at - g.calls[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(g.calls[1]!.steps.map((s) => s.url)).toEqual(['/users/slow']);
    expect(retries).toEqual([{ status: 429, retryAfterMs: 1000, requestId: 'rid-429' }]);
    expect(w.stats).toMatchObject({ throttled: 1, retries: 1, failed: 0 });
  });

  it('pauses new batches while Graph asked to wait', async () => {
    const g = fakeGraph((s, call) => (call === 1 ? { status: 429, headers: { 'retry-after': '1' } } : ok(s)));
    const w = new BatchWriter(g.transport);
    const first = w.submit({ method: 'GET', url: '/users/a' });
    await new Promise((r) => setTimeout(r, 100)); // the first batch was throttled by now
    const second = w.submit({ method: 'GET', url: '/users/b' });
    await Promise.all([first, second]);
    expect(g.calls[1]!.at - g.calls[0]!.at).toBeGreaterThanOrEqual(1000);
  });

  it('backs off exponentially with jitter when there is no Retry-After, for 503 and 504 too', async () => {
    let n = 0;
    const g = fakeGraph((s) => (++n <= 2 ? { status: n === 1 ? 503 : 504 } : ok(s)));
    const w = new BatchWriter(g.transport, { baseBackoffMs: 100, random: () => 0 });
    const r = await w.submit({ method: 'DELETE', url: '/users/a' });
    expect(r).toMatchObject({ status: 200, attempts: 3 });
    // With random() = 0 the wait is half the ceiling: 50 ms, then 100 ms.
    expect(g.calls[1]!.at - g.calls[0]!.at).toBeGreaterThanOrEqual(50);
    expect(g.calls[2]!.at - g.calls[1]!.at).toBeGreaterThanOrEqual(100);
    expect(w.stats.throttled).toBe(0);
  });

  it('gives up after maxRetries and resolves with the last answer', async () => {
    const g = fakeGraph(() => ({ status: 429, headers: { 'Retry-After': '0' } }));
    const w = new BatchWriter(g.transport, { maxRetries: 2 });
    const r = await w.submit({ method: 'POST', url: '/users', body: {} });
    expect(r).toMatchObject({ status: 429, attempts: 3 });
    expect(w.stats).toMatchObject({ failed: 1, retries: 2, throttled: 3 });
  });

  it('resolves other 4xx steps with their error and request id, without retrying', async () => {
    const g = fakeGraph(() => ({
      status: 400,
      body: { error: { code: 'Request_BadRequest', message: 'Another object with the same value for property userPrincipalName already exists.', innerError: { 'request-id': 'r-400' } } },
    }));
    const w = new BatchWriter(g.transport);
    const r = await w.submit({ method: 'POST', url: '/users', body: { userPrincipalName: 'a@contoso.com' } });
    expect(r).toMatchObject({ status: 400, attempts: 1, requestId: 'r-400' });
    expect(g.calls).toHaveLength(1);
    expect(w.stats.failed).toBe(1);
  });

  it('re-queues every step of a batch that got no answer (network) or a 5xx/429 on the batch itself', async () => {
    let call = 0;
    const executed = new Map<string, number>();
    const transport = async (steps: BatchStep[]): Promise<BatchEnvelope> => {
      call++;
      if (call === 1) throw new GraphError('connect', 'cannot reach Microsoft Graph', { status: 0, code: 'ECONNRESET' });
      if (call === 2) return { status: 503, headers: {}, body: { error: { code: 'ServiceUnavailable' } } };
      if (call === 3) return { status: 429, headers: { 'Retry-After': '0' }, body: {} };
      for (const s of steps) executed.set(s.url, (executed.get(s.url) ?? 0) + 1);
      return { status: 200, headers: {}, body: { responses: steps.map((s) => ({ id: s.id, status: 204 })) } };
    };
    const w = new BatchWriter(transport, { baseBackoffMs: 5 });
    const results = await Promise.all(Array.from({ length: 7 }, (_, i) => w.submit({ method: 'DELETE', url: `/users/u${i}` })));
    // Re-queued together, the seven stay one batch: each was sent four times and run once.
    expect(results.map((r) => [r.status, r.attempts])).toEqual(Array.from({ length: 7 }, () => [204, 4]));
    expect([...executed.values()]).toEqual(Array.from({ length: 7 }, () => 1));
    expect(w.stats).toMatchObject({ batches: 4, retries: 21, throttled: 1, failed: 0 });
  });

  it('treats a step missing from the answer as not run', async () => {
    let call = 0;
    const transport = async (steps: BatchStep[]): Promise<BatchEnvelope> => {
      call++;
      const answered = call === 1 ? steps.slice(1) : steps;
      return { status: 200, headers: {}, body: { responses: answered.map((s) => ({ id: s.id, status: 200, body: s.url })) } };
    };
    const w = new BatchWriter(transport, { baseBackoffMs: 5 });
    const r = await Promise.all([w.submit({ method: 'GET', url: '/a' }), w.submit({ method: 'GET', url: '/b' })]);
    expect(r.map((x) => [x.body, x.attempts])).toEqual([
      ['/a', 2],
      ['/b', 1],
    ]);
  });

  it('rejects every request of a batch when there can be no answer (auth failure, connect after all retries)', async () => {
    const auth = new CloudsyncError('auth', 'the client secret is wrong (AADSTS7000215)');
    const w = new BatchWriter(() => Promise.reject(auth));
    const outcomes = await Promise.allSettled([w.submit({ method: 'GET', url: '/a' }), w.submit({ method: 'GET', url: '/b' })]);
    expect(outcomes.map((o) => o.status === 'rejected' && o.reason)).toEqual([auth, auth]);
    const down = new GraphError('connect', 'cannot reach Microsoft Graph at graph.microsoft.com (ECONNREFUSED)', { status: 0, code: 'ECONNREFUSED' });
    const w2 = new BatchWriter(() => Promise.reject(down), { maxRetries: 2, baseBackoffMs: 1 });
    await expect(w2.submit({ method: 'GET', url: '/a' })).rejects.toBe(down);
    expect(w2.stats).toMatchObject({ failed: 1, retries: 2, pending: 0 });
  });

  it('fails the steps with the batch error on a 4xx for the batch itself', async () => {
    const w = new BatchWriter(async () => ({ status: 403, headers: { 'request-id': 'r-403' }, body: { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges.' } } }));
    const err = await w.submit({ method: 'POST', url: '/users', body: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphError);
    expect(err).toMatchObject({ status: 403, kind: 'permission', requestId: 'r-403' });
  });
});

describe('BatchWriter concurrency (AIMD)', () => {
  it('halves once per round trip when throttled, then adds one after a run of clean batches', async () => {
    // A transport whose batches the test answers by hand, so the round trips are exact.
    const open: { steps: BatchStep[]; answer(status: number): void }[] = [];
    const transport = (steps: BatchStep[]): Promise<BatchEnvelope> =>
      new Promise((resolve) =>
        open.push({
          steps,
          answer: (status) =>
            resolve({ status: 200, headers: {}, body: { responses: steps.map((s) => ({ id: s.id, status, headers: { 'Retry-After': '0' } })) } }),
        }),
      );
    const settle = async (): Promise<void> => {
      for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    };
    const answerAll = async (status: number): Promise<number> => {
      const batch = open.splice(0);
      for (const b of batch) b.answer(status);
      await settle();
      return batch.length;
    };
    const w = new BatchWriter(transport, { concurrency: 4, maxConcurrency: 5, increaseAfter: 2 });
    const all = Array.from({ length: 200 }, (_, i) => w.submit({ method: 'GET', url: `/u/${i}` }));
    await settle();
    expect(open).toHaveLength(4);
    // Four batches sent together all come back throttled: one decrease (4 -> 2), not four.
    expect(await answerAll(429)).toBe(4);
    expect(w.stats.currentConcurrency).toBe(2);
    expect(open).toHaveLength(2);
    // Another throttled round trip halves again, down to 1 at the least.
    await answerAll(429);
    expect(w.stats.currentConcurrency).toBe(1);
    await answerAll(429);
    expect(w.stats.currentConcurrency).toBe(1);
    expect(open).toHaveLength(1);
    // Two clean batches in a row: +1; and so on up to the maximum.
    const seen: number[] = [];
    while (open.length > 0) {
      await answerAll(200);
      seen.push(w.stats.currentConcurrency);
    }
    // 1 batch (1 clean), 1 batch (2 clean: +1), 2 batches (+1), 3 batches (+1, one clean left over), then the cap.
    expect(seen.slice(0, 4)).toEqual([1, 2, 3, 4]);
    expect(Math.max(...seen)).toBe(5);
    const results = await Promise.all(all);
    expect(results.every((r) => r.status === 200)).toBe(true);
  });

  it('never lets more batches fly than the current concurrency', async () => {
    const g = fakeGraph(ok, 10);
    const w = new BatchWriter(g.transport, { concurrency: 3, maxConcurrency: 3 });
    await Promise.all(Array.from({ length: 300 }, (_, i) => w.submit({ method: 'GET', url: `/u/${i}` })));
    expect(g.maxInFlight()).toBe(3);
    expect(g.calls).toHaveLength(15);
  });
});

describe('BatchWriter under random faults', () => {
  it('settles every request exactly once and runs each successful write exactly once', async () => {
    let seed = 42;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const executed = new Map<string, number>();
    let inFlight = 0;
    let maxInFlight = 0;
    const transport = async (steps: BatchStep[]): Promise<BatchEnvelope> => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 1 + Math.floor(rand() * 5)));
      inFlight--;
      const roll = rand();
      if (roll < 0.05) throw new GraphError('connect', 'reset', { status: 0, code: 'ECONNRESET' });
      if (roll < 0.1) return { status: 504, headers: {}, body: {} };
      const responses = steps.map((s): BatchStepResponse => {
        const r = rand();
        if (r < 0.2) return { id: s.id, status: 429, headers: { 'Retry-After': '0' } };
        if (r < 0.25) return { id: s.id, status: 503 };
        executed.set(s.url, (executed.get(s.url) ?? 0) + 1);
        return { id: s.id, status: 201, body: { echo: s.body } };
      });
      // Graph may answer steps in any order.
      return { status: 200, headers: {}, body: { responses: responses.reverse() } };
    };
    const w = new BatchWriter(transport, { concurrency: 4, maxConcurrency: 8, baseBackoffMs: 1, maxBackoffMs: 5, maxRetries: 50 });
    const settled = new Map<number, number>();
    const n = 1000;
    const all = Array.from({ length: n }, (_, i) =>
      w.submit({ method: 'POST', url: `/users/${i}/x`, body: { i } }).then((r: BatchResult) => {
        settled.set(i, (settled.get(i) ?? 0) + 1);
        return r;
      }),
    );
    const results = await Promise.all(all);
    await w.flush();
    expect(settled.size).toBe(n);
    expect([...settled.values()].every((c) => c === 1)).toBe(true);
    results.forEach((r, i) => expect(r).toMatchObject({ status: 201, body: { echo: { i } } }));
    expect(executed.size).toBe(n);
    expect([...executed.values()].every((c) => c === 1)).toBe(true);
    expect(maxInFlight).toBeLessThanOrEqual(8);
    expect(w.stats).toMatchObject({ requests: n, failed: 0, pending: 0 });
    expect(w.stats.throttled).toBeGreaterThan(0);
  });

  it('flush waits for retries still waiting on a timer', async () => {
    let first = true;
    const w = new BatchWriter(async (steps) => {
      const status = first ? 429 : 200;
      first = false;
      return { status: 200, headers: {}, body: { responses: steps.map((s) => ({ id: s.id, status, headers: { 'Retry-After': '0.2' } })) } };
    });
    let done = false;
    void w.submit({ method: 'GET', url: '/a' }).then(() => (done = true));
    await w.flush();
    expect(done).toBe(true);
    expect(w.stats.pending).toBe(0);
  });
});
