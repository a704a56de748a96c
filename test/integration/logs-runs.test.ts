/**
 * `cloudsync logs` over journals written by real `cloudsync sync` runs (the CLI as a subprocess,
 * against the Samba DC and the emulator): the run list, `show` with its filters and formats,
 * `--follow` on a run in progress, an interrupted run, and retention.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { addGroup, addUser, adEnv, withTestOu } from './ad-env.js';
import { BIN, REPO } from './cli.js';
import { runMain } from '../support/run-main.js';
import { journalFiles, lockFile, stateDir, syncEnv, waitFor } from './sync-support.js';

const env = adEnv();
const USERS = 8;

interface RunJson {
  runId: string;
  command: string;
  mode: string;
  state: string;
  outcome: string;
  exitCode?: number;
  actions?: Record<string, number>;
  results?: Record<string, number>;
}
interface RowJson {
  op: number;
  action: string;
  status: string;
  dn?: string;
  upn?: string;
  displayName?: string;
  error?: string;
  cloudId?: string;
  member?: { upn?: string };
}

function spawnCli(args: string[], cliEnv: Record<string, string>) {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NO_COLOR: '1', ...cliEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  let exited = false;
  const done = new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => {
      exited = true;
      resolve({ code: signal === 'SIGKILL' ? -9 : (code ?? -1), stdout, stderr });
    }),
  );
  return { child, done, exited: () => exited };
}

const lines = (state: string, type: string) => journalFiles(state).filter((f) => f.endsWith('.ndjson')).reduce((n, f) => n + readFileSync(f, 'utf8').split('\n').filter((l) => l.includes(`"type":"${type}"`)).length, 0);

describe.skipIf(!env)('cloudsync logs: local run journals', () => {
  let ou: { dn: string; cleanup: () => Promise<void> };
  const emus: TestEmulator[] = [];
  const emulator = async (latencyMs?: number) => {
    const e = await startTestEmulator({ domains: ['corp.example.com'], throttle: { enabled: false }, ...(latencyMs ? { faults: { latencyMs } } : {}) });
    emus.push(e);
    return e;
  };
  let state: string;
  let cliEnv: Record<string, string>;
  let planRun: RunJson;
  let applyRun: RunJson;

  beforeAll(async () => {
    ou = await withTestOu('logs');
    const users: string[] = [];
    for (let i = 0; i < USERS; i++) {
      const n = `lg${String(i).padStart(2, '0')}`;
      // Two users share a mail address: the second create fails with Graph's conflict.
      const mail = i === USERS - 1 ? 'lg00@corp.example.com' : `${n}@corp.example.com`;
      users.push(await addUser(ou.dn, `Logs User ${String(i).padStart(2, '0')}`, { userPrincipalName: `${n}@corp.example.com`, displayName: `Logs User ${String(i).padStart(2, '0')}`, mail, department: `D${i % 3}` }));
    }
    await addGroup(ou.dn, 'Logs Team', users.slice(0, 4));
    const e = await emulator();
    state = stateDir();
    cliEnv = syncEnv(e, state);
    const plan = await runMain(['sync', '--ou', ou.dn], { env: cliEnv });
    expect(plan.code, plan.stderr).toBe(4);
    const apply = await runMain(['sync', '--ou', ou.dn, '--apply'], { env: cliEnv });
    expect(apply.code, apply.stderr).toBe(3);
    const list = await runMain(['logs', '-o', 'json'], { env: cliEnv });
    expect(list.code, list.stderr).toBe(0);
    const runs = JSON.parse(list.stdout) as RunJson[];
    expect(runs).toHaveLength(2);
    [applyRun, planRun] = [runs[0]!, runs[1]!];
  }, 180_000);
  afterAll(async () => {
    await ou?.cleanup();
    for (const e of emus) await e.close();
  });

  it('lists the runs newest first with mode, counts by action and by result, outcome and exit code', async () => {
    expect(planRun).toMatchObject({ command: 'sync', mode: 'plan', state: 'ended', outcome: 'planned', exitCode: 4 });
    expect(planRun.actions).toMatchObject({ create: USERS + 1, 'add-member': 4 });
    expect(applyRun).toMatchObject({ command: 'sync', mode: 'apply', state: 'ended', outcome: 'partial', exitCode: 3 });
    expect(applyRun.actions).toMatchObject({ create: USERS + 1, 'add-member': 4 });
    expect(applyRun.results).toEqual({ succeeded: USERS + 4, failed: 1 });
    expect(applyRun.runId > planRun.runId).toBe(true);
    const table = await runMain(['logs'], { env: cliEnv });
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(applyRun.runId);
    expect(table.stdout).toMatch(/partial/);
    expect(table.stdout).toMatch(/ok 12, failed 1/);
    expect(table.stdout).toContain(ou.dn);
    expect(table.stdout).toMatch(/Run\s.*Started \(UTC[+-]\d\d:\d\d\)\s.*Outcome/);
    const csv = await runMain(['logs', '-o', 'csv'], { env: cliEnv });
    expect(csv.stdout.split('\r\n')[0]).toContain(',ADD_MEMBER,');
    const failedOnly = await runMain(['logs', '--failed', '-o', 'json'], { env: cliEnv });
    expect((JSON.parse(failedOnly.stdout) as RunJson[]).map((r) => r.runId)).toEqual([applyRun.runId]);
  });

  it('show last --failed: the one failed create, named, with Graph\'s error', async () => {
    const r = await runMain(['logs', 'show', 'last', '--failed', '-o', 'json'], { env: cliEnv });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { run: RunJson; operations: RowJson[] };
    expect(out.run.runId).toBe(applyRun.runId);
    expect(out.operations).toHaveLength(1);
    const op = out.operations[0]!;
    expect(op).toMatchObject({ action: 'create', status: 'failed' });
    expect(['lg00@corp.example.com', `lg${String(USERS - 1).padStart(2, '0')}@corp.example.com`]).toContain(op.upn);
    expect(op.dn).toMatch(/^CN=Logs User \d\d,OU=t-logs-/);
    expect(op.error).toMatch(/proxyAddresses|mail|already/i);
    // The table names it by DN, UPN and display name, and no bare ids without --ids.
    const t = await runMain(['logs', 'show', 'last', '--failed'], { env: cliEnv });
    expect(t.stdout).toContain(op.upn!);
    expect(t.stdout).toContain(op.displayName!);
    // (The header line names the tenant, by its id here: the emulator's tenant has no name.)
    expect(t.stdout.split('\n').slice(1).join('\n')).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
    const ids = await runMain(['logs', 'show', 'last', '--ids'], { env: cliEnv });
    expect(ids.stdout).toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
  });

  it('show --user matches a display name fragment: the user\'s create and its group membership', async () => {
    const r = await runMain(['logs', 'show', applyRun.runId.slice(0, 20), '--user', 'logs user 02', '-o', 'json'], { env: cliEnv });
    expect(r.code, r.stderr).toBe(0);
    const ops = (JSON.parse(r.stdout) as { operations: RowJson[] }).operations;
    expect(ops.map((o) => o.action).sort()).toEqual(['add-member', 'create']);
    expect(ops.find((o) => o.action === 'add-member')!.member?.upn).toBe('lg02@corp.example.com');
    expect(ops.every((o) => o.status === 'success')).toBe(true);
    // One message each way: the count on stderr when some match, "No operations match." alone when none do.
    const some = await runMain(['logs', 'show', applyRun.runId, '--user', 'logs user 02'], { env: cliEnv });
    expect(some.stderr).toContain('2 operation(s) match');
    const none = await runMain(['logs', 'show', applyRun.runId, '--user', 'nobody-at-all'], { env: cliEnv });
    expect(none.code, none.stderr).toBe(0);
    expect(none.stdout).toContain('No operations match.');
    expect(none.stderr).not.toContain('operation(s) match');
    const upd = await runMain(['logs', 'show', 'last', '--action', 'member-add', '--attribute', 'members', '-o', 'ndjson'], { env: cliEnv });
    expect(upd.stdout.trim().split('\n').map((l) => (JSON.parse(l) as RowJson).action)).toEqual(['add-member', 'add-member', 'add-member', 'add-member']);
  });

  it('-o csv: a header and one row per operation; the plan-only run\'s rows are planned', async () => {
    const r = await runMain(['logs', 'show', planRun.runId, '-o', 'csv'], { env: cliEnv });
    expect(r.code, r.stderr).toBe(0);
    const rows = r.stdout.trim().split('\r\n');
    expect(rows[0]).toMatch(/^OP,TIME,ACTION,KIND,DN,UPN,DISPLAY_NAME,STATUS,CHANGES/);
    expect(rows).toHaveLength(USERS + 1 + 4 + 1);
    expect(rows.slice(1).every((l) => l.includes(',planned,'))).toBe(true);
    expect(r.stdout).toContain('department: D1');
  });

  it('exit 2 for a bad filter value or an unknown run, naming the runs when few', async () => {
    const bad = await runMain(['logs', 'show', 'last', '--action', 'explode'], { env: cliEnv });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--action "explode" is not an action/);
    const since = await runMain(['logs', '--since', 'last tuesday'], { env: cliEnv });
    expect(since.code).toBe(2);
    const unknown = await runMain(['logs', 'show', '19990101'], { env: cliEnv });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(applyRun.runId);
    expect(unknown.stderr).toContain(planRun.runId);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('--follow tails a sync in progress (started before its journal exists) to its end', async () => {
    const e = await emulator(400);
    const s = stateDir();
    const fenv = syncEnv(e, s);
    const sync = spawnCli(['sync', '--ou', ou.dn, '--apply'], fenv);
    await waitFor(() => lockFile(s) !== undefined || sync.exited(), 60_000, 'the sync to take its lock');
    expect(sync.exited()).toBe(false);
    const runEndsBefore = lines(s, 'run-end');
    const follow = spawnCli(['logs', 'show', 'last', '--follow', '-o', 'ndjson'], fenv);
    const [f, r] = await Promise.all([follow.done, sync.done]);
    expect(runEndsBefore).toBe(0);
    expect(r.code, r.stderr).toBe(3);
    expect(f.code, f.stderr).toBe(0);
    const rows = f.stdout.trim().split('\n').map((l) => JSON.parse(l) as RowJson);
    expect(rows).toHaveLength(USERS + 1 + 4);
    expect(new Set(rows.map((x) => x.op)).size).toBe(rows.length);
    expect(rows.filter((x) => x.status === 'success')).toHaveLength(USERS + 4);
    expect(rows.filter((x) => x.status === 'failed')).toHaveLength(1);
    // It followed the new run, not the (absent) previous one, and every row is a final status.
    const list = JSON.parse((await runMain(['logs', '-o', 'json'], { env: fenv })).stdout) as RunJson[];
    expect(list).toHaveLength(1);
    expect(list[0]!.outcome).toBe('partial');
  }, 120_000);

  it('show says so of a run killed mid-apply; its sent operations are unknown', async () => {
    const e = await emulator(400);
    const s = stateDir();
    const kenv = syncEnv(e, s);
    const sync = spawnCli(['sync', '--ou', ou.dn, '--apply'], kenv);
    await waitFor(() => lines(s, 'intent') >= 1 || sync.exited(), 60_000, 'the first intent');
    sync.child.kill('SIGKILL');
    await sync.done;
    const r = await runMain(['logs', 'show', 'last', '-o', 'json'], { env: kenv });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/interrupted/);
    const out = JSON.parse(r.stdout) as { run: RunJson; operations: RowJson[] };
    expect(out.run).toMatchObject({ state: 'interrupted', outcome: 'interrupted' });
    const unknown = out.operations.filter((o) => o.status === 'unknown');
    expect(unknown.length).toBeGreaterThan(0);
    expect(unknown[0]!.error).toMatch(/^unknown: run interrupted/);
    const t = await runMain(['logs', 'show', 'last'], { env: kenv });
    expect(t.stdout).toMatch(/INTERRUPTED/);
    const list = await runMain(['logs', '--failed', '-o', 'json'], { env: kenv });
    expect((JSON.parse(list.stdout) as RunJson[])[0]!.outcome).toBe('interrupted');
  }, 120_000);

  it('retention: after each sync only logs.retention.runs journals stay; logs prune --dry-run and prune', async () => {
    const e = await emulator();
    const s = stateDir();
    const renv = syncEnv(e, s);
    const dir = mkdtempSync(join(tmpdir(), 'cloudsync-logs-config-'));
    const config = join(dir, 'cloudsync.config.json');
    writeFileSync(config, JSON.stringify({ logs: { retention: { runs: 2 } } }));
    for (let i = 0; i < 4; i++) {
      const r = await runMain(['sync', '--ou', ou.dn, '--config', config], { env: renv });
      expect(r.code, r.stderr).toBe(4);
    }
    const files = () => journalFiles(s).filter((f) => f.endsWith('.ndjson')).sort();
    expect(files()).toHaveLength(2);
    writeFileSync(config, JSON.stringify({ logs: { retention: { runs: 1 } } }));
    const before = files();
    const dry = await runMain(['logs', 'prune', '--dry-run', '--config', config, '-o', 'json'], { env: renv });
    expect(dry.code, dry.stderr).toBe(0);
    const planned = JSON.parse(dry.stdout) as { dryRun: boolean; runs: { runId: string; action: string }[] };
    expect(planned.runs.filter((x) => x.action === 'would prune').map((x) => x.runId)).toEqual([before[0]!.split('/').pop()!.replace('.ndjson', '')]);
    expect(files()).toEqual(before);
    const real = await runMain(['logs', 'prune', '--config', config], { env: renv });
    expect(real.code, real.stderr).toBe(0);
    expect(real.stderr).toMatch(/1 run\(s\) pruned/);
    expect(files()).toEqual([before[1]]);
    // The newest run is never pruned, whatever the rule.
    writeFileSync(config, JSON.stringify({ logs: { retention: { runs: 1, days: 0.000001 } } }));
    await runMain(['logs', 'prune', '--config', config], { env: renv });
    expect(existsSync(before[1]!)).toBe(true);
  }, 120_000);
});
