/**
 * kill -9 at any point of an apply, then a new run: the tenant ends exactly as after a clean run —
 * no duplicate users or groups, no lost memberships or managers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { BatchRequest, BatchResult } from '../../src/directory/entra/batch.js';
import { readJournal, type CloudWriter } from '../../src/sync/index.js';
import { adGroup, adUser, ArraySource, FakeGraph, GROUPS, Harness, STAFF, type FakeGroup } from './sync-fakes.js';

const harnesses: Harness[] = [];
afterEach(() => {
  for (const h of harnesses.splice(0)) h.cleanup();
});

function directory() {
  const dn = (cn: string) => `CN=${cn},${STAFF}`;
  return [
    adUser(1, 'Adele Vance', { manager: dn('Alex Wilber'), department: 'Retail' }),
    adUser(2, 'Alex Wilber', { title: 'Director' }),
    adUser(3, 'Megan Bowen', { manager: dn('Alex Wilber') }),
    adUser(4, 'Lee Gu', { userAccountControl: '514' }),
    adGroup(10, 'Retail Team', [dn('Adele Vance'), dn('Alex Wilber')]),
    adGroup(11, 'All Staff', [dn('Megan Bowen'), dn('Lee Gu'), `CN=Retail Team,${GROUPS}`]),
  ];
}

function fresh(): Harness {
  const h = new Harness(new ArraySource(directory()), new FakeGraph());
  // A cloud user that the sync adopts (soft match), so adopts are crashed too.
  h.graph.addUser({ userPrincipalName: 'lee.gu@contoso.com', displayName: 'Lee', mailNickname: 'lee' });
  harnesses.push(h);
  return h;
}

/**
 * Passes the first `after` requests through; at the next one the process "dies": the request
 * reaches Graph (or not) but no answer ever comes back, and nothing after it is sent.
 */
class DyingWriter implements CloudWriter {
  private sent = 0;
  died!: Promise<void>;
  private die!: () => void;

  constructor(
    private readonly graph: FakeGraph,
    private readonly after: number,
    private readonly reachedGraph: boolean,
  ) {
    this.died = new Promise((resolve) => (this.die = resolve));
  }

  submit(r: BatchRequest): Promise<BatchResult> {
    const n = this.sent++;
    if (n < this.after) return this.graph.submit(r);
    if (n === this.after) {
      if (this.reachedGraph) void this.graph.submit(r);
      this.die();
    }
    return new Promise(() => {});
  }
}

describe('crash safety', () => {
  it('converges to the clean run after a kill at every request of an apply', async () => {
    const clean = fresh();
    const first = await clean.sync();
    expect(first.result.outcome).toBe('success');
    const expected = clean.graph.dump();
    const total = clean.graph.requests.length;
    expect(total).toBe(first.plan.operations.length - 0);
    expect(first.plan.counts).toMatchObject({ create: 5, adopt: 1, 'set-manager': 2, 'add-member': 5 });

    for (const reachedGraph of [true, false]) {
      for (let k = 0; k < total; k++) {
        const h = fresh();
        const writer = new DyingWriter(h.graph, k, reachedGraph);
        void h.sync({}, writer);
        await writer.died;
        await new Promise((r) => setImmediate(r));
        const crashed = readJournal(h.workspace().journalPath(h.workspace().runs()[0]!));
        expect(crashed.some((e) => e.type === 'run-end')).toBe(false);
        const intents = crashed.filter((e) => e.type === 'intent').length;
        const results = crashed.filter((e) => e.type === 'result').length;
        expect(intents).toBeGreaterThan(results);

        // A new process: the state folds in the dead run's journal, the plan reads the tenant again.
        const again = await h.sync();
        expect(again.result.outcome, `re-run after a kill at request ${k} (${reachedGraph ? 'sent' : 'not sent'})`).toBe('success');
        expect(h.graph.dump(), `tenant after a kill at request ${k} (${reachedGraph ? 'sent' : 'not sent'})`).toEqual(expected);
        expect((await h.plan()).operations).toEqual([]);
      }
    }
  });

  it('manages what a killed run created even if it leaves the scope before the next run', async () => {
    const h = fresh();
    // Die right after the first create reached Graph (Adele), before its answer was journaled.
    const writer = new DyingWriter(h.graph, 0, true);
    void h.sync({}, writer);
    await writer.died;
    await new Promise((r) => setImmediate(r));
    const adele = h.graph.userByUpn('adele.vance@contoso.com');
    expect(adele).toBeDefined();
    h.ad.remove(`CN=Adele Vance,${STAFF}`);
    const p = await h.plan();
    expect(p.operations.filter((o) => o.action === 'delete').map((o) => o.cloudId)).toEqual([adele!.id]);
  });

  /**
   * A run killed at its first group create, after the request reached Graph (its answer lost);
   * then that group is removed from AD. Returns the group the killed run made.
   */
  async function killAtGroupCreateThenRemoveIt(h: Harness): Promise<FakeGroup> {
    let die!: () => void;
    const died = new Promise<void>((r) => (die = r));
    let dead = false;
    const writer: CloudWriter = {
      submit: (r) => {
        if (dead) return new Promise(() => {});
        if (r.method === 'POST' && r.url === '/groups') {
          dead = true;
          void h.graph.submit(r);
          die();
          return new Promise(() => {});
        }
        return h.graph.submit(r);
      },
    };
    void h.sync({}, writer);
    await died;
    await new Promise((r) => setImmediate(r));
    expect(h.graph.groups.size).toBe(1);
    const made = [...h.graph.groups.values()][0]!;
    const name = String(made.props.displayName);
    h.ad.remove(`CN=${name},${GROUPS}`);
    if (name === 'Retail Team') h.ad.replace(adGroup(11, 'All Staff', [`CN=Megan Bowen,${STAFF}`, `CN=Lee Gu,${STAFF}`]));
    return made;
  }

  it('recovers and deletes a group a killed run created when it left the source first', async () => {
    const h = fresh();
    const orphan = await killAtGroupCreateThenRemoveIt(h);
    const again = await h.sync();
    expect(again.plan.bindings).toContainEqual(expect.objectContaining({ kind: 'group', cloudId: orphan.id }));
    expect(again.plan.operations.filter((o) => o.action === 'delete').map((o) => o.cloudId)).toEqual([orphan.id]);
    expect(again.result.outcome).toBe('success');
    expect(h.graph.groups.has(orphan.id)).toBe(false);
    expect([...h.graph.groups.values()].filter((g) => g.props.displayName === orphan.props.displayName)).toEqual([]);
    expect((await h.plan()).operations).toEqual([]);
  });

  it('keeps a pending group create that cannot be found for a while, then forgets it', async () => {
    const h = fresh();
    const made = await killAtGroupCreateThenRemoveIt(h);
    // The create never took effect after all (Graph refused it or it was rolled back).
    h.graph.groups.delete(made.id);
    const soon = await h.plan();
    expect(soon.unbind).toEqual([]);
    const later = await h.plan({ now: () => new Date(Date.now() + 2 * 3_600_000) });
    expect(later.unbind).toHaveLength(1);
  });
});
