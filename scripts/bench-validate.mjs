// npm run bench:validate — figures for `cloudsync validate`, printed, never asserted.
//  1. 10k and 100k synthetic users from LDIF: wall time and peak RSS (targets: 100k < 5 s, < 400 MB).
//  2. 10k users from a Samba DC over LDAPS: cloudsync vs ldapsearch paging the same attributes
//     (target: within 1.3x). Needs root on Debian (a bench DC is provisioned); skipped otherwise.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeLdif } from './gen-ldif.mjs';

const DIR = '.bench';
mkdirSync(DIR, { recursive: true });
const node = process.execPath;

function runChild(args, env = {}) {
  const r = spawnSync(node, ['scripts/bench-child.mjs', ...args], { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 26 });
  const m = /@@bench (.*)/.exec(r.stderr);
  if (!m) throw new Error(`bench child failed: ${r.stderr.slice(-2000)}`);
  return JSON.parse(m[1]);
}

function best(n, f) {
  const runs = Array.from({ length: n }, f);
  return runs.sort((a, b) => a.ms - b.ms)[0];
}

const rows = [];
const only = process.env.BENCH_ONLY; // "ldif" or "ldap" to run one half
for (const n of only === 'ldap' ? [] : [10_000, 100_000]) {
  const file = join(DIR, `users-${n}.ldif`);
  if (!existsSync(file)) await writeLdif(file, n);
  for (const rules of ['entra', 'idfix']) {
    const r = best(3, () => runChild(['validate', '--from', file, '--rules', rules, '--output', 'json', '--verified-domains', 'contoso.com']));
    rows.push({ users: n, rules, seconds: +(r.ms / 1000).toFixed(2), peakRssMb: Math.round(r.maxRssKb / 1024), exit: r.code });
  }
}
if (rows.length > 0) {
console.log('validate from LDIF (best of 3; exit 4 = findings reported, as expected)');
console.table(rows);
const big = rows.find((r) => r.users === 100_000 && r.rules === 'entra');
const small = rows.find((r) => r.users === 10_000 && r.rules === 'entra');
console.log(`100k users: ${big.seconds} s (target < 5 s: ${big.seconds < 5 ? 'met' : 'MISSED'}), peak RSS ${big.peakRssMb} MB (target < 400 MB: ${big.peakRssMb < 400 ? 'met' : 'MISSED'})`);
console.log(`RSS growth 10k -> 100k users: ${small.peakRssMb} MB -> ${big.peakRssMb} MB (x${(big.peakRssMb / small.peakRssMb).toFixed(2)} for x10 objects; duplicate indexes and findings are the part that grows)`);
}
if (only === 'ldif') process.exit(0);

// ---- 2. LDAP -------------------------------------------------------------------------------
const TARGET = process.env.BENCH_AD_TARGET ?? '/tmp/cloudsync-bench-ad';
const canDc = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
if (!canDc) {
  console.log('LDAP comparison skipped: needs root on Debian to provision the bench DC');
  process.exit(0);
}
const testTarget = '/tmp/cloudsync-test-ad';
// Both DCs listen on 127.0.0.1:636: stop the test DC while the bench DC runs.
spawnSync('bash', ['scripts/ad/stop-dc.sh'], { env: { ...process.env, TARGET: testTarget }, stdio: 'ignore' });
if (!existsSync(join(TARGET, 'env'))) {
  console.log('provisioning a bench DC with 10,000 users (about a minute, once)…');
  execFileSync('bash', ['scripts/ad/provision.sh'], { env: { ...process.env, TARGET, FORCE: '1', SEED_USERS: '10000', START: '0' }, stdio: 'ignore' });
}
execFileSync('bash', ['scripts/ad/ensure-dc.sh'], { env: { ...process.env, TARGET }, stdio: 'ignore' });
const env = Object.fromEntries(
  readFileSync(join(TARGET, 'env'), 'utf8').split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1).replace(/^['"]|['"]$/g, '')]),
);
const ou = `OU=Bulk,${env.CLOUDSYNC_TEST_BASE_DN}`;
const cliEnv = {
  CLOUDSYNC_LDAP_URL: env.CLOUDSYNC_TEST_LDAP_URL,
  CLOUDSYNC_LDAP_BIND_DN: env.CLOUDSYNC_TEST_BIND_DN,
  CLOUDSYNC_LDAP_PASSWORD: env.CLOUDSYNC_TEST_BIND_PASSWORD,
  CLOUDSYNC_LDAP_CA_FILE: env.CLOUDSYNC_TEST_CA_FILE,
};
const { IDFIX_ATTRIBUTES } = await import('../dist/validate/idfix/index.js');
const { ENTRA_ATTRIBUTES } = await import('../dist/validate/entra/index.js');
const attrs = [...new Set(['objectClass', ...IDFIX_ATTRIBUTES, ...ENTRA_ATTRIBUTES])];
function ldapsearch() {
  const t0 = performance.now();
  const r = spawnSync('ldapsearch', ['-LLL', '-x', '-H', env.CLOUDSYNC_TEST_LDAP_URL, '-D', env.CLOUDSYNC_TEST_BIND_DN, '-w', env.CLOUDSYNC_TEST_BIND_PASSWORD,
    '-b', ou, '-E', 'pr=1000/noprompt', '(|(objectCategory=Person)(objectCategory=Group))', ...attrs],
    { env: { ...process.env, LDAPTLS_CACERT: env.CLOUDSYNC_TEST_CA_FILE }, maxBuffer: 1 << 28, encoding: 'buffer' });
  if (r.status !== 0) throw new Error(`ldapsearch failed: ${r.stderr}`);
  return { ms: performance.now() - t0 };
}
// Interleaved, so that both tools meet the same load on the machine (a 2-core box shares its
// cores between the DC, the client and whatever else runs): best of 5 each, medians shown too.
const lsRuns = [];
const csRuns = [];
for (let i = 0; i < 5; i++) {
  lsRuns.push(ldapsearch());
  csRuns.push(runChild(['validate', '--ou', ou, '--output', 'json'], cliEnv));
}
const byMs = (a, b) => a.ms - b.ms;
const [ls, cs] = [lsRuns.sort(byMs)[0], csRuns.sort(byMs)[0]];
const median = (runs) => +(runs[Math.floor(runs.length / 2)].ms / 1000).toFixed(2);
console.log('\nvalidate 10k users from the Samba DC over LDAPS (best of 5, interleaved, same attributes, page size 1000)');
console.table([
  { tool: 'ldapsearch (paging only)', seconds: +(ls.ms / 1000).toFixed(2), median: median(lsRuns) },
  { tool: 'cloudsync validate (read + rules + output)', seconds: +(cs.ms / 1000).toFixed(2), median: median(csRuns), peakRssMb: Math.round(cs.maxRssKb / 1024) },
]);
console.log(`ratio cloudsync / ldapsearch: ${(cs.ms / ls.ms).toFixed(2)} best, ${(median(csRuns) / median(lsRuns)).toFixed(2)} median (target <= 1.3)`);
spawnSync('bash', ['scripts/ad/stop-dc.sh'], { env: { ...process.env, TARGET }, stdio: 'ignore' });
spawnSync('bash', ['scripts/ad/ensure-dc.sh'], { env: { ...process.env, TARGET: testTarget }, stdio: 'ignore' });
