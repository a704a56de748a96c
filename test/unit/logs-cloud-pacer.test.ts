import { describe, expect, it } from 'vitest';
import { ReportsPacer } from '../../src/logs/cloud/pacer.js';
import { fetchProvisioningLogs } from '../../src/logs/cloud/fetch.js';
import { fakeGraph, record } from './logs-cloud-fakes.js';

function fakeClock() {
  let t = 0;
  return { now: () => t, sleep: async (ms: number) => void (t += ms), get t() { return t; } };
}

describe('reports pacer', () => {
  it('never lets more than 5 requests into any 10 s span, and sends the first 5 at once', async () => {
    const c = fakeClock();
    const pacer = new ReportsPacer({ now: c.now, sleep: c.sleep, marginMs: 0 });
    const times: number[] = [];
    for (let i = 0; i < 23; i++) {
      await pacer.acquire();
      times.push(c.t);
    }
    expect(times.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    for (let i = 5; i < times.length; i++) expect(times[i]! - times[i - 5]!).toBeGreaterThanOrEqual(10_000);
    // and no slower than needed: 23 requests fit in 4 full windows
    expect(times[22]).toBe(40_000);
  });

  it('after a 429 sends nothing before Retry-After has passed', async () => {
    const c = fakeClock();
    const pacer = new ReportsPacer({ now: c.now, sleep: c.sleep, marginMs: 0 });
    await pacer.acquire();
    pacer.closeFor(7_000);
    await pacer.acquire();
    expect(c.t).toBe(7_000);
    pacer.closeFor(undefined); // no Retry-After: the whole window
    await pacer.acquire();
    expect(c.t).toBe(17_000);
  });
});

describe('fetchProvisioningLogs', () => {
  it('follows every page at the largest $top, and asks a throttled page again only after waiting', async () => {
    const records = Array.from({ length: 25 }, (_, n) => record({ n }));
    const g = fakeGraph({ users: [], groups: [], deleted: [], records, pageSize: 10, throttleFirst: 2 });
    const c = fakeClock();
    const pacer = new ReportsPacer({ now: c.now, sleep: c.sleep, marginMs: 0 });
    const got: string[] = [];
    const stats = { requests: 0, throttled: 0, records: 0 };
    for await (const page of fetchProvisioningLogs(g, { status: 'success' }, { pacer }, stats)) got.push(...page.map((r) => r.id));
    expect(got).toEqual(records.map((r) => r.id));
    expect(stats).toEqual({ requests: 5, throttled: 2, records: 25 });
    expect(g.calls[0]).toContain('$top=1000');
    expect(decodeURIComponent(g.calls[0]!)).toContain("provisioningStatusInfo/status eq 'success'");
    // two 429s without Retry-After: each waits a full window
    expect(c.t).toBeGreaterThanOrEqual(20_000);
  });

  it('gives up with a clear error when Graph keeps throttling', async () => {
    const g = fakeGraph({ users: [], groups: [], deleted: [], records: [record({ n: 1 })], throttleFirst: 100 });
    const c = fakeClock();
    const pacer = new ReportsPacer({ now: c.now, sleep: c.sleep });
    const it = fetchProvisioningLogs(g, {}, { pacer, maxThrottled: 3 });
    await expect(it.next()).rejects.toThrow(/kept refusing.*429/);
    expect(g.logRequests).toBe(4);
  });
});
