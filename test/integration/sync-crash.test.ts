/**
 * Crash safety and resilience of `cloudsync sync --apply`, the CLI run as a subprocess against the
 * Samba DC and the emulator: killed with SIGKILL at several points of an apply and run again, the
 * tenant ends exactly as after a clean run (no duplicates, no lost memberships); injected 429s,
 * 5xx and dropped connections still converge; a second concurrent run is refused by the lock.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorOptions } from '../../src/emulator/index.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { addGroup, addUser, adEnv, withTestOu } from './ad-env.js';
import { BIN, REPO } from './cli.js';
import { runMain } from '../support/run-main.js';
import { journalFiles, lockFile, stateDir, syncEnv, syncJson, tenantView, waitFor, type TenantView } from './sync-support.js';

const env = adEnv();
const USERS = 40;

/** A small seeded random source, so fault runs are repeatable. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function spawnSync(args: string[], cliEnv: Record<string, string>): { child: ChildProcess; done: Promise<number> } {
  const child = spawn(process.execPath, [BIN, 'sync', ...args], {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NO_COLOR: '1', ...cliEnv },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<number>((resolve) => child.on('close', (code, signal) => resolve(signal === 'SIGKILL' ? -9 : (code ?? -1))));
  void done.then((c) => {
    if (c !== 0 && c !== -9 && c !== 5) process.stderr.write(`sync exited ${c}: ${stderr}\n`);
  });
  return { child, done };
}

const intents = (state: string): number =>
  journalFiles(state).reduce((n, f) => n + readFileSync(f, 'utf8').split('\n').filter((l) => l.includes('"type":"intent"')).length, 0);

describe.skipIf(!env)('cloudsync sync: crash safety, faults and the lock', () => {
  let ou: { dn: string; cleanup: () => Promise<void> };
  let clean: TenantView;
  const emus: TestEmulator[] = [];
  const emulator = async (extra: EmulatorOptions = {}) => {
    const e = await startTestEmulator({ domains: ['corp.example.com'], throttle: { enabled: false }, ...extra });
    emus.push(e);
    return e;
  };

  beforeAll(async () => {
    ou = await withTestOu('crash');
    const users: string[] = [];
    for (let i = 0; i < USERS; i++) {
      const n = `u${String(i).padStart(2, '0')}`;
      users.push(await addUser(ou.dn, n, { userPrincipalName: `${n}@corp.example.com`, displayName: `User ${n}`, department: `D${i % 4}` }));
    }
    for (let g = 0; g < 3; g++) await addGroup(ou.dn, `Team ${g}`, users.filter((_, i) => i % 3 === g).slice(0, 10));
    // The reference run: one clean apply on its own tenant.
    const e = await emulator();
    const r = await syncJson(['--ou', ou.dn, '--apply'], syncEnv(e, stateDir()));
    expect(r.code, r.stderr).toBe(0);
    clean = await tenantView(e);
    expect(Object.keys(clean.users)).toHaveLength(USERS);
    expect(clean.groups['Team 0']?.members).toHaveLength(10);
  }, 180_000);
  afterAll(async () => {
    await ou?.cleanup();
    for (const e of emus) await e.close();
  });

  const killPoints: [string, (e: TestEmulator, state: string) => boolean][] = [
    ['right after the first intents are journaled', (_e, s) => intents(s) >= 1],
    ['after the first writes', (e) => e.stats().writesAccepted >= 1],
    ['in the middle of the creates', (e) => e.stats().writesAccepted >= 25],
    // The first accepted member add: the emulator's latency holds its answer (and the other
    // in-flight member batches) back, so the kill lands inside the phase, not after the run ended.
    ['during the membership phase', (e) => e.stats().writes.some((w) => w.path.includes('/members/'))],
  ];

  for (const [when, cond] of killPoints) {
    it(`killed (SIGKILL) ${when}, a re-run converges to the clean run's tenant`, async () => {
      const e = await emulator({ faults: { latencyMs: 150 } });
      const state = stateDir();
      const cliEnv = syncEnv(e, state);
      const run = spawnSync(['--ou', ou.dn, '--apply'], cliEnv);
      await waitFor(() => cond(e, state), 60_000, when);
      run.child.kill('SIGKILL');
      expect(await run.done).toBe(-9);

      const again = await syncJson(['--ou', ou.dn, '--apply'], cliEnv);
      expect(again.code, again.stderr).toBe(0);
      expect(await tenantView(e)).toEqual(clean);
      const after = await syncJson(['--ou', ou.dn], cliEnv);
      expect(after.code, after.stderr).toBe(0);
      expect(after.json.plan.operations).toEqual([]);
    }, 120_000);
  }

  it('injected 429s, 503/504s and dropped connections still converge', async () => {
    const e = await emulator({
      throttle: { scale: 100, limits: { appWrites: 20 } },
      faults: { errorRate: 0.15, dropRate: 0.03, random: seeded(42) },
    });
    const cliEnv = syncEnv(e, stateDir());
    // A read that meets a dropped connection fails the run (exit 3, nothing written); the next run goes on.
    let last = -1;
    for (let attempt = 0; attempt < 8 && last !== 0; attempt++) last = (await runMain(['sync', '--ou', ou.dn, '--apply'], { env: cliEnv })).code;
    expect(last).toBe(0);
    const s = e.stats();
    expect(s.throttled + s.faults.errors + s.faults.dropped).toBeGreaterThan(0);
    expect(s.earlyRetries).toBe(0);
    expect(await tenantView(e)).toEqual(clean);
  }, 180_000);

  it('answers lost after Graph carried the request out converge with no duplicate user or group', async () => {
    // The emulator carries half of the writes ($batch) out, then closes the connection before or
    // part-way through the answer: the lost creates are looked up and adopted, never sent blind again.
    const e = await emulator({ faults: { lostAnswerRate: 0.5, lostAnswerMethods: ['POST'], random: seeded(11) } });
    const state = stateDir();
    const first = await runMain(['sync', '--ou', ou.dn, '--apply'], { env: syncEnv(e, state) });
    // One run: reads are repeated, lost writes looked up — no create fails as "already exists".
    expect(first.code, first.stderr).toBe(0);
    expect(e.stats().faults.answersLost).toBeGreaterThan(0);
    const notes = journalFiles(state).flatMap((f) => readFileSync(f, 'utf8').split('\n').filter((l) => l.includes('"note":"answer lost: ')));
    expect(notes.length).toBeGreaterThan(0);
    // tenantView throws on two groups of one name; users are compared one by one.
    expect(await tenantView(e)).toEqual(clean);
    const creates = e.stats().writes.filter((w) => w.method === 'POST' && (w.path === '/users' || w.path === '/groups'));
    expect(creates).toHaveLength(USERS + 3);
  }, 180_000);

  it('a second run on the same tenant and scope is refused by the lock (exit 5)', async () => {
    const e = await emulator({ faults: { latencyMs: 300 } });
    const state = stateDir();
    const cliEnv = syncEnv(e, state);
    const first = spawnSync(['--ou', ou.dn, '--apply'], cliEnv);
    await waitFor(() => lockFile(state) !== undefined, 30_000, 'the lock file');
    const second = await runMain(['sync', '--ou', ou.dn, '--apply'], { env: cliEnv });
    expect(second.code).toBe(5);
    expect(second.stderr).toMatch(/guard lock-held: another cloudsync run holds the lock/);
    expect(await first.done).toBe(0);
    expect(lockFile(state)).toBeUndefined();
    expect(await tenantView(e)).toEqual(clean);
  }, 120_000);
});
