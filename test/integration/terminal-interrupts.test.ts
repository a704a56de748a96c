/**
 * Ctrl-C in a real terminal (issue 12 item 1): bin/cloudsync.js in a tmux pane against the emulator,
 * slowed with its latency so there is something in flight when the key is pressed. The terminal
 * keeps its signals while a spinner runs (stty shows isig, not -isig), the first Ctrl-C of an
 * apply drops the queue and finishes what is in flight (journaled), a second stops at once; a read
 * stops at once; Ctrl-C at the confirmation prompt exits 130.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { REPO } from './cli.js';
import { usePanes, type Pane } from './terminal-pty.js';

const panes = usePanes('cloudsync-term-int-');
let dir: string;
let ldif: string;

beforeAll(() => {
  dir = panes.dir();
  ldif = join(dir, 'users.ldif');
  writeFileSync(ldif, execFileSync(process.execPath, [join(REPO, 'scripts/gen-ldif.mjs'), '3000'], { maxBuffer: 64 << 20 }));
});

function pane(args: readonly string[], env: Record<string, string>, stdoutFile?: string): Pane {
  return panes.open(args, { columns: 120, rows: 30, env, ...(stdoutFile ? { stdoutFile } : {}) });
}

/** Every intent in a journal has its result (nothing sent is left unrecorded). */
function journalSettled(screen: string): { intents: number; results: number; skipped: number; end: { outcome: string; exitCode: number } } {
  const path = /^journal: (\S+)$/m.exec(screen)![1]!;
  const events = readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; status?: string; outcome: string; exitCode: number });
  return {
    intents: events.filter((e) => e.type === 'intent').length,
    results: events.filter((e) => e.type === 'result').length,
    skipped: events.filter((e) => e.status === 'skipped').length,
    end: events.find((e) => e.type === 'run-end')!,
  };
}

describe('Ctrl-C during sync --apply', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator({ domains: ['contoso.com'], faults: { latencyMs: 400 } });
  });
  afterAll(() => emu.close());

  it('keeps the terminal cooked; the first Ctrl-C drops the queue, finishes what is in flight, exits 130', async () => {
    const env = { ...emu.env, XDG_STATE_HOME: join(dir, 'state-1') };
    const p = pane(['sync', '--from', ldif, '--all', '--apply', '-o', 'json'], env, join(dir, 'out-1.json'));
    await p.waitFor(/Applying phase 1\/5: [1-9]/, 40_000);
    // Before the fix: "-isig" (ora's raw mode), and Ctrl-C did nothing.
    expect(p.stty()).toMatch(/(^|\s)isig(\s|$)/m);
    const pressed = Date.now();
    p.keys('C-c');
    await p.waitFor(/interrupted: \d+ request\(s\) in flight, \d+ queued not sent; Ctrl-C again to stop now/);
    expect(await p.exit()).toBe(130);
    expect(Date.now() - pressed).toBeLessThan(3000);
    const j = journalSettled(p.screen());
    expect(j.results).toBe(j.intents);
    expect(j.skipped).toBeGreaterThan(0);
    expect(j.end).toMatchObject({ outcome: 'interrupted', exitCode: 130 });
    const out = JSON.parse(readFileSync(join(dir, 'out-1.json'), 'utf8')) as { result: { outcome: string; counts: { notRun: number } } };
    expect(out.result.outcome).toBe('interrupted');
    expect(out.result.counts.notRun).toBeGreaterThan(0);
  });

  it('a second Ctrl-C stops at once', async () => {
    const slow = await startTestEmulator({ domains: ['contoso.com'], faults: { latencyMs: 3000 } });
    try {
      const p = pane(['sync', '--from', ldif, '--all', '--apply', '-o', 'json'], { ...slow.env, XDG_STATE_HOME: join(dir, 'state-2') }, join(dir, 'out-2.json'));
      await p.waitFor(/Applying phase 1\/5/, 60_000);
      await new Promise((r) => setTimeout(r, 300));
      p.keys('C-c');
      await p.waitFor(/Ctrl-C again to stop now/);
      const pressed = Date.now();
      p.keys('C-c');
      expect(await p.exit()).toBe(130);
      // The requests in flight take 3 s to answer: the process did not wait for them.
      expect(Date.now() - pressed).toBeLessThan(2000);
    } finally {
      await slow.close();
    }
  });

  it('Ctrl-C at the confirmation prompt exits 130 and applies nothing', async () => {
    const env = { ...emu.env, XDG_STATE_HOME: join(dir, 'state-3') };
    const p = pane(['sync', '--from', 'examples/contoso.ldif', '--all'], env);
    await p.waitFor(/Apply \d+ change\(s\) to tenant .*\? \[y\/N\]/, 60_000);
    p.keys('C-c');
    expect(await p.exit()).toBe(130);
    expect(p.screen()).toMatch(/interrupted: nothing was applied/);
  });
});

describe('Ctrl-C during a read', () => {
  it('validate stops within two seconds with exit 130, the cursor shown again', async () => {
    const big = join(dir, 'big.ldif');
    writeFileSync(big, execFileSync(process.execPath, [join(REPO, 'scripts/gen-ldif.mjs'), '60000'], { maxBuffer: 256 << 20 }));
    const p = pane(['validate', '--from', big, '-o', 'json'], {}, join(dir, 'validate.json'));
    await p.waitFor(/Validating .*objects read/, 60_000);
    expect(p.stty()).toMatch(/(^|\s)isig(\s|$)/m);
    const pressed = Date.now();
    p.keys('C-c');
    expect(await p.exit()).toBe(130);
    expect(Date.now() - pressed).toBeLessThan(2000);
    // The spinner's line is cleared: nothing of it is left on the screen.
    expect(p.screen()).not.toMatch(/Validating/);
  });
});
