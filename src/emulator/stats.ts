/**
 * What the emulator saw, for tests and benchmarks: request counts, accepted writes (each with
 * its request ids), 429s sent, and whether clients honoured Retry-After. A request with the
 * client-request-id of a throttled one (or, without that header, the same method, URL and
 * body) is a retry of it; arriving before its Retry-After elapsed makes it an "early retry".
 */
export interface WriteRecord {
  requestId: string;
  clientRequestId: string;
  method: string;
  /** Path and query after the version, e.g. "/users/abc". */
  path: string;
  status: number;
  /** When the request arrived, in milliseconds since the epoch (not when its handler finished). */
  at: number;
  inBatch: boolean;
}

export interface EmulatorStats {
  requests: number;
  tokenRequests: number;
  graphRequests: number;
  batchRequests: number;
  batchSteps: number;
  writesAccepted: number;
  /** 429 answers sent (outer and inside $batch). */
  throttled: number;
  retriesAfterThrottle: number;
  earlyRetries: number;
  faults: { errors: number; dropped: number; delayed: number; answersLost: number };
  byStatus: Record<string, number>;
  /** Accepted (2xx) POST/PATCH/PUT/DELETE Graph requests, in order. */
  writes: WriteRecord[];
}

/** Clock jitter allowed before a retry counts as early. */
const EARLY_TOLERANCE_MS = 20;

export class StatsRecorder {
  private readonly s: EmulatorStats = {
    requests: 0,
    tokenRequests: 0,
    graphRequests: 0,
    batchRequests: 0,
    batchSteps: 0,
    writesAccepted: 0,
    throttled: 0,
    retriesAfterThrottle: 0,
    earlyRetries: 0,
    faults: { errors: 0, dropped: 0, delayed: 0, answersLost: 0 },
    byStatus: {},
    writes: [],
  };
  /** Fingerprint of throttled requests → when their retries are allowed (ascending). */
  private readonly waiting = new Map<string, number[]>();

  get counters(): EmulatorStats {
    return this.s;
  }

  /** A Graph request (outer or batch step) arrived. */
  noteGraphRequest(fingerprint: string, now = Date.now()): void {
    const list = this.waiting.get(fingerprint);
    if (list === undefined) return;
    const until = list.shift()!;
    if (list.length === 0) this.waiting.delete(fingerprint);
    if (now + EARLY_TOLERANCE_MS < until) this.s.earlyRetries++;
    else this.s.retriesAfterThrottle++;
  }

  noteThrottled(fingerprint: string, retryAfterSeconds: number, now = Date.now()): void {
    this.s.throttled++;
    const list = this.waiting.get(fingerprint) ?? [];
    list.push(now + retryAfterSeconds * 1000);
    list.sort((a, b) => a - b);
    this.waiting.set(fingerprint, list);
    if (this.waiting.size > 100_000) {
      for (const [k, l] of this.waiting) if (l[l.length - 1]! < now - 600_000) this.waiting.delete(k);
    }
  }

  noteStatus(status: number): void {
    this.s.byStatus[status] = (this.s.byStatus[status] ?? 0) + 1;
  }

  noteWrite(w: WriteRecord): void {
    this.s.writesAccepted++;
    this.s.writes.push(w);
  }

  snapshot(): EmulatorStats {
    return { ...this.s, faults: { ...this.s.faults }, byStatus: { ...this.s.byStatus }, writes: [...this.s.writes] };
  }
}
