// npm run bench:logs-cloud — `cloudsync logs cloud` fetching and rendering N provisioning-log
// records (default 10,000) from the emulator with the reports throttle ON at the documented
// rate (5 requests per 10 s): wall time against the throttle's own minimum, 429s received and
// early retries (must be 0). Figures only, never asserted.
//   BENCH_RECORDS=10000 BENCH_FORMAT=table npm run bench:logs-cloud
//   BENCH_SHOW=1 prints the command's output (stdout) too.
import { spawn } from 'node:child_process';
import { request } from 'node:https';
import { emulatorEnv, startEmulator } from '../dist/emulator/index.js';

const N = Number(process.env.BENCH_RECORDS ?? 10_000);
const FORMAT = process.env.BENCH_FORMAT ?? 'table';
const USERS = Number(process.env.BENCH_USERS ?? 2000);
const PAGE = 1000;

const users = Array.from({ length: USERS }, (_, i) => ({
  userPrincipalName: `user${i}@contoso.com`,
  displayName: `Person ${i}`,
  mail: `user${i}@contoso.com`,
  onPremisesImmutableId: Buffer.from(`ba-${String(i).padStart(13, '0')}`).toString('base64'), // 16 bytes
  onPremisesSyncEnabled: true,
  onPremisesDistinguishedName: `CN=Person ${i},OU=Staff,DC=contoso,DC=com`,
}));
const emu = await startEmulator({ domains: ['contoso.com'], seed: { defaultAdmin: false, users }, sync: { scheduler: false } });
const ca = emu.state.ca.certPem;

function post(path, body) {
  return new Promise((resolve, reject) => {
    const req = request(`${emu.info.graphEndpoint}${path}`, { method: 'POST', ca, headers: { 'content-type': 'application/json' } }, (res) => {
      let t = '';
      res.on('data', (d) => (t += d));
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(t)) : reject(new Error(`${res.statusCode} ${t}`))));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

await post('/_emulator/provisioning/generate', { count: N, cycles: Math.max(1, Math.round(N / 500)), failureRate: 0.05, seed: 1 });
const before = emu.stats();
const t0 = performance.now();
const child = spawn(process.execPath, ['bin/cloudsync.js', 'logs', 'cloud', '--since', '1d', '-o', FORMAT], {
  env: { ...process.env, ...emulatorEnv(emu.info), NO_COLOR: '1' },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let out = '';
let err = '';
child.stdout.on('data', (d) => (out += d));
child.stderr.on('data', (d) => (err += d));
const code = await new Promise((r) => child.on('close', r));
const ms = performance.now() - t0;
const after = emu.stats();
await emu.close();
if (code !== 0) throw new Error(`logs cloud failed (${code}): ${err}`);
if (process.env.BENCH_SHOW) process.stdout.write(out);

const requests = Math.ceil(N / PAGE);
// 5 at once, then 5 more per 10 s window.
const throttleMin = Math.max(0, Math.ceil(requests / 5) - 1) * 10;
console.log(`logs cloud: ${N} provisioning records (${USERS} users), reports throttle on (5 requests / 10 s), output ${FORMAT}`);
console.table([
  {
    records: N,
    'log requests (pages of 1000)': requests,
    'throttle minimum s': throttleMin,
    'wall s': +(ms / 1000).toFixed(2),
    'over the minimum s': +((ms / 1000) - throttleMin).toFixed(2),
    'target s (minimum + 5)': throttleMin + 5,
    '429s received': after.throttled - before.throttled,
    'early retries': after.earlyRetries - before.earlyRetries,
    'output MB': +(Buffer.byteLength(out) / 1e6).toFixed(2),
  },
]);
console.log(err.trim().split('\n').pop());
