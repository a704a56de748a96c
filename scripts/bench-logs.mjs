// npm run bench:logs — `cloudsync logs` figures on a large state directory (never asserted):
//   a 100,000-operation applying run (planned, intent and result lines, as the Journal class
//   writes them; ~1% failed) plus 200 small plan-only runs in 4 other scopes; then, each as a
//   child process: the run list (`logs`, `logs --limit 0`), `logs show <big> --action update
//   --user …`, `logs show <big> --failed`, and `logs show <big> -o csv` (every operation).
//   Prints seconds, peak RSS and the ratio to the 2 s target.
//   BENCH_OPS=100000 BENCH_SMALL_RUNS=200 npm run bench:logs
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Journal } from '../dist/sync/store/journal.js';

const OPS = Number(process.env.BENCH_OPS ?? 100_000);
const SMALL = Number(process.env.BENCH_SMALL_RUNS ?? 200);
const TARGET_S = 2;
const state = mkdtempSync(join(tmpdir(), 'cloudsync-bench-logs-'));
const tenant = 'bench.onmicrosoft.com';

const runsDir = (key) => {
  const d = join(state, 'sync', key, 'runs');
  mkdirSync(d, { recursive: true });
  return d;
};
/** Run ids sort by start time: the big run is the newest. */
const runId = (t, n) => `${new Date(t).toISOString().replace(/[-:.]/g, '')}-${n.toString(16).padStart(6, '0')}`;
const ACTIONS = ['update', 'update', 'update', 'create', 'add-member', 'adopt', 'remove-member', 'disable', 'delete', 'set-manager'];
const DEPTS = ['Sales', 'Marketing', 'Finance', 'Engineering', 'Support'];

function operation(i) {
  const action = ACTIONS[i % ACTIONS.length];
  const n = String(i).padStart(6, '0');
  const ou = `OU=Dept${i % 50},OU=Staff,DC=corp,DC=example,DC=com`;
  const user = { kind: 'user', dn: `CN=User ${n},${ou}`, upn: `user${n}@corp.example.com`, displayName: `User ${n}`, anchor: Buffer.from(`anchor-${n}-xxxx`).toString('base64'), cloudId: `00000000-0000-4000-8000-${n.padStart(12, '0')}` };
  const base = { op: i + 1, action, ...user };
  switch (action) {
    case 'create':
      return { ...base, cloudId: undefined, changes: [{ attribute: 'accountEnabled', old: null, new: true }, { attribute: 'displayName', old: null, new: user.displayName }, { attribute: 'userPrincipalName', old: null, new: user.upn }, { attribute: 'department', old: null, new: DEPTS[i % 5] }, { attribute: 'onPremisesImmutableId', old: null, new: user.anchor }] };
    case 'update':
    case 'adopt':
      return { ...base, ...(action === 'adopt' ? { matchedOn: 'userPrincipalName' } : {}), changes: [{ attribute: 'department', old: DEPTS[i % 5], new: DEPTS[(i + 1) % 5] }, { attribute: 'jobTitle', old: null, new: 'Analyst' }] };
    case 'add-member':
    case 'remove-member':
      return { ...base, kind: 'group', dn: `CN=Team ${i % 300},OU=Groups,DC=corp,DC=example,DC=com`, upn: undefined, displayName: `Team ${i % 300}`, member: user };
    case 'set-manager':
      return { ...base, manager: { kind: 'user', dn: `CN=Boss ${i % 100},${ou}`, upn: `boss${i % 100}@corp.example.com`, displayName: `Boss ${i % 100}`, cloudId: `10000000-0000-4000-8000-${String(i % 100).padStart(12, '0')}` } };
    case 'disable':
      return { ...base, changes: [{ attribute: 'accountEnabled', old: true, new: false }] };
    default:
      return base;
  }
}
const clean = (o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

function writeBig(t) {
  const id = runId(t, 0xb16);
  const j = Journal.create(join(runsDir(`${tenant}-aaaaaaaaaaaaaaaa`), `${id}.ndjson`), id);
  j.start({ command: 'sync', tenant, scopeKey: `${tenant}-aaaaaaaaaaaaaaaa`, scope: { ous: ['OU=Staff,DC=corp,DC=example,DC=com', 'OU=Groups,DC=corp,DC=example,DC=com'] }, mode: 'full', options: { apply: true } });
  const counts = { create: 0, restore: 0, adopt: 0, update: 0, 'set-manager': 0, 'remove-manager': 0, 'add-member': 0, 'remove-member': 0, disable: 0, delete: 0 };
  for (let i = 0; i < OPS; i++) {
    const f = clean(operation(i));
    counts[f.action]++;
    j.append({ type: 'planned', ...f });
  }
  j.markApply();
  j.append({ type: 'bind', bindings: [], unbind: [] });
  let failed = 0;
  for (let i = 0; i < OPS; i++) {
    const f = clean(operation(i));
    j.append({ type: 'intent', ...f });
    const fail = i % 97 === 0;
    if (fail) failed++;
    j.append({ type: 'result', ...f, status: fail ? 'failed' : 'success', httpStatus: fail ? 400 : 204, requestId: `req-${i}`, attempts: 1, ...(fail ? { error: { code: 'Request_BadRequest', message: `Another object with the same value for property proxyAddresses already exists.` } } : {}) });
  }
  j.end({ outcome: 'partial', exitCode: 3, counts: { ...counts, total: OPS, unchanged: 0, succeeded: OPS - failed, failed, skipped: 0, notRun: 0 } });
  return id;
}

function writeSmall(t, n) {
  const key = `${tenant}-${String(n % 4).repeat(16)}`;
  const id = runId(t, n);
  const j = Journal.create(join(runsDir(key), `${id}.ndjson`), id);
  j.start({ command: 'sync', tenant, scopeKey: key, scope: { ous: [`OU=Site${n % 4},DC=corp,DC=example,DC=com`] }, mode: 'full', options: { apply: false } });
  for (let i = 0; i < 10; i++) j.append({ type: 'planned', ...clean(operation(i)) });
  j.end({ outcome: 'planned', exitCode: 4, counts: { update: 3, create: 1, adopt: 1, 'add-member': 1, 'remove-member': 1, disable: 1, delete: 1, 'set-manager': 1, total: 10, unchanged: 0 } });
}

async function cli(args) {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['scripts/bench-child.mjs', ...args], { env: { ...process.env, CLOUDSYNC_STATE_DIR: state, CI: 'true', NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  await new Promise((r) => child.on('close', r));
  const wall = (performance.now() - t0) / 1000;
  const m = /@@bench (.*)/.exec(err);
  if (!m) throw new Error(`bench child failed: ${err.slice(-2000)}`);
  const r = JSON.parse(m[1]);
  if (r.code !== 0) throw new Error(`cloudsync ${args.join(' ')} exited ${r.code}: ${err.slice(-2000)}`);
  return { wall, inProcess: r.ms / 1000, rssMb: r.maxRssKb / 1024 };
}

const now = Date.now();
let t = now - (SMALL + 10) * 60_000;
const w0 = performance.now();
for (let n = 0; n < SMALL; n++) writeSmall((t += 60_000), n + 1);
const big = writeBig(now - 60_000);
const bigPath = join(state, 'sync', `${tenant}-aaaaaaaaaaaaaaaa`, 'runs', `${big}.ndjson`);
console.log(`wrote ${OPS.toLocaleString('en')} operations (${(statSync(bigPath).size / 1e6).toFixed(1)} MB) and ${SMALL} small runs in ${((performance.now() - w0) / 1000).toFixed(1)} s under ${state}`);

const cases = [
  ['logs (list, 50 newest)', ['logs']],
  ['logs --limit 0 (all runs)', ['logs', '--limit', '0']],
  ['logs show <big> --action update --user user00042', ['logs', 'show', big.slice(0, 22), '--action', 'update', '--user', 'user00042']],
  ['logs show <big> --failed', ['logs', 'show', big, '--failed']],
  ['logs show <big> --attribute department -o json', ['-o', 'json', 'logs', 'show', big, '--attribute', 'department']],
  ['logs show <big> -o csv (every operation)', ['-o', 'csv', 'logs', 'show', big]],
];
console.log(`\n${'command'.padEnd(52)} ${'wall s'.padStart(7)} ${'in-proc s'.padStart(9)} ${'peak RSS MB'.padStart(11)} ${'÷ 2 s'.padStart(6)}`);
for (const [label, args] of cases) {
  const r = await cli(args);
  console.log(`${label.padEnd(52)} ${r.wall.toFixed(2).padStart(7)} ${r.inProcess.toFixed(2).padStart(9)} ${r.rssMb.toFixed(0).padStart(11)} ${(r.wall / TARGET_S).toFixed(2).padStart(6)}`);
}
rmSync(state, { recursive: true, force: true });
