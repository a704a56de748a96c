/**
 * A per-app + tenant request limit counted apart from the directory's resource units: Graph's
 * reports APIs (provisioning logs among them) and provisionOnDemand each take 5 requests per
 * 10 s. The emulator's throttle scale divides the window, as for the other buckets.
 */
import { Bucket } from './throttle.js';

export interface AppWindowThrottleOptions {
  /** Default true. */
  enabled?: boolean;
  /** Default 1: the window is divided by it. */
  scale?: number;
  /** Default 5. */
  requests?: number;
  /** Default 10. */
  windowSeconds?: number;
}

export class AppWindowThrottle {
  readonly enabled: boolean;
  private readonly requests: number;
  private readonly windowMs: number;
  private readonly buckets = new Map<string, Bucket>();

  constructor(opts: AppWindowThrottleOptions = {}) {
    this.enabled = opts.enabled !== false;
    const scale = opts.scale !== undefined && opts.scale > 0 ? opts.scale : 1;
    this.requests = opts.requests ?? 5;
    this.windowMs = ((opts.windowSeconds ?? 10) * 1000) / scale;
  }

  /** 0 = admitted (and counted); otherwise the whole seconds to wait (at least 1). */
  check(appId: string, tenantId: string, now = Date.now()): number {
    if (!this.enabled) return 0;
    const key = `${appId}/${tenantId}`;
    let b = this.buckets.get(key);
    if (!b) this.buckets.set(key, (b = new Bucket(this.requests, this.windowMs, now)));
    const wait = b.waitMs(1, now);
    if (wait > 0) return Math.max(1, Math.ceil(wait / 1000));
    b.take(1);
    return 0;
  }
}
