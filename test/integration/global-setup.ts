/**
 * vitest globalSetup for the integration project: finds or starts the test AD DC and hands its
 * connection facts to the test files with `provide('cloudsyncAd', …)` (read them with adEnv()
 * from ./ad-env.ts).
 *
 * - CLOUDSYNC_TEST_LDAP_URL (+ _BIND_DN, _BIND_PASSWORD, _CA_FILE, _BASE_DN) set: that DC is used.
 * - else, as root on Linux with apt-get (or Samba already installed): scripts/ad/ensure-dc.sh
 *   provisions/starts a Samba AD DC in CLOUDSYNC_TEST_AD_TARGET (default /tmp/cloudsync-test-ad).
 * - else the AD tests are skipped with the reason printed; with CI=true the setup fails instead.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Client, Control } from 'ldapts';
import type { TestProject } from 'vitest/node';
import type { AdProvided, AdTestEnv } from './ad-env.js';

// Kept in step with ad-env.ts (which cannot be imported here: it calls vitest's inject at load).
const TEST_OU_OWNER = 'cloudsync test run pid ';

const ENSURE = fileURLToPath(new URL('../../scripts/ad/ensure-dc.sh', import.meta.url));
const DEFAULT_TARGET = '/tmp/cloudsync-test-ad';

function fromEnvironment(env: Record<string, string | undefined>): AdTestEnv | string {
  const url = env.CLOUDSYNC_TEST_LDAP_URL;
  const bindDn = env.CLOUDSYNC_TEST_BIND_DN;
  const password = env.CLOUDSYNC_TEST_BIND_PASSWORD;
  const baseDn = env.CLOUDSYNC_TEST_BASE_DN;
  const missing = Object.entries({ CLOUDSYNC_TEST_BIND_DN: bindDn, CLOUDSYNC_TEST_BIND_PASSWORD: password, CLOUDSYNC_TEST_BASE_DN: baseDn })
    .filter(([, v]) => v === undefined || v === '')
    .map(([k]) => k);
  if (url === undefined || missing.length > 0) return `incomplete test DC settings: ${missing.join(', ')} not set`;
  const out: AdTestEnv = { url, bindDn: bindDn!, password: password!, baseDn: baseDn! };
  if (env.CLOUDSYNC_TEST_CA_FILE) out.caFile = env.CLOUDSYNC_TEST_CA_FILE;
  if (env.CLOUDSYNC_TEST_AD_TARGET) out.target = env.CLOUDSYNC_TEST_AD_TARGET;
  return out;
}

function parseEnvFile(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

/** Why this machine cannot start a DC, or undefined when it can. */
function cannotStart(): string | undefined {
  if (process.platform !== 'linux') return `the test DC needs Linux (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return 'the test DC must be started as root (samba); run as root or set CLOUDSYNC_TEST_LDAP_URL';
  const hasSamba = existsSync('/usr/sbin/samba') && existsSync('/usr/bin/samba-tool');
  if (!hasSamba && !existsSync('/usr/bin/apt-get')) return 'Samba is not installed and apt-get is not available to install it';
  return undefined;
}

function startDc(): AdTestEnv | string {
  const why = cannotStart();
  if (why !== undefined) return why;
  const target = process.env.CLOUDSYNC_TEST_AD_TARGET ?? DEFAULT_TARGET;
  const started = Date.now();
  const r = spawnSync('bash', [ENSURE], { env: { ...process.env, TARGET: target }, encoding: 'utf8', timeout: 15 * 60_000 });
  if (r.status !== 0) {
    const tail = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
    return `scripts/ad/ensure-dc.sh failed (${r.error?.message ?? `exit ${r.status}`}):\n${tail}`;
  }
  console.error(`[ad] test DC ready in ${target} (${Date.now() - started} ms)`);
  return fromEnvironment(parseEnvFile(`${target}/env`));
}

/**
 * Test OUs (OU=t-<name>-<random>) left behind by a killed run would make fixed test UPNs collide
 * (AD keeps UPNs unique): on the project's own DC, remove them before the tests start — but only
 * those whose owning run (the pid in their description) is gone, so concurrent runs coexist.
 */
function ownerAlive(description: string): boolean {
  if (!description.startsWith(TEST_OU_OWNER)) return false;
  const pid = Number(description.slice(TEST_OU_OWNER.length));
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function removeStaleTestOus(e: AdTestEnv): Promise<void> {
  const c = new Client({ url: e.url, timeout: 30_000, connectTimeout: 10_000, ...(e.caFile ? { tlsOptions: { ca: readFileSync(e.caFile) } } : {}) });
  try {
    await c.bind(e.bindDn, e.password);
    const { searchEntries } = await c.search(e.baseDn, { scope: 'one', filter: '(&(objectClass=organizationalUnit)(ou=t-*))', attributes: ['ou', 'description'] });
    const stale = searchEntries.filter((entry) => !ownerAlive(String(entry.description ?? '')));
    for (const entry of stale) await c.del(entry.dn, new Control('1.2.840.113556.1.4.805', { critical: true }));
    if (stale.length > 0) console.error(`[ad] removed ${stale.length} test OU(s) left by an earlier run`);
  } finally {
    await c.unbind().catch(() => undefined);
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const own = process.env.CLOUDSYNC_TEST_LDAP_URL === undefined;
  const found = own ? startDc() : fromEnvironment(process.env);
  if (own && typeof found !== 'string') await removeStaleTestOus(found);
  if (typeof found === 'string') {
    if (process.env.CI === 'true') throw new Error(`integration setup: no test AD DC (CI=true, so this fails): ${found}`);
    console.error(`[ad] AD integration tests are SKIPPED: ${found}`);
    project.provide('cloudsyncAd', { skipReason: found } satisfies AdProvided);
    return;
  }
  project.provide('cloudsyncAd', { env: { ...found, ownerPid: process.pid } } satisfies AdProvided);
}
