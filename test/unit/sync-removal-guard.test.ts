/**
 * The removals guard: removals in one run as a share of what cloudsync manages, per object type
 * and per group. Peers: GCDS limits member deletions per group, Okta pauses deprovisioning at 20%.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { RemovalShareError } from '../../src/sync/index.js';
import { adGroup, adUser, ArraySource, FakeGraph, Harness } from './sync-fakes.js';

const harnesses: Harness[] = [];
afterEach(() => {
  for (const h of harnesses.splice(0)) h.cleanup();
});

/** n users in Staff and one group of all of them, synchronised once. */
async function synced(n: number): Promise<Harness> {
  const users = Array.from({ length: n }, (_, i) => adUser(i + 1, `User ${String(i + 1).padStart(3, '0')}`));
  const h = new Harness(new ArraySource([...users, adGroup(1000, 'Everyone', users.map((u) => u.dn))]), new FakeGraph());
  harnesses.push(h);
  expect((await h.sync()).result.outcome).toBe('success');
  return h;
}

/** Takes the first k users out of the source (they leave the scope and the group). */
function removeUsers(h: Harness, k: number): void {
  const gone = new Set(h.ad.objects.slice(0, k).map((o) => o.dn));
  h.ad.objects = h.ad.objects.filter((o) => !gone.has(o.dn));
}

/** Takes the first k users out of the group only. */
function removeMembers(h: Harness, k: number): void {
  const users = h.ad.objects.filter((o) => o.dn.startsWith('CN=User'));
  h.ad.replace(adGroup(1000, 'Everyone', users.slice(k).map((u) => u.dn)));
}

describe('the removals guard', () => {
  it('blocks a run that would delete more than 20% of the managed users, though the source did not shrink by half', async () => {
    const h = await synced(60);
    removeUsers(h, 15);
    const p = await h.plan();
    expect(p.counts.delete).toBe(15);
    // Not the shrink guard (45 of 61 is far above half), not the delete threshold (15 < 500).
    expect(p.guards.map((g) => g.guard)).toEqual(['removal-share']);
    // Deleted users leave their groups with them: no member removes are planned for them.
    expect(p.guards[0]).toMatchObject({ blocking: true, removals: 15 });
    expect(p.guards[0]!.message).toBe(
      '15 of 60 managed users would be deleted (25%): more than 20% (and more than 10) in one run, so nothing was applied; check the source (a cut export, a changed scope or filter, a group that lost its members), or run again with --force-deletes (or raise sync.removalGuard.share)',
    );
    const requests = h.graph.requests.length;
    const err = await h.sync().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RemovalShareError);
    expect(err).toMatchObject({ kind: 'guard', guard: 'removal-share' });
    expect(h.graph.requests.length).toBe(requests);
    expect(h.graph.users.size).toBe(60);
  });

  it('blocks member removals over the share of one group, and --force-deletes passes it', async () => {
    const h = await synced(60);
    removeMembers(h, 13);
    const p = await h.plan();
    expect(p.counts['remove-member']).toBe(13);
    expect(p.guards).toEqual([expect.objectContaining({ guard: 'removal-share', blocking: true, removals: 13 })]);
    expect(p.guards[0]!.message).toMatch(/^13 of 60 members would be removed from the group Everyone \(22%\)/);

    const forced = await h.sync({ forceDeletes: true });
    expect(forced.plan.guards).toEqual([expect.objectContaining({ guard: 'removal-share', blocking: false, forced: true })]);
    expect(forced.result.outcome).toBe('success');
    expect(h.graph.groupByName('Everyone')!.members.size).toBe(47);
  });

  it('lets small runs and shares within the limit through, and follows the configured share', async () => {
    const h = await synced(60);
    removeUsers(h, 10);
    // 10 is not more than the minimum of 10.
    expect((await h.plan()).guards).toEqual([]);
    removeUsers(h, 5);
    expect((await h.plan({ removalGuard: { share: 0.3 } })).guards).toEqual([]);
    expect((await h.plan({ removalGuard: false })).guards).toEqual([]);
    expect((await h.plan({ removalGuard: { minimum: 20 } })).guards).toEqual([]);
    expect((await h.plan({ removalGuard: { share: 0.1, minimum: 0 } })).guards[0]).toMatchObject({ guard: 'removal-share', blocking: true });
  });

  it('is configured in the sync section of the configuration', () => {
    expect(configSchema.parse({ sync: { removalGuard: { share: 0.1, minimum: 5 } } }).sync?.removalGuard).toEqual({ share: 0.1, minimum: 5 });
    expect(configSchema.parse({ sync: { removalGuard: false } }).sync?.removalGuard).toBe(false);
    expect(() => configSchema.parse({ sync: { removalGuard: { share: 2 } } })).toThrow();
    expect(() => configSchema.parse({ sync: { removalGuard: { percent: 20 } } })).toThrow();
  });
});
