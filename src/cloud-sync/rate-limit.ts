/**
 * provisionOnDemand allows 5 requests per 10 s: waiting here is cheaper than being answered 429
 * and retrying. The pacing itself is the shared sliding window (src/directory/entra/pacer.ts).
 */
import { Pacer } from '../directory/entra/pacer.js';

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

/** At most `max` calls per `windowMs`, granted in the order they asked. */
export class RateLimiter extends Pacer {
  constructor(max: number, windowMs: number, clock: Clock = realClock) {
    super({ limit: max, windowMs, marginMs: 0, now: () => clock.now(), sleep: (ms) => clock.sleep(ms) });
  }
}

/** Graph's documented limit for …/provisionOnDemand. */
export const provisionOnDemandLimiter = (clock?: Clock): RateLimiter => new RateLimiter(5, 10_000, clock);
