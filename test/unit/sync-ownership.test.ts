/**
 * The planner with ownership recorded in Entra (src/sync/plan/ownership.ts; docs/state.md): objects
 * carrying this configuration's marker are managed without local state (groups hard-match by the
 * anchor extension), objects carrying another configuration's marker are never touched, creates
 * carry the anchor and the marker, and without the extensions the planner behaves as before.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mappedTargets, plan, readCloud, readSource, type Operation } from '../../src/sync/index.js';
import type { PlanOwnership } from '../../src/sync/plan/ownership.js';
import { emptyState } from '../../src/sync/store/state.js';
import { adGroup, adUser, anchorOf, ArraySource, FakeGraph, Harness, STAFF } from './sync-fakes.js';

const HEX = 'ab'.repeat(16);
const OURS: PlanOwnership = { names: { anchor: `extension_${HEX}_cloudsyncAnchor`, marker: `extension_${HEX}_cloudsyncManagedBy` }, marker: 'cloudsync:ours' };
const THEIRS = 'cloudsync:theirs';
const ADELE = `CN=Adele Vance,${STAFF}`;

const harnesses: Harness[] = [];
afterEach(() => {
  for (const h of harnesses.splice(0)) h.cleanup();
});

function setup(graph: FakeGraph, objects = [adUser(1, 'Adele Vance'), adGroup(10, 'Retail Team', [ADELE])]): Harness {
  const h = new Harness(new ArraySource(objects), graph);
  harnesses.push(h);
  return h;
}

/** Plans from an empty state with the cloud read as a run with the extensions reads it. */
async function planFresh(h: Harness, ownership: PlanOwnership | null = OURS) {
  const source = await readSource(h.ad, h.scope, h.mapping);
  const cloud = await readCloud(h.graph, { targets: mappedTargets(h.mapping), ...(ownership ? { ownership: ownership.names } : {}) });
  return plan(source, cloud, emptyState('contoso'), { tenant: 'contoso', ...(ownership ? { ownership } : {}) });
}

const actions = (ops: readonly Operation[]) => ops.map((o) => `${o.action} ${o.upn ?? o.displayName}`);
const mark = (anchor: string, marker: string) => ({ [OURS.names.anchor]: anchor, [OURS.names.marker]: marker });

describe('planning with ownership recorded in Entra', () => {
  it('creates carry the anchor and the marker', async () => {
    const p = await planFresh(setup(new FakeGraph()));
    const creates = p.operations.filter((o) => o.action === 'create');
    expect(creates.map((o) => [o.kind, 'properties' in o ? o.properties[OURS.names.anchor] : undefined, 'properties' in o ? o.properties[OURS.names.marker] : undefined])).toEqual([
      ['user', anchorOf(1), OURS.marker],
      ['group', anchorOf(10), OURS.marker],
    ]);
  });

  it('an empty state manages what carries this marker: the group hard-matches by anchor, a user gone from the source is deleted', async () => {
    const g = new FakeGraph();
    const adele = g.addUser({ userPrincipalName: 'adele.vance@contoso.com', displayName: 'Adele Vance', givenName: 'Adele', mailNickname: 'adele.vance', onPremisesImmutableId: anchorOf(1), ...mark(anchorOf(1), OURS.marker) });
    const megan = g.addUser({ userPrincipalName: 'megan@contoso.com', displayName: 'Megan Bowen', onPremisesImmutableId: anchorOf(3), ...mark(anchorOf(3), OURS.marker) });
    g.addGroup({ displayName: 'Retail Team (renamed in Entra)', mailNickname: 'RetailTeam', ...mark(anchorOf(10), OURS.marker) }, [adele.id]);
    const p = await planFresh(setup(g));
    expect(p.operations.filter((o) => o.action === 'create')).toEqual([]);
    expect(p.operations.filter((o) => o.action === 'delete').map((o) => o.cloudId)).toEqual([megan.id]);
    expect(actions(p.operations.filter((o) => o.kind === 'group'))).toEqual(['update Retail Team']);
  });

  it('never touches what carries another configuration\'s marker, even when the local state names it', async () => {
    const g = new FakeGraph();
    g.addUser({ userPrincipalName: 'adele.vance@contoso.com', displayName: 'Other Adele', onPremisesImmutableId: anchorOf(1), ...mark(anchorOf(1), THEIRS) });
    const megan = g.addUser({ userPrincipalName: 'megan@contoso.com', displayName: 'Megan Bowen', onPremisesImmutableId: anchorOf(3), ...mark(anchorOf(3), THEIRS) });
    const team = g.addGroup({ displayName: 'Old Team', mailNickname: 'OldTeam', ...mark(anchorOf(11), THEIRS) }, [megan.id]);
    const h = setup(g);
    const source = await readSource(h.ad, h.scope, h.mapping);
    const cloud = await readCloud(g, { targets: mappedTargets(h.mapping), ownership: OURS.names });
    const state = emptyState('contoso');
    state.managed.set(anchorOf(3), { kind: 'user', cloudId: megan.id });
    state.managed.set(anchorOf(11), { kind: 'group', cloudId: team.id });
    const p = plan(source, cloud, state, { tenant: 'contoso', ownership: OURS });
    expect(p.operations.filter((o) => o.cloudId === megan.id || o.cloudId === team.id)).toEqual([]);
    expect(p.operations.filter((o) => o.kind === 'user')).toEqual([]);
    expect(p.skipped.map((s) => [s.dn, s.rule])).toEqual([[ADELE, 'owned-by-another-configuration']]);
  });

  it('the upgrade path: what the local state manages is stamped by an update', async () => {
    const g = new FakeGraph();
    const h = setup(g);
    await h.sync();
    const source = await readSource(h.ad, h.scope, h.mapping);
    const cloud = await readCloud(g, { targets: mappedTargets(h.mapping), ownership: OURS.names });
    const p = plan(source, cloud, h.workspace().loadState(), { tenant: 'contoso', ownership: OURS });
    expect(p.operations.map((o) => [o.action, o.kind, 'changes' in o ? (o.changes ?? []).map((c) => c.attribute) : []])).toEqual([
      ['update', 'user', [OURS.names.anchor, OURS.names.marker]],
      ['update', 'group', [OURS.names.anchor, OURS.names.marker]],
    ]);
  });

  it('without the extensions, marked objects are not managed: an empty state plans as before', async () => {
    const g = new FakeGraph();
    g.addUser({ userPrincipalName: 'megan@contoso.com', displayName: 'Megan Bowen', onPremisesImmutableId: anchorOf(3), ...mark(anchorOf(3), OURS.marker) });
    g.addGroup({ displayName: 'Retail Team', mailNickname: 'RetailTeam', ...mark(anchorOf(10), OURS.marker) });
    const p = await planFresh(setup(g), null);
    expect(actions(p.operations.filter((o) => o.action !== 'add-member'))).toEqual(['create adele.vance@contoso.com', 'create Retail Team']);
  });
});
