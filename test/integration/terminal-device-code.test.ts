/**
 * Device-code sign-in at a terminal (issue 15 section 3): bin/cloudsync.js with
 * CLOUDSYNC_AUTH_METHOD=device-code against the emulator, in a tmux pane and under `script` started
 * without a terminal (a pseudo-terminal of zero columns, where the spinner used to write
 * cursor-up/clear-line sequences without end, grow without bound and ignore SIGTERM). The code and
 * URL are shown once, the wait is one line, Ctrl-C and SIGTERM stop it, an expired code is one line.
 */
import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { BIN, REPO } from './cli.js';
import { usePanes, type Pane } from './terminal-pty.js';

const panes = usePanes('cloudsync-term-dc-');
let dir: string;
let emu: TestEmulator;
const ARGS = ['validate', '--from', 'examples/contoso.ldif', '-o', 'json'];
const CODE = /open the page (\S+) and enter the code (\S+) to authenticate/;

beforeAll(async () => {
  dir = panes.dir();
  emu = await startTestEmulator({ deviceCode: { intervalSeconds: 1 } });
});
afterAll(() => emu.close());

/** The emulator's environment for device code: no client secret, a token cache of this test's own. */
function deviceEnv(e: TestEmulator, name: string): Record<string, string> {
  const { AZURE_CLIENT_SECRET: _secret, ...env } = e.env;
  return { ...env, CLOUDSYNC_AUTH_METHOD: 'device-code', CLOUDSYNC_TOKEN_CACHE: join(dir, `${name}-cache.json`) };
}

function pane(env: Record<string, string>, stdoutFile?: string): Pane {
  return panes.open(ARGS, { columns: 100, rows: 30, env, ...(stdoutFile ? { stdoutFile } : {}) });
}

describe('device code in a terminal', () => {
  it('shows the code once, waits on one line, then runs the command', async () => {
    const out = join(dir, 'validate.json');
    const p = pane(deviceEnv(emu, 'ok'), out);
    const screen = await p.waitFor(CODE);
    await p.waitFor(/Waiting for the sign-in in the browser \(Ctrl-C to stop\)/);
    await new Promise((r) => setTimeout(r, 1500));
    // Shown once, and the screen stays short while waiting (before: an endless cursor-up/clear-line run).
    expect(p.screen().match(new RegExp(CODE.source, 'g'))).toHaveLength(1);
    expect(p.screen({ escapes: true }).length).toBeLessThan(2000);
    const code = CODE.exec(screen)![2]!;
    const signedIn = await emu.request('/_emulator/devicecode/complete', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ user_code: code }) });
    expect(signedIn.status).toBe(200);
    expect(await p.exit()).toBe(4); // the example has findings
    expect(p.screen()).not.toMatch(/Waiting for the sign-in/); // the wait's line is gone
    expect(JSON.parse(readFileSync(out, 'utf8'))).toHaveProperty('findings');
  });

  it('Ctrl-C during the wait stops at once with exit 130', async () => {
    const p = pane(deviceEnv(emu, 'ctrl-c'));
    await p.waitFor(/Waiting for the sign-in/);
    p.keys('C-c');
    const pressed = Date.now();
    expect(await p.exit()).toBe(130);
    expect(Date.now() - pressed).toBeLessThan(2000);
  });

  it('an expired code is one error line and exit 3', async () => {
    const short = await startTestEmulator({ deviceCode: { intervalSeconds: 1, lifetimeSeconds: 3 } });
    try {
      const p = pane(deviceEnv(short, 'expired'));
      await p.waitFor(CODE);
      expect(await p.exit(20_000)).toBe(3);
      expect(p.screen()).toMatch(/^cloudsync: error: no sign-in before the device code expired: run the command again and enter the code at the page shown/m);
    } finally {
      await short.close();
    }
  });
});

describe('device code under `script` without a terminal (zero columns)', () => {
  it('writes the code once, stays small, and stops on SIGTERM', async () => {
    const typescript = join(dir, 'typescript');
    const pidFile = join(dir, 'pid');
    const env = Object.entries(deviceEnv(emu, 'script')).map(([k, v]) => `${k}='${v}'`).join(' ');
    const cmd = `cd '${REPO}' && sh -c 'echo $$ > ${pidFile}; exec env -i PATH="$PATH" HOME=/tmp ${env} '${process.execPath}' '${BIN}' ${ARGS.join(' ')}'; echo EXIT=$?`;
    const child = spawn('script', ['-q', '-f', '-c', cmd, typescript], { stdio: ['ignore', 'ignore', 'ignore'] });
    const ended = new Promise<void>((resolve) => child.on('close', () => resolve()));
    try {
      for (let i = 0; i < 100 && !CODE.test(read(typescript)); i++) await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 2000));
      // Before the fix: megabytes within seconds, the code never readable.
      expect(statSync(typescript).size).toBeLessThan(4096);
      expect(read(typescript).match(new RegExp(CODE.source, 'g'))).toHaveLength(1);
      const sent = Date.now();
      process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGTERM');
      await ended;
      expect(Date.now() - sent).toBeLessThan(2000);
      expect(read(typescript)).toMatch(/EXIT=130/);
    } finally {
      child.kill('SIGKILL');
    }
  });
});

function read(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
