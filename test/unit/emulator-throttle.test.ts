import { describe, expect, it } from 'vitest';
import { Bucket, DOCUMENTED_LIMITS, Throttler } from '../../src/emulator/throttle.js';

const read = (ru: number) => ({ resourceUnits: ru, writes: 0 });
const write = { resourceUnits: 1, writes: 1 };

describe('emulator throttling', () => {
  it('uses the documented identity limits', () => {
    expect(DOCUMENTED_LIMITS).toEqual({
      resourceUnitsSmall: 3500,
      resourceUnitsMedium: 5000,
      resourceUnitsLarge: 8000,
      resourceUnitWindowSeconds: 10,
      appWrites: 3000,
      appWriteWindowSeconds: 150,
      tenantWrites: 18000,
      tenantWriteWindowSeconds: 300,
    });
  });

  it('a bucket refills continuously and says how long a cost must wait', () => {
    const b = new Bucket(10, 10_000, 0);
    b.take(10);
    expect(b.waitMs(1, 0)).toBe(1000);
    expect(b.waitMs(1, 1000)).toBe(0);
    expect(b.waitMs(5, 1000)).toBeCloseTo(4000);
  });

  it('sizes the app+tenant resource-unit bucket by tenant size (<50, 50–500, >500 users)', () => {
    for (const [users, capacity] of [[49, 3500], [50, 5000], [500, 5000], [501, 8000]] as const) {
      const t = new Throttler();
      expect(t.check('app', 'tid', users, read(capacity), 0).ok).toBe(true);
      expect(t.check('app', 'tid', users, read(1), 0).ok).toBe(false);
    }
  });

  it('refuses with an integer Retry-After from the bucket, takes nothing when it refuses', () => {
    const t = new Throttler({ limits: { resourceUnitsSmall: 4 } });
    expect(t.check('app', 'tid', 1, read(2), 0).ok).toBe(true);
    expect(t.check('app', 'tid', 1, read(2), 0).ok).toBe(true);
    const d = t.check('app', 'tid', 1, read(2), 0);
    expect(d).toEqual({ ok: false, retryAfterSeconds: 5, scope: 'Tenant_Application/ReadWrite/app/tid', information: 'ResourceUnitLimitExceeded' });
    // 4 RU per 10 s: 2 RU take 5 s; the refused request took nothing
    expect(t.check('app', 'tid', 1, read(2), 4_999).ok).toBe(false);
    expect(t.check('app', 'tid', 1, read(2), 5_000).ok).toBe(true);
    // other apps have their own buckets
    expect(t.check('other', 'tid', 1, read(4), 5_000).ok).toBe(true);
  });

  it('counts writes per app (3,000 / 150 s) and per tenant across apps (18,000 / 5 min)', () => {
    const t = new Throttler({ limits: { appWrites: 2, tenantWrites: 3, resourceUnitsSmall: 1000 } });
    expect(t.check('a', 't', 1, write, 0).ok).toBe(true);
    expect(t.check('a', 't', 1, write, 0).ok).toBe(true);
    const app = t.check('a', 't', 1, write, 0);
    expect(app).toMatchObject({ ok: false, information: 'WriteLimitExceeded', scope: 'Tenant_Application/Write/a/t', retryAfterSeconds: 75 });
    expect(t.check('b', 't', 1, write, 0).ok).toBe(true);
    expect(t.check('c', 't', 1, write, 0)).toMatchObject({ ok: false, scope: 'Tenant/Write/c/t' });
    // reads do not draw on write buckets
    expect(t.check('c', 't', 1, read(1), 0).ok).toBe(true);
  });

  it('scale divides every window: ten times the rate, a tenth of the wait', () => {
    const t = new Throttler({ scale: 10, limits: { appWrites: 3 } });
    for (let i = 0; i < 3; i++) expect(t.check('a', 't', 1, write, 0).ok).toBe(true);
    const d = t.check('a', 't', 1, write, 0);
    expect(d).toMatchObject({ ok: false, retryAfterSeconds: 5 }); // 150 s / 10 / 3 writes
    expect(t.check('a', 't', 1, write, 5_000).ok).toBe(true);
  });

  it('can be switched off', () => {
    const t = new Throttler({ enabled: false, limits: { resourceUnitsSmall: 1 } });
    for (let i = 0; i < 10; i++) expect(t.check('a', 't', 1, read(5), 0).ok).toBe(true);
  });
});
