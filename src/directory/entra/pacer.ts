/**
 * Client-side pacing for Graph's per-app request limits (the reports APIs' 5 requests per 10 s,
 * provisionOnDemand's 5 per 10 s). A token bucket whose tokens come back one window after they were taken (a
 * sliding window), so no 10 s span ever sees more than `limit` requests, whatever way the server
 * counts (fixed window, sliding window or refilling bucket). A 429's Retry-After closes the bucket
 * until that time: nothing is sent earlier.
 */
export interface PacerOptions {
  /** Requests per window. */
  limit: number;
  /** Window in ms. */
  windowMs: number;
  /** Added to every wait, for clock and network skew between here and the server (default 250 ms). */
  marginMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export class Pacer {
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly marginMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** Times the last `limit` tokens were taken, oldest first. */
  private readonly taken: number[] = [];
  private closedUntil = 0;
  /** Callers queue here so tokens go out in call order. */
  private chain: Promise<void> = Promise.resolve();
  /** Total ms spent waiting (for reports). */
  waitedMs = 0;

  constructor(o: PacerOptions) {
    this.limit = o.limit;
    this.windowMs = o.windowMs;
    this.marginMs = o.marginMs ?? 250;
    this.now = o.now ?? Date.now;
    this.sleep = o.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** Milliseconds until a token is free (0 = now). */
  waitMs(): number {
    const t = this.now();
    let until = this.closedUntil;
    if (this.taken.length >= this.limit) until = Math.max(until, this.taken[this.taken.length - this.limit]! + this.windowMs + this.marginMs);
    return Math.max(0, until - t);
  }

  /** Resolves when a request may be sent, and counts it. */
  acquire(): Promise<void> {
    const turn = this.chain.then(async () => {
      for (let w = this.waitMs(); w > 0; w = this.waitMs()) {
        this.waitedMs += w;
        await this.sleep(w);
      }
      this.taken.push(this.now());
      if (this.taken.length > this.limit) this.taken.splice(0, this.taken.length - this.limit);
    });
    this.chain = turn.catch(() => undefined);
    return turn;
  }

  /** The server said 429: send nothing before `ms` from now (Retry-After; the window when none was given). */
  closeFor(ms: number | undefined): void {
    const wait = ms ?? this.windowMs;
    this.closedUntil = Math.max(this.closedUntil, this.now() + wait + this.marginMs);
  }
}
