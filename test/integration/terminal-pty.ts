/**
 * The CLI in a real terminal: bin/cloudsync.js in a tmux pane (a pseudo-terminal of a given size,
 * its own tmux server per pane), for the terminal-*.test.ts files. Keys go in with send-keys (C-c
 * makes the terminal driver send SIGINT, as a person's Ctrl-C does); the screen comes out with
 * capture-pane; `stty` reads the pane's terminal modes while the command runs.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach } from 'vitest';
import { BIN, REPO } from './cli.js';

export interface Pane {
  /** What the screen shows, scroll-back included; wrapped lines joined (-J) unless `wrapped`; `escapes` keeps colours. */
  screen(o?: { escapes?: boolean; wrapped?: boolean; recent?: boolean }): string;
  keys(...keys: string[]): void;
  /** `stty -a` of the pane's terminal. */
  stty(): string;
  /** Resolves once `pattern` shows on the screen (rejects after `ms`). */
  waitFor(pattern: RegExp, ms?: number): Promise<string>;
  /** The command's exit code, once it ended (the pane prints `EXIT=<code>`). */
  exit(ms?: number): Promise<number>;
  /** The command's pid while it runs. */
  pid(): number | undefined;
  close(): void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `cloudsync <args>` in a new pane of `columns`×`rows`, with `env` only (plus PATH, HOME), stdout to `stdoutFile` if given. */
export function openPane(args: readonly string[], o: { columns: number; rows?: number; env?: Record<string, string>; stdoutFile?: string }): Pane {
  const dir = mkdtempSync(join(tmpdir(), 'cloudsync-pty-'));
  const socket = join(dir, 'tmux.sock');
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', TERM: 'xterm-256color', LANG: 'C.UTF-8', ...o.env };
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const script = join(dir, 'run.sh');
  writeFileSync(
    script,
    [
      `cd ${q(REPO)}`,
      `echo $$ > ${q(join(dir, 'pid'))}`,
      // Only `env`: the tmux server carries the test runner's environment (CI=true turns spinners off).
      `exec env -i ${Object.entries(env).map(([k, v]) => `${k}=${q(v)}`).join(' ')} ${q(process.execPath)} ${q(BIN)} ${args.map(q).join(' ')}${o.stdoutFile ? ` > ${q(o.stdoutFile)}` : ''}`,
    ].join('\n'),
  );
  const tmux = (...a: string[]) => execFileSync('tmux', ['-S', socket, ...a], { encoding: 'utf8' });
  // The shell wrapper prints the exit code and keeps the pane open so the screen can be read.
  tmux('-f', '/dev/null', 'new-session', '-d', '-s', 'p', '-x', String(o.columns), '-y', String(o.rows ?? 24), `sh ${q(script)}; echo EXIT=$?; sleep 600`);
  tmux('set-option', '-g', 'history-limit', '50000');
  const screen = (s: { escapes?: boolean; wrapped?: boolean; recent?: boolean } = {}) =>
    tmux('capture-pane', '-p', ...(s.wrapped ? [] : ['-J']), ...(s.escapes ? ['-e'] : []), '-S', s.recent ? '-100' : '-', '-t', 'p');
  const pane: Pane = {
    screen,
    keys: (...keys) => void tmux('send-keys', '-t', 'p', ...keys),
    stty: () => execFileSync('stty', ['-a', '-F', tmux('display', '-p', '-t', 'p', '#{pane_tty}').trim()], { encoding: 'utf8' }),
    async waitFor(pattern, ms = 30_000) {
      const end = Date.now() + ms;
      for (;;) {
        const s = screen({ recent: true });
        if (pattern.test(s)) return s;
        if (Date.now() > end) throw new Error(`${pattern} did not show within ${ms} ms; the screen:\n${s}`);
        await sleep(100);
      }
    },
    async exit(ms = 30_000) {
      const s = await pane.waitFor(/^EXIT=\d+$/m, ms);
      return Number(/^EXIT=(\d+)$/m.exec(s)![1]);
    },
    pid() {
      try {
        return Number(execFileSync('cat', [join(dir, 'pid')], { encoding: 'utf8' }).trim()) || undefined;
      } catch {
        return undefined;
      }
    },
    close() {
      try {
        tmux('kill-server');
      } catch {
        /* already gone */
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return pane;
}

/** A test file's panes, closed after each test, and its temporary directory, removed after all. */
export function usePanes(prefix: string): { dir: () => string; open: typeof openPane } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  let panes: Pane[] = [];
  afterEach(() => {
    for (const p of panes) p.close();
    panes = [];
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir: () => dir,
    open: (args, o) => {
      const p = openPane(args, o);
      panes.push(p);
      return p;
    },
  };
}
