// npm run bench:graph — users created per second by the batch writer against the emulator, throttled
// at the documented app+tenant write limit (3,000 writes per 150 s) scaled 10x, as a fraction of that
// ceiling; plus lost/duplicated requests and 429s honoured. Figures only, never asserted.
//   BENCH_USERS=10000 npm run bench:graph
import { spawn } from 'node:child_process';
import { emulatorEnv, startEmulator } from '../dist/emulator/index.js';
import { DOCUMENTED_LIMITS } from '../dist/emulator/throttle.js';

const N = Number(process.env.BENCH_USERS ?? 10_000);
const SCALE = 10;
const emu = await startEmulator({ domains: ['contoso.com'], throttle: { scale: SCALE } });
const { info } = emu;
const burst = DOCUMENTED_LIMITS.appWrites;
const rate = (DOCUMENTED_LIMITS.appWrites / DOCUMENTED_LIMITS.appWriteWindowSeconds) * SCALE; // writes/s

const child = spawn(process.execPath, ['scripts/bench-graph-child.mjs', String(N)], {
  env: { ...process.env, ...emulatorEnv(info) },
  stdio: ['ignore', 'pipe', 'inherit'],
});
let out = '';
child.stdout.on('data', (d) => (out += d));
const code = await new Promise((r) => child.on('close', r));
if (code !== 0) throw new Error(`bench child failed (${code})`);
const r = JSON.parse(out);
const s = emu.stats();
const creates = s.writes.filter((w) => w.method === 'POST' && w.path.startsWith('/users') && w.status === 201);
// A duplicated create would be refused by UPN uniqueness: count 400s.
const refused = s.byStatus['400'] ?? 0;
await emu.close();

const ideal = Math.max(0, (N - burst) / rate); // seconds the throttle ceiling needs after its initial burst
console.log(`batch writer: ${N} user creates, emulator throttled at ${SCALE}x the documented app+tenant write limit`);
console.table([
  {
    users: N,
    seconds: +(r.ms / 1000).toFixed(2),
    'users/s': Math.round(N / (r.ms / 1000)),
    'ceiling users/s (after the 3,000 burst)': rate,
    'fraction of ceiling': +(ideal / (r.ms / 1000)).toFixed(3),
    'created (201)': creates.length,
    'failed in client': r.failed,
    '429s sent': s.throttled,
    'retries after 429': s.retriesAfterThrottle,
    'early retries (429 not honoured)': s.earlyRetries,
    batches: s.batchRequests,
    peakRssMb: Math.round(r.maxRssKb / 1024),
  },
]);
console.log(`lost: ${N - creates.length}, duplicated (refused as existing): ${refused}; fraction target >= 0.9: ${ideal === 0 ? 'n/a (every write fit in the initial burst: use BENCH_USERS > 3000)' : ideal / (r.ms / 1000) >= 0.9 ? 'met' : 'MISSED'}`);
