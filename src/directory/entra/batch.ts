import { CloudsyncError } from '../../errors.js';
import { graphErrorFromResponse, requestIdOf, type GraphErrorContext } from './graph-error.js';
import { retryAfterMs } from './retry-after.js';

import type { BatchEnvelope, BatchRequest, BatchResult, BatchStats, BatchStep, BatchStepResponse, BatchTransport, BatchWriterHooks, BatchWriterOptions, UnknownOutcomeResolver } from './batch-types.js';

export type { BatchEnvelope, BatchRequest, BatchResult, BatchStats, BatchStep, BatchStepResponse, BatchTransport, BatchWriterHooks, BatchWriterOptions, UnknownOutcomeResolver } from './batch-types.js';

/** Graph's documented limit of requests per `$batch`. */
export const MAX_BATCH_STEPS = 20;
const RETRYABLE = new Set([429, 503, 504]);

interface Item {
  request: BatchRequest;
  step: Omit<BatchStep, 'id'>;
  attempts: number;
  /** Set when a send's outcome is unknown (it may have been carried out): when it first went out. */
  unknownSince?: number;
  notBefore: number;
  settled: boolean;
  resolve(r: BatchResult): void;
  reject(e: unknown): void;
}

/**
 * Packs submitted requests into `$batch` calls of at most 20, keeps a bounded number in flight and
 * adapts it (AIMD: halve when throttled, +1 after a run of clean batches). Steps answered 429/503/504
 * are sent again after their Retry-After (else a jittered exponential back-off); a batch with no
 * usable answer is re-queued whole — but a write in it whose outcome is unknown (the connection
 * broke after it went out, a 500/502/504) is first looked up with `resolveUnknown`, so what a lost
 * request did is adopted rather than done twice. Every submitted request settles exactly once: it resolves with
 * its final status (2xx, a 4xx, or the last 429/5xx once retries are spent), or rejects when no
 * HTTP answer was ever possible (auth failure, network down after all retries). Requests in flight
 * together run in any order: submit a dependent request after the one it needs has resolved.
 */
export class BatchWriter {
  private readonly fresh: Item[] = [];
  private readonly waiting: Item[] = [];
  private inFlight = 0;
  private concurrency: number;
  private readonly maxConcurrency: number;
  private readonly maxRetries: number;
  private readonly baseBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly increaseAfter: number;
  private readonly random: () => number;
  private readonly resolveUnknown: UnknownOutcomeResolver | undefined;
  private cleanRun = 0;
  /** Batches are numbered as sent; a decrease remembers the last one already out at the old rate. */
  private sent = 0;
  private decreasedAt = 0;
  private pausedUntil = 0;
  private pumpQueued = false;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
  private closed = false;
  private dropping = false;
  private idleWaiters: (() => void)[] = [];
  private readonly counters = { requests: 0, batches: 0, throttled: 0, retries: 0, failed: 0, settled: 0 };

  constructor(
    private readonly transport: BatchTransport,
    options: BatchWriterOptions = {},
    private readonly hooks: BatchWriterHooks = {},
    private readonly errorContext: GraphErrorContext = { delegated: false, graphEndpoint: 'https://graph.microsoft.com' },
  ) {
    this.concurrency = Math.max(1, Math.floor(options.concurrency ?? 4));
    this.maxConcurrency = Math.max(this.concurrency, Math.floor(options.maxConcurrency ?? 8));
    this.maxRetries = Math.max(0, options.maxRetries ?? 8);
    this.baseBackoffMs = options.baseBackoffMs ?? 1000;
    this.maxBackoffMs = options.maxBackoffMs ?? 60_000;
    this.increaseAfter = Math.max(1, options.increaseAfter ?? 4);
    this.random = options.random ?? Math.random;
    this.resolveUnknown = options.resolveUnknown;
  }

  get stats(): BatchStats {
    const c = this.counters;
    return {
      requests: c.requests,
      batches: c.batches,
      throttled: c.throttled,
      retries: c.retries,
      failed: c.failed,
      currentConcurrency: this.concurrency,
      pending: c.requests - c.settled,
    };
  }

  submit(r: BatchRequest): Promise<BatchResult> {
    if (this.closed) return Promise.reject(new CloudsyncError('usage', 'the batch writer is closed: submit requests before close()'));
    let url: string;
    try {
      url = stepUrl(r.url);
    } catch (e) {
      return Promise.reject(e);
    }
    const headers = { ...(r.headers ?? {}) };
    if (r.body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
    const step: Omit<BatchStep, 'id'> = { method: r.method, url };
    if (r.body !== undefined) step.body = r.body;
    if (Object.keys(headers).length > 0) step.headers = headers;
    this.counters.requests++;
    return new Promise<BatchResult>((resolve, reject) => {
      this.fresh.push({ request: r, step, attempts: 0, notBefore: 0, settled: false, resolve, reject });
      this.schedule();
    });
  }

  /** Rejects the requests not yet sent with `reason`, returns how many; those in flight are answered as usual (not re-sent). */
  drop(reason: unknown): number {
    this.dropping = true;
    const queued = [...this.fresh.splice(0), ...this.waiting.splice(0)];
    for (const it of queued) this.settle(it, reason);
    this.notifyIdle();
    return queued.length;
  }

  /** Resolves once every request submitted so far has settled. */
  flush(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Flushes, then refuses new requests. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  private isIdle(): boolean {
    return this.inFlight === 0 && this.fresh.length === 0 && this.waiting.length === 0;
  }

  /** Coalesces synchronous submits into full batches before sending. */
  private schedule(): void {
    if (this.pumpQueued) return;
    this.pumpQueued = true;
    setImmediate(() => {
      this.pumpQueued = false;
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.concurrency) {
      const now = Date.now();
      if (now < this.pausedUntil) return this.wakeAt(this.pausedUntil);
      const items = this.take(now);
      if (items.length === 0) {
        const next = Math.min(...this.waiting.map((i) => i.notBefore));
        if (Number.isFinite(next)) this.wakeAt(next);
        return;
      }
      this.inFlight++;
      this.counters.batches++;
      void this.send(items, ++this.sent)
        // A bug here must not leave callers waiting forever: whatever is neither settled nor queued fails.
        .catch((e: unknown) => items.filter((it) => !this.waiting.includes(it)).forEach((it) => this.settle(it, e)))
        .finally(() => {
          this.inFlight--;
          this.schedule();
          this.notifyIdle();
        });
    }
  }

  /** Due retries first (they waited longest), then new requests, up to 20. */
  private take(now: number): Item[] {
    const out: Item[] = [];
    for (let i = 0; i < this.waiting.length && out.length < MAX_BATCH_STEPS; ) {
      if (this.waiting[i]!.notBefore <= now) out.push(this.waiting.splice(i, 1)[0]!);
      else i++;
    }
    while (out.length < MAX_BATCH_STEPS && this.fresh.length > 0) out.push(this.fresh.shift()!);
    return out;
  }

  private wakeAt(at: number): void {
    if (this.timer !== undefined && this.timerAt <= at) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      this.pump();
    }, Math.max(0, at - Date.now()));
  }

  private async send(all: Item[], seq: number): Promise<void> {
    const items = await this.lookUpUnknown(all);
    if (items.length === 0) return;
    const steps = items.map((it, i) => ({ id: String(i + 1), ...it.step }));
    for (const it of items) it.attempts++;
    const sentAt = Date.now();
    let envelope: BatchEnvelope;
    try {
      envelope = await this.transport(steps);
    } catch (e) {
      if (e instanceof CloudsyncError && e.kind === 'connect') {
        this.congested(false, seq);
        if (!neverSent(e)) for (const it of items) this.mayHaveRun(it, sentAt);
        const wait = this.backoff(items);
        for (const it of items) this.retry(it, 0, wait, undefined, e);
      } else {
        for (const it of items) this.settle(it, e);
      }
      return;
    }
    const outerId = requestIdOf(undefined, envelope.headers);
    if (RETRYABLE.has(envelope.status) || envelope.status >= 500) {
      const given = retryAfterMs(envelope.headers);
      const wait = given ?? this.backoff(items);
      const throttled = envelope.status === 429;
      if (throttled) this.counters.throttled++;
      this.congested(throttled, seq, given);
      // Once retries are spent the steps never got an answer of their own: they fail with the batch's.
      const err = graphErrorFromResponse(envelope.status, envelope.body, envelope.headers, 'POST', '/$batch', this.errorContext);
      // Throttled (429) and unavailable (503) batches were not run; after a 500/502/504 they may have been.
      if (envelope.status !== 429 && envelope.status !== 503) for (const it of items) this.mayHaveRun(it, sentAt);
      for (const it of items) this.retry(it, envelope.status, wait, outerId, err);
      return;
    }
    if (envelope.status < 200 || envelope.status >= 300) {
      const err = graphErrorFromResponse(envelope.status, envelope.body, envelope.headers, 'POST', '/$batch', this.errorContext);
      for (const it of items) this.settle(it, err);
      return;
    }
    const responses = (envelope.body as { responses?: BatchStepResponse[] } | undefined)?.responses ?? [];
    const byId = new Map(responses.map((r) => [String(r.id), r]));
    let throttled = false;
    let unclean = false;
    let longestWait: number | undefined;
    // One back-off for the whole batch keeps the retried steps together in the next one.
    let shared: number | undefined;
    const backoff = (): number => (shared ??= this.backoff(items));
    for (const [i, it] of items.entries()) {
      const r = byId.get(String(i + 1));
      if (r === undefined) {
        // Graph answers every step; a missing one may or may not have run: looked up, then sent again.
        unclean = true;
        this.mayHaveRun(it, sentAt);
        this.retry(it, 0, backoff(), outerId);
        continue;
      }
      const headers = r.headers ?? {};
      const requestId = requestIdOf(r.body, headers) ?? outerId;
      const result: BatchResult = { status: r.status, headers, attempts: it.attempts };
      if (r.body !== undefined) result.body = r.body;
      if (requestId !== undefined) result.requestId = requestId;
      if (RETRYABLE.has(r.status)) {
        unclean = true;
        const wait = retryAfterMs(headers);
        if (r.status === 504) this.mayHaveRun(it, sentAt);
        if (r.status === 429) {
          throttled = true;
          this.counters.throttled++;
          if (wait !== undefined) longestWait = Math.max(longestWait ?? 0, wait);
        }
        this.retry(it, r.status, wait ?? backoff(), requestId, undefined, result);
      } else {
        this.settle(it, result);
      }
    }
    if (throttled || unclean) this.congested(throttled, seq, longestWait);
    else this.clean();
  }

  /** A request that may have been carried out without its answer reaching us. Reads are safe to repeat. */
  private mayHaveRun(it: Item, sentAt: number): void {
    if (it.step.method !== 'GET') it.unknownSince ??= sentAt;
  }

  /**
   * Before a write whose outcome is unknown goes out again, looks up what it did: found, it
   * settles with that; not found, it is sent; a lookup that cannot connect waits for the next
   * round; one that fails otherwise fails the request (sending it blind could make a duplicate).
   */
  private async lookUpUnknown(items: Item[]): Promise<Item[]> {
    const resolve = this.resolveUnknown;
    if (resolve === undefined || items.every((it) => it.unknownSince === undefined)) return items;
    const send: Item[] = [];
    const again: Item[] = [];
    await Promise.all(
      items.map(async (it) => {
        if (it.unknownSince === undefined) return void send.push(it);
        try {
          const found = await resolve(it.request, it.unknownSince);
          if (found === undefined) {
            it.unknownSince = undefined;
            send.push(it);
          } else this.settle(it, { ...found, attempts: it.attempts });
        } catch (e) {
          // A lookup that could not connect counts as an attempt, so a dead network still ends.
          if (e instanceof CloudsyncError && e.kind === 'connect') {
            it.attempts++;
            again.push(it);
          } else this.settle(it, e);
        }
      }),
    );
    if (again.length > 0) {
      const wait = this.backoff(again);
      for (const it of again) this.retry(it, 0, wait, undefined);
    }
    return send;
  }

  /** AIMD decrease (once per round trip) and a pause for everyone when Graph said how long. */
  private congested(throttled: boolean, seq: number, waitMs?: number): void {
    this.cleanRun = 0;
    if (!throttled) return;
    if (waitMs !== undefined) this.pausedUntil = Math.max(this.pausedUntil, Date.now() + waitMs);
    // Batches already out at the last decrease saw the old rate: do not halve again for them.
    if (seq <= this.decreasedAt) return;
    this.concurrency = Math.max(1, Math.floor(this.concurrency / 2));
    this.decreasedAt = this.sent;
  }

  private clean(): void {
    if (++this.cleanRun < this.increaseAfter) return;
    this.cleanRun = 0;
    if (this.concurrency < this.maxConcurrency) this.concurrency++;
  }

  private retry(it: Item, status: number, delay: number, requestId: string | undefined, error?: unknown, last?: BatchResult): void {
    if (it.attempts > this.maxRetries || this.dropping) {
      if (last !== undefined) this.settle(it, { ...last, attempts: it.attempts });
      else this.settle(it, error ?? new CloudsyncError('runtime', `a $batch step got no answer after ${it.attempts} attempts`));
      return;
    }
    it.notBefore = Date.now() + delay;
    this.waiting.push(it);
    this.counters.retries++;
    this.hooks.onRetry?.({ status, retryAfterMs: delay, ...(requestId !== undefined ? { requestId } : {}) });
  }

  /** Exponential back-off with "equal jitter" (half fixed, half random), capped; by the most-tried item. */
  private backoff(items: Item[]): number {
    const attempt = Math.max(...items.map((i) => i.attempts));
    const ceiling = Math.min(this.maxBackoffMs, this.baseBackoffMs * 2 ** Math.max(0, attempt - 1));
    return Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
  }

  private settle(it: Item, outcome: BatchResult | unknown): void {
    if (it.settled) return;
    it.settled = true;
    this.counters.settled++;
    if (isResult(outcome)) {
      if (outcome.status >= 400) this.counters.failed++;
      it.resolve(outcome);
    } else {
      this.counters.failed++;
      it.reject(outcome);
    }
  }

  private notifyIdle(): void {
    if (!this.isIdle()) return;
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.timerAt = Infinity;
    }
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}

/** A connect error that shows the request never left (refused, no such host): safe to send again. */
function neverSent(e: CloudsyncError): boolean {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' && /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH)$/.test(code);
}

function isResult(x: unknown): x is BatchResult {
  return typeof x === 'object' && x !== null && !(x instanceof Error) && typeof (x as BatchResult).status === 'number';
}

/** "/users/x" from "/v1.0/users/x", "users/x" or "https://graph…/v1.0/users/x". Beta cannot go in a v1.0 batch. */
export function stepUrl(url: string): string {
  let u = url.trim();
  if (/^https?:\/\//i.test(u)) {
    const parsed = new URL(u);
    u = parsed.pathname + parsed.search;
  }
  if (!u.startsWith('/')) u = `/${u}`;
  if (/^\/beta(\/|$)/i.test(u)) throw new CloudsyncError('usage', `"${url}" is a beta request: $batch here runs on v1.0, send it with request() instead`);
  u = u.replace(/^\/v1\.0(?=\/|$)/i, '');
  return u === '' ? '/' : u;
}
