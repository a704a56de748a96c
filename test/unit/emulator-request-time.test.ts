/**
 * The emulator times a Graph request by its arrival, not by when its handler finished: an
 * accepted write is recorded at the time the request came in, and the throttles count it then.
 * (provisionOnDemand's handler waits for the job's serialised work; stamped after it, the 6th of
 * 5-per-window calls looked 1,498 ms after the 1st although it was admitted 2 s later.)
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppWindowThrottle } from '../../src/emulator/app-window-throttle.js';
import { runGraphAsync, type GraphEnv } from '../../src/emulator/graph/dispatch.js';
import { Router } from '../../src/emulator/graph/router.js';
import type { GraphRequest } from '../../src/emulator/graph/types.js';
import type { EmulatorState } from '../../src/emulator/state.js';
import { StatsRecorder } from '../../src/emulator/stats.js';
import { Bucket, Throttler } from '../../src/emulator/throttle.js';

const T0 = Date.UTC(2026, 11, 8, 6, 0, 0);
const HANDLER_MS = 2_000;

function env(throttle: AppWindowThrottle): GraphEnv {
  const state = { tenant: { id: 'tenant-1' }, dir: { count: () => 0 } } as unknown as EmulatorState;
  const router = new Router([
    {
      method: 'POST',
      path: 'work',
      perms: ['Work.All'],
      handle: () => ({ status: 500 }),
      // Admission, then slow work (the clock moves on while it runs), as provisionOnDemand does.
      handleAsync: async (ctx) => {
        const wait = throttle.check(ctx.req.principal.appId, 'tenant-1', ctx.req.receivedAt);
        if (wait > 0) return { status: 429, headers: { 'Retry-After': String(wait) } };
        vi.setSystemTime(Date.now() + HANDLER_MS);
        return { status: 200, body: {} };
      },
    },
  ]);
  return { state, router, throttler: new Throttler({ enabled: false }), stats: new StatsRecorder(), shuffleBatch: false };
}

function request(receivedAt: number): GraphRequest {
  return {
    method: 'POST',
    version: 'beta',
    path: '/work',
    segments: ['work'],
    query: [],
    headers: {},
    body: {},
    principal: { kind: 'app', appId: 'app-1', objectId: 'sp-1', permissions: new Set(['Work.All']) },
    origin: 'https://localhost:1',
    receivedAt,
  };
}

describe('emulator request time', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('an accepted write is recorded at its arrival, not when its handler finished', async () => {
    vi.setSystemTime(T0);
    const e = env(new AppWindowThrottle({ requests: 5, windowSeconds: 10 }));
    const res = await runGraphAsync(e, request(T0), { requestId: 'r1', clientRequestId: 'c1', inBatch: false });
    expect(res.status).toBe(200);
    expect(Date.now()).toBe(T0 + HANDLER_MS);
    expect(e.stats.snapshot().writes.map((w) => w.at)).toEqual([T0]);
  });

  it('5 per 10 s: the 6th accepted call arrived at least 2 s after the 1st, by the recorded times', async () => {
    const e = env(new AppWindowThrottle({ requests: 5, windowSeconds: 10 }));
    // Seven callers arrive together; each handler takes 2 s, so they finish 2 s apart.
    vi.setSystemTime(T0);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await runGraphAsync(e, request(T0), { requestId: `r${i}`, clientRequestId: `c${i}`, inBatch: false })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    // The 6th retries 2 s after arriving (Retry-After 2).
    vi.setSystemTime(T0 + 2_000 + 5 * HANDLER_MS);
    expect((await runGraphAsync(e, request(T0 + 2_000), { requestId: 'r7', clientRequestId: 'c5', inBatch: false })).status).toBe(200);
    const at = e.stats.snapshot().writes.map((w) => w.at);
    expect(at).toEqual([T0, T0, T0, T0, T0, T0 + 2_000]);
  });

  it('a bucket ignores a time older than the last one it saw (requests checked out of arrival order)', () => {
    const b = new Bucket(5, 10_000, 0);
    b.take(5);
    expect(b.waitMs(1, 2_000)).toBe(0);
    // An earlier arrival checked later neither takes refill back nor moves the clock back.
    expect(b.waitMs(1, 1_000)).toBe(0);
    expect(b.waitMs(1, 2_000)).toBe(0);
  });
});
