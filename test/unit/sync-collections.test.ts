import { afterEach, describe, expect, it } from 'vitest';
import { compileSyncMapping } from '../../src/sync/index.js';
import { adUser, ArraySource, FakeGraph, Harness, STAFF, withAttr } from './sync-fakes.js';

const harnesses: Harness[] = [];
afterEach(() => {
  for (const h of harnesses.splice(0)) h.cleanup();
});

describe('collection-valued properties', () => {
  // Graph's v1.0 metadata (microsoftgraph/msgraph-metadata, v1.0 CSDL):
  //   <Property Name="businessPhones" Type="Collection(Edm.String)" Nullable="false"/>
  // and the user resource page (microsoft-graph-docs-contrib, api-reference/v1.0/resources/user.md):
  //   "businessPhones | String collection | … only one number can be set for this property".
  // otherMails is Collection(Edm.String), Nullable="false" too. A PATCH with null for either is
  // answered 400 "Invalid value specified for property 'businessPhones' of resource 'User'."; []
  // clears it.
  it('clears a removed phone with [] and converges (the next plan is empty)', async () => {
    const h = new Harness(new ArraySource([adUser(1, 'Adele Vance', { telephoneNumber: '+1 555 0101' })]), new FakeGraph());
    harnesses.push(h);
    await h.sync();
    expect(h.graph.userByUpn('adele.vance@contoso.com')!.props.businessPhones).toEqual(['+1 555 0101']);

    h.ad.replace(withAttr(h.ad.objects[0]!, 'telephoneNumber', []));
    const second = await h.sync();
    expect(second.plan.operations.map((o) => [o.action, o.changes])).toEqual([['update', [{ attribute: 'businessPhones', old: ['+1 555 0101'], new: [] }]]]);
    expect(second.result.outcome).toBe('success');
    expect(h.graph.requests.at(-1)).toMatchObject({ method: 'PATCH', body: { businessPhones: [] } });
    expect(h.graph.userByUpn('adele.vance@contoso.com')!.props.businessPhones).toEqual([]);
    expect((await h.plan()).operations).toEqual([]);
  });

  it('treats an override of another Graph collection (otherMails) the same way', async () => {
    const h = new Harness(new ArraySource([adUser(1, 'Adele Vance', { otherMailbox: 'adele@example.org' })]), new FakeGraph());
    harnesses.push(h);
    (h as { mapping: unknown }).mapping = compileSyncMapping({ user: { otherMails: 'Trim([otherMailbox])' } });
    await h.sync();
    expect(h.graph.userByUpn('adele.vance@contoso.com')!.props.otherMails).toEqual(['adele@example.org']);
    h.ad.replace(withAttr(h.ad.objects[0]!, 'otherMailbox', []));
    const second = await h.sync();
    expect(second.result.outcome).toBe('success');
    expect((await h.plan()).operations).toEqual([]);
  });

  it('never sends a collection on a create when the source has no value', async () => {
    const h = new Harness(new ArraySource([adUser(2, 'Alex Wilber')]), new FakeGraph(), { ous: [STAFF] });
    harnesses.push(h);
    const first = await h.sync();
    expect(first.result.outcome).toBe('success');
    expect((first.plan.operations[0] as { properties?: Record<string, unknown> }).properties).not.toHaveProperty('businessPhones');
  });
});
