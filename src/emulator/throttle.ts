/**
 * Graph's identity and access throttling, as token buckets (learn.microsoft.com/graph/throttling-limits):
 *   - per app + tenant, resource units per 10 s: 3,500 (tenant under 50 users), 5,000 (50–500), 8,000 (over 500);
 *   - per app + tenant, writes: 3,000 per 150 s;
 *   - per tenant (all apps), writes: 18,000 per 5 minutes.
 * A request is admitted only if every bucket it draws from has room; a refused request takes
 * nothing. `scale` multiplies the refill rates (each window is divided by `scale`; bucket sizes
 * stay as documented): scale 10 lets ten times the documented traffic through and makes
 * Retry-After ten times shorter.
 */
export interface ThrottleLimits {
  resourceUnitsSmall: number;
  resourceUnitsMedium: number;
  resourceUnitsLarge: number;
  resourceUnitWindowSeconds: number;
  appWrites: number;
  appWriteWindowSeconds: number;
  tenantWrites: number;
  tenantWriteWindowSeconds: number;
}

export const DOCUMENTED_LIMITS: Readonly<ThrottleLimits> = {
  resourceUnitsSmall: 3500,
  resourceUnitsMedium: 5000,
  resourceUnitsLarge: 8000,
  resourceUnitWindowSeconds: 10,
  appWrites: 3000,
  appWriteWindowSeconds: 150,
  tenantWrites: 18000,
  tenantWriteWindowSeconds: 300,
};

export interface ThrottleOptions {
  /** Default true. */
  enabled?: boolean;
  /** Default 1 (the documented limits). */
  scale?: number;
  /** Overrides of the documented bucket sizes and windows (windows are still divided by scale). */
  limits?: Partial<ThrottleLimits>;
}

export class Bucket {
  private tokens: number;
  private last: number;

  constructor(
    public capacity: number,
    private readonly windowMs: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.last = now;
  }

  private get ratePerMs(): number {
    return this.capacity / this.windowMs;
  }

  /**
   * Milliseconds until `cost` fits (0 = now). Requests are counted at their arrival but checked in
   * the order they get here: a time before the last one seen refills nothing and keeps the clock.
   */
  waitMs(cost: number, now: number): number {
    if (now > this.last) {
      this.tokens = Math.min(this.capacity, this.tokens + (now - this.last) * this.ratePerMs);
      this.last = now;
    }
    return this.tokens >= cost ? 0 : (cost - this.tokens) / this.ratePerMs;
  }

  take(cost: number): void {
    this.tokens -= cost;
  }
}

export type ThrottleDecision =
  | { ok: true }
  | { ok: false; retryAfterSeconds: number; scope: string; information: 'ResourceUnitLimitExceeded' | 'WriteLimitExceeded' };

export interface RequestCost {
  resourceUnits: number;
  writes: number;
}

export class Throttler {
  readonly enabled: boolean;
  private readonly limits: ThrottleLimits;
  private readonly scale: number;
  private readonly appRu = new Map<string, Bucket>();
  private readonly appWrites = new Map<string, Bucket>();
  private tenantWrites: Bucket | undefined;

  constructor(opts: ThrottleOptions = {}) {
    this.enabled = opts.enabled !== false;
    this.scale = opts.scale !== undefined && opts.scale > 0 ? opts.scale : 1;
    this.limits = { ...DOCUMENTED_LIMITS, ...opts.limits };
  }

  private window(seconds: number): number {
    return (seconds * 1000) / this.scale;
  }

  private ruCapacity(userCount: number): number {
    const l = this.limits;
    return userCount < 50 ? l.resourceUnitsSmall : userCount <= 500 ? l.resourceUnitsMedium : l.resourceUnitsLarge;
  }

  check(appId: string, tenantId: string, userCount: number, cost: RequestCost, now = Date.now()): ThrottleDecision {
    if (!this.enabled) return { ok: true };
    const l = this.limits;
    let ru = this.appRu.get(appId);
    if (!ru) this.appRu.set(appId, (ru = new Bucket(this.ruCapacity(userCount), this.window(l.resourceUnitWindowSeconds), now)));
    ru.capacity = this.ruCapacity(userCount);
    const checks: Array<{ bucket: Bucket; cost: number; scope: string; information: 'ResourceUnitLimitExceeded' | 'WriteLimitExceeded' }> = [
      { bucket: ru, cost: cost.resourceUnits, scope: `Tenant_Application/ReadWrite/${appId}/${tenantId}`, information: 'ResourceUnitLimitExceeded' },
    ];
    if (cost.writes > 0) {
      let w = this.appWrites.get(appId);
      if (!w) this.appWrites.set(appId, (w = new Bucket(l.appWrites, this.window(l.appWriteWindowSeconds), now)));
      this.tenantWrites ??= new Bucket(l.tenantWrites, this.window(l.tenantWriteWindowSeconds), now);
      checks.push(
        { bucket: w, cost: cost.writes, scope: `Tenant_Application/Write/${appId}/${tenantId}`, information: 'WriteLimitExceeded' },
        { bucket: this.tenantWrites, cost: cost.writes, scope: `Tenant/Write/${appId}/${tenantId}`, information: 'WriteLimitExceeded' },
      );
    }
    let worst: (typeof checks)[number] | undefined;
    let worstWait = 0;
    for (const c of checks) {
      const wait = c.bucket.waitMs(c.cost, now);
      if (wait > worstWait) {
        worstWait = wait;
        worst = c;
      }
    }
    if (worst) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(worstWait / 1000)), scope: worst.scope, information: worst.information };
    for (const c of checks) c.bucket.take(c.cost);
    return { ok: true };
  }
}
