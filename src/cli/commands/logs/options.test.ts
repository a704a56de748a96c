import { describe, expect, it } from 'vitest';
import type { Context } from '../../context.js';
import { limitOf, logsCloudOptions } from './cloud/options.js';
import { logsListOptions } from './list/options.js';
import { logsShowOptions } from './show/options.js';

const ctx = { config: {}, io: { env: {}, cwd: '/' } } as unknown as Context;

describe('logs options', () => {
  it('list: --limit defaults to 50, 0 lists all, anything else is one usage line', async () => {
    expect((await logsListOptions({})).limit).toBe(50);
    expect((await logsListOptions({ limit: '0', failed: true })).limit).toBe(0);
    await expect(logsListOptions({ limit: '-3' })).rejects.toThrow("--limit must be a whole number of runs, 0 for all (got '-3')");
    await expect(logsListOptions({ since: 'later' })).rejects.toThrow(/^--since "later" is neither a duration/);
  });

  it('show: the run defaults to the last one; filters are checked before any journal is read', async () => {
    const o = await logsShowOptions({ user: ' Ann ', action: ['create,update'] }, undefined);
    expect(o.ref).toBe('last');
    expect(o.filter.user).toBe('ann');
    await expect(logsShowOptions({ attribute: ' ' }, 'r1')).rejects.toThrow('--attribute needs an attribute name, e.g. --attribute department');
  });

  it('cloud: server and client queries, 24h by default, --limit 0 is all', async () => {
    const o = await logsCloudOptions(ctx, { status: 'failed', action: 'staged-delete', user: 'ann', limit: '0' });
    expect(o.server.status).toBe('failure');
    expect(o.server.action).toBe('stagedDelete');
    expect(o.client).toEqual({ user: 'ann' });
    expect(o.limit).toBeUndefined();
    expect(Date.now() - o.server.since!.getTime()).toBeGreaterThanOrEqual(24 * 3_600_000 - 1000);
    expect(o.adConfigured).toBe(false);
    expect(limitOf('25')).toBe(25);
    await expect(logsCloudOptions(ctx, { status: 'meh' })).rejects.toThrow(/^--status expects/);
    await expect(logsCloudOptions(ctx, { limit: 'x' })).rejects.toThrow("--limit must be a whole number of records, 0 for all (got 'x')");
  });
});
