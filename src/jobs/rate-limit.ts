/**
 * A sliding-window limiter: at most `max` calls per `windowMs`. provisionOnDemand allows 5
 * requests per 10 s; waiting here is cheaper than being answered 429 and retrying.
 */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

export class RateLimiter {
  private readonly starts: number[] = [];
  private chain: Promise<void> = Promise.resolve();

  constructor(
    readonly max: number,
    readonly windowMs: number,
    private readonly clock: Clock = realClock,
  ) {}

  /** Resolves when a call may start; calls are granted in the order they asked. */
  acquire(): Promise<void> {
    const turn = this.chain.then(() => this.wait());
    this.chain = turn.catch(() => undefined);
    return turn;
  }

  private async wait(): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      while (this.starts.length > 0 && now - this.starts[0]! >= this.windowMs) this.starts.shift();
      if (this.starts.length < this.max) {
        this.starts.push(now);
        return;
      }
      await this.clock.sleep(this.windowMs - (now - this.starts[0]!) + 1);
    }
  }
}

/** Graph's documented limit for …/provisionOnDemand. */
export const provisionOnDemandLimiter = (clock?: Clock): RateLimiter => new RateLimiter(5, 10_000, clock);
