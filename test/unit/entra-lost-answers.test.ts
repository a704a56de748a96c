import { describe, expect, it } from 'vitest';
import { BatchWriter, type BatchEnvelope, type BatchRequest, type BatchStep } from '../../src/directory/entra/batch.js';
import { GraphError } from '../../src/directory/entra/graph-error.js';
import { lostAnswerResolver } from '../../src/directory/entra/lost-answers.js';

/**
 * A `$batch` whose answer is lost: the steps are carried out (users and groups are made), then the
 * connection breaks. `cut` decides which calls lose their answer.
 */
function tenant(cut: (call: number) => GraphError | undefined) {
  const objects: Record<string, unknown>[] = [];
  const calls: BatchStep[][] = [];
  let seq = 0;
  const transport = async (steps: BatchStep[]): Promise<BatchEnvelope> => {
    calls.push(steps);
    const responses = steps.map((s) => {
      const o = { id: `id-${++seq}`, createdDateTime: new Date().toISOString(), kind: s.url.slice(1), ...(s.body as object) };
      objects.push(o);
      return { id: s.id, status: 201, body: o };
    });
    const e = cut(calls.length);
    if (e !== undefined) throw e;
    return { status: 200, headers: {}, body: { responses } };
  };
  const get = async (path: string): Promise<unknown> => {
    const m = /^\/(users|groups)\?\$filter=(.*)&\$select=[\w,]+$/.exec(path);
    if (m === null) throw new Error(`unexpected read ${path}`);
    const f = /^(\w+) eq '(.*)'$/.exec(decodeURIComponent(m[2]!))!;
    return { value: objects.filter((o) => o.kind === m[1] && o[f[1]!] === f[2]) };
  };
  return { transport, calls, objects, get };
}

const reset = () => new GraphError('connect', 'the connection broke in the middle of the answer', { status: 0, code: 'answer-cut' });
const user = (n: number): BatchRequest => ({ method: 'POST', url: '/users', body: { userPrincipalName: `u${n}@contoso.com`, onPremisesImmutableId: `anchor${n}`, displayName: `U${n}`, mailNickname: `u${n}` } });
const group = (n: number): BatchRequest => ({ method: 'POST', url: '/groups', body: { displayName: `G${n}`, mailNickname: `g${n}`, securityEnabled: true, mailEnabled: false } });

describe('writes whose answer is lost', () => {
  it('looks a lost create up before sending it again and adopts what it made: no duplicates', async () => {
    const t = tenant((call) => (call === 1 ? reset() : undefined));
    const w = new BatchWriter(t.transport, { baseBackoffMs: 1, maxBackoffMs: 2, resolveUnknown: lostAnswerResolver(t.get) });
    const results = await Promise.all([user(1), group(1), user(2)].map((r) => w.submit(r)));
    expect(t.calls).toHaveLength(1);
    expect(t.objects).toHaveLength(3);
    expect(results.map((r) => [r.status, (r.body as { id: string }).id, r.recovered])).toEqual([
      [201, 'id-1', 'created by the request whose answer was lost; found by onPremisesImmutableId'],
      [201, 'id-2', 'created by the request whose answer was lost; found by mailNickname and displayName'],
      [201, 'id-3', 'created by the request whose answer was lost; found by onPremisesImmutableId'],
    ]);
  });

  it('a group create that carries the ownership anchor is found by it, even with another group of its name made since', async () => {
    const anchorName = `extension_${'ab'.repeat(16)}_cloudsyncAnchor`;
    const t = tenant((call) => (call === 1 ? reset() : undefined));
    t.objects.push({ id: 'other', kind: 'groups', displayName: 'G1', mailNickname: 'g1', createdDateTime: new Date().toISOString() });
    const w = new BatchWriter(t.transport, { baseBackoffMs: 1, maxBackoffMs: 2, resolveUnknown: lostAnswerResolver(t.get) });
    const r = await w.submit({ method: 'POST', url: '/groups', body: { ...group(1).body as object, [anchorName]: 'R1VJRA==' } });
    expect(t.calls).toHaveLength(1);
    expect([r.status, (r.body as { id: string }).id, r.recovered]).toEqual([201, 'id-1', `created by the request whose answer was lost; found by ${anchorName}`]);
  });

  it('sends again what the lookup does not find, and what never left (connection refused) without a lookup', async () => {
    let lookups = 0;
    const refused = new GraphError('connect', 'cannot reach Microsoft Graph (ECONNREFUSED)', { status: 0, code: 'ECONNREFUSED' });
    const t = tenant((call) => (call === 1 ? refused : undefined));
    const w = new BatchWriter(t.transport, { baseBackoffMs: 1, maxBackoffMs: 2, resolveUnknown: async () => (lookups++, undefined) });
    await Promise.all([user(1), group(1)].map((r) => w.submit(r)));
    expect(lookups).toBe(0);
    expect(t.calls).toHaveLength(2);
  });

  it('does not adopt a group of the same name made before the request went out', async () => {
    const t = tenant(() => undefined);
    t.objects.push({ id: 'old', kind: 'groups', displayName: 'G1', mailNickname: 'g1', createdDateTime: '2020-01-01T00:00:00Z' });
    expect(await lostAnswerResolver(t.get)(group(1), Date.now())).toBeUndefined();
  });

  it('repeats reads without a lookup: a GET is safe to send again', async () => {
    let lookups = 0;
    const t = tenant((call) => (call === 1 ? reset() : undefined));
    const w = new BatchWriter(t.transport, { baseBackoffMs: 1, maxBackoffMs: 2, resolveUnknown: async () => (lookups++, undefined) });
    await w.submit({ method: 'GET', url: '/users/x' });
    expect(lookups).toBe(0);
    expect(t.calls).toHaveLength(2);
  });
});
