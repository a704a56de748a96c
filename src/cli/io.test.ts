import { describe, expect, it } from 'vitest';
import { completeIo, type Io } from './io.js';

const minimal = (tty: boolean): Io => ({ out: () => undefined, err: () => undefined, stdoutIsTty: tty, stderrIsTty: tty, stdinIsTty: tty, env: {}, cwd: '/' });

describe('completeIo', () => {
  it('fills in what a minimal Io leaves out', async () => {
    const io = completeIo(minimal(false));
    expect(io.columns).toBeUndefined();
    expect(completeIo(minimal(true)).columns).toBe(120);
    expect(await io.confirm('go?')).toBe(false);
    expect((await io.readStdin()).length).toBe(0);
    const i = io.interrupts();
    expect(i.signal.aborted).toBe(false);
    i.dispose();
  });

  it('keeps what a fake Io gives: its width (even none), stdin, answers and interrupts', async () => {
    const ac = new AbortController();
    const err: string[] = [];
    const io = completeIo({
      ...minimal(true),
      err: (t) => void err.push(t),
      columns: undefined,
      readStdin: async () => Buffer.from('{"a":1}'),
      confirm: async () => true,
      interrupts: () => ({ signal: ac.signal, dispose: () => undefined }),
    });
    expect(io.columns).toBeUndefined();
    expect((await io.readStdin()).toString()).toBe('{"a":1}');
    expect(await io.confirm('go?')).toBe(true);
    ac.abort('SIGINT');
    expect(io.interrupts().signal.aborted).toBe(true);
    io.errStream.write('spinning');
    expect(err).toEqual(['spinning']);
  });
});
