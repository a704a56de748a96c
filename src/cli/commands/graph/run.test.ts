import { describe, expect, it } from 'vitest';
import { makeContext } from '../../context.js';
import type { Io } from '../../io.js';
import { runGraph } from './run.js';

/** A write is shown and confirmed before signing in: these runs never reach a tenant. */
function fakeIo(o: { tty: boolean; answer?: boolean; stdin?: string }) {
  const out: string[] = [];
  const err: string[] = [];
  const asked: string[] = [];
  const io: Io = {
    out: (t) => void out.push(t),
    err: (t) => void err.push(t),
    stdoutIsTty: o.tty,
    stderrIsTty: o.tty,
    stdinIsTty: o.tty,
    env: { AZURE_TENANT_ID: 'contoso.com', CLOUDSYNC_GRAPH_ENDPOINT: 'https://graph.example.test' },
    cwd: '/',
    readStdin: async () => Buffer.from(o.stdin ?? ''),
    confirm: async (q) => (asked.push(q), o.answer === true),
  };
  return { io, out, err, asked };
}

describe('graph run', () => {
  it('a write declined at the terminal: the preview (body from stdin), the question, "not sent", exit 4', async () => {
    const f = fakeIo({ tty: true, answer: false, stdin: '{"displayName":"A"}' });
    const code = await runGraph(await makeContext(f.io, { color: false }), { body: '@-' }, 'post', '/users');
    expect(code).toBe(4);
    expect(f.asked).toEqual(['Send this POST to https://graph.example.test?']);
    expect(f.err.join('')).toBe('POST https://graph.example.test/v1.0/users\nContent-Type: application/json\n\n{\n  "displayName": "A"\n}\nnot sent\n');
    expect(f.out).toEqual([]);
  });

  it('a write without --yes and without a terminal is not asked about: one warning, exit 4', async () => {
    const f = fakeIo({ tty: false });
    expect(await runGraph(await makeContext(f.io, { color: false }), {}, 'DELETE', '/users/1')).toBe(4);
    expect(f.asked).toEqual([]);
    expect(f.err.join('')).toBe('DELETE https://graph.example.test/v1.0/users/1\nwarning: not sent: a write needs --yes (no terminal to confirm on)\n');
  });
});
