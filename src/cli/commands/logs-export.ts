import { readFileSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { describeEntraSettings, type EntraSettings } from '../../config/entra.js';
import { describeLdapSettings, resolveLdapSettings, type LdapSettings } from '../../config/ldap.js';
import { checkAd } from '../../doctor/ad.js';
import { checkEntra } from '../../doctor/entra.js';
import type { CheckResult } from '../../doctor/types.js';
import type { EntraClient } from '../../directory/entra/index.js';
import { buildBundle, type BundlePart } from '../../logs/bundle/build.js';
import { recentJournals } from '../../logs/bundle/journals.js';
import { SECRET_ENV } from '../../logs/bundle/redact.js';
import { versions } from '../../logs/bundle/versions.js';
import { parseSince, readCloudLogs } from '../../logs/cloud/index.js';
import { cloudSyncConfigurations } from '../../jobs/discovery.js';
import { defaultStateDir } from '../../sync/workspace.js';
import { CloudsyncError } from '../../errors.js';
import type { Context } from '../context.js';
import { entraSettingsFor, openEntra, type EntraCliFlags } from '../entra.js';
import { EXIT } from '../output/exit-codes.js';
import { jsonLine } from '../output/format.js';
import { renderLogsCloud } from '../output/logs-cloud.js';
import type { ConnectionFlags } from '../source.js';

export interface LogsExportFlags extends EntraCliFlags, ConnectionFlags {
  out?: string;
  since?: string;
  entra?: boolean;
  ad?: boolean;
}

/** Environment variables worth showing (values of secret ones are replaced). */
const SHOWN_ENV = /^(CLOUDSYNC_|AZURE_|NODE_EXTRA_CA_CERTS$|NODE_OPTIONS$|ACTIONS_ID_TOKEN_REQUEST_URL$|SYSTEM_OIDCREQUESTURI$|AZURESUBSCRIPTION_|IDENTITY_ENDPOINT$|MSI_ENDPOINT$|IMDS_ENDPOINT$|HTTPS?_PROXY$|NO_PROXY$)/i;
const PROVISIONING_RECORDS = 5000;

const stamp = (d: Date): string => d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z').replace('T', '-');

function readIf(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Every secret value this process can know of: from the environment, the settings and the files they name. */
function knownSecrets(env: NodeJS.ProcessEnv, ldap: LdapSettings | undefined, entra: EntraSettings | undefined): string[] {
  const out: Array<string | undefined> = [];
  for (const [k, v] of Object.entries(env)) if (SECRET_ENV.test(k)) out.push(v);
  out.push(ldap?.password, readIf(env.CLOUDSYNC_LDAP_PASSWORD_FILE));
  out.push(entra?.clientSecret, entra?.certificatePassword, entra?.oidcRequestToken, readIf(entra?.federatedTokenFile), readIf(env.AZURE_FEDERATED_TOKEN_FILE));
  const pem = readIf(entra?.certificatePath ?? env.AZURE_CLIENT_CERTIFICATE_PATH);
  if (pem !== undefined) for (const m of pem.matchAll(/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z0-9 ]*PRIVATE KEY-----/g)) out.push(m[0]);
  return out.filter((v): v is string => v !== undefined && v.trim() !== '');
}

function environment(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(env).sort()) if (SHOWN_ENV.test(k)) out[k] = SECRET_ENV.test(k) ? '(redacted)' : String(env[k]);
  return out;
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

export async function runLogsExport(ctx: Context, flags: LogsExportFlags): Promise<number> {
  const now = new Date();
  const out = resolve(ctx.io.cwd, flags.out ?? `cloudsync-support-${stamp(now)}.zip`);
  // A bad --out is found before anything is collected (doctor probes, Graph calls).
  if (!statSync(dirname(out), { throwIfNoEntry: false })?.isDirectory()) throw new CloudsyncError('usage', `--out ${flags.out ?? out}: the folder ${dirname(out)} does not exist`);
  const since = parseSince(flags.since ?? '24h', now);
  const env = ctx.io.env;
  const parts: BundlePart[] = [];
  const missing: string[] = [];
  const add = (name: string, about: string, text: string): void => void parts.push({ name, about, text });

  let ldap: LdapSettings | undefined;
  try {
    ldap = await resolveLdapSettings(
      { ...(flags.url ? { url: flags.url } : {}), ...(flags.bindDn ? { bindDn: flags.bindDn } : {}), ...(flags.passwordFile ? { passwordFile: flags.passwordFile } : {}), ...(flags.caFile ? { caFile: flags.caFile } : {}), ...(flags.baseDn ? { baseDn: flags.baseDn } : {}) },
      env,
      ctx.config.ldap,
      ctx.io.cwd,
    );
  } catch (e) {
    missing.push(`AD settings: ${(e as Error).message}`);
  }
  let entra: EntraSettings | undefined;
  try {
    entra = flags.entra === false ? undefined : await entraSettingsFor(ctx, flags);
  } catch (e) {
    missing.push(`Entra settings: ${(e as Error).message}`);
  }

  add(
    'config.json',
    'the effective configuration: config file, resolved AD and Entra settings, cloudsync/Azure environment variables (secrets redacted)',
    jsonLine({ configFile: ctx.configPath ?? null, config: ctx.config, ldap: ldap ? describeLdapSettings(ldap) : null, entra: entra ? describeEntraSettings(entra) : null, environment: environment(env) }, true),
  );
  add('versions.json', 'cloudsync, Node.js, operating system and dependency versions', jsonLine(versions(), true));

  const stateDir = defaultStateDir(env);
  try {
    const { copies, skipped } = recentJournals(stateDir, since);
    for (const c of copies) add(c.name, 'a sync / test-user run journal (NDJSON)', c.text);
    if (copies.length === 0) missing.push(`run journals: none since ${since.toISOString()} in ${stateDir}`);
    if (skipped > 0) missing.push(`run journals: ${skipped} older ones of the period left out (newest kept)`);
  } catch (e) {
    missing.push(`run journals (${stateDir}): ${(e as Error).message}`);
  }

  // doctor, as `cloudsync doctor -o json` reports it (no probes of Microsoft's public endpoints).
  const checks: CheckResult[] = [];
  if (flags.ad !== false && ldap !== undefined) {
    if (ldap.bindDn !== undefined && ldap.password === undefined) checks.push({ target: 'ad', check: 'configuration', status: 'skip', detail: 'no password in the environment or a file (the bundle never prompts)' });
    else checks.push(...(await collect(checkAd(ldap))));
  } else {
    checks.push({ target: 'ad', check: 'configuration', status: 'skip', detail: flags.ad === false ? 'skipped (--no-ad)' : 'no LDAP URL configured' });
  }
  let client: EntraClient | undefined;
  if (entra !== undefined) {
    checks.push(...(await collect(checkEntra(async () => (client = await openEntra(ctx, entra)), undefined, ctx.io.fetch))));
  } else {
    checks.push({ target: 'entra', check: 'configuration', status: 'skip', detail: flags.entra === false ? 'skipped (--no-entra)' : 'no tenant configured' });
  }
  const counts = { pass: 0, warn: 0, fail: 0, skip: 0 };
  for (const c of checks) counts[c.status]++;
  add('doctor.json', '`cloudsync doctor -o json`: connectivity, TLS, credentials, permissions', jsonLine({ ok: counts.fail === 0, counts, checks }, true));

  // Only a client that got a token is worth asking: the reason it did not is in doctor.json.
  const signedIn = checks.some((c) => c.target === 'entra' && c.check === 'token' && c.status === 'pass');
  if (client !== undefined && signedIn) {
    const graph = { request: client.request.bind(client), pages: client.pages.bind(client) };
    try {
      const configs = await cloudSyncConfigurations(graph);
      add('cloud/jobs.json', 'cloud sync configurations and their jobs: status, quarantine, schedule, settings', jsonLine(configs, true));
    } catch (e) {
      missing.push(`cloud sync jobs: ${(e as Error).message}`);
    }
    try {
      const result = await readCloudLogs(graph, { server: { since }, limit: PROVISIONING_RECORDS });
      add('cloud/provisioning.csv', `provisioning log records since ${since.toISOString()} (at most ${PROVISIONING_RECORDS}), names resolved, with ids`, renderLogsCloud(result, { format: 'csv', paint: ctx.paint, ids: true }));
      for (const p of result.problems) missing.push(`provisioning logs: ${p}`);
    } catch (e) {
      missing.push(`provisioning logs: ${(e as Error).message}`);
    }
  } else if (entra !== undefined) {
    missing.push('cloud sync jobs and provisioning logs: Entra ID was not reachable (see doctor.json)');
  } else {
    missing.push(`cloud sync jobs and provisioning logs: ${flags.entra === false ? 'left out (--no-entra)' : 'no tenant configured'}`);
  }

  const bundle = buildBundle({ parts, missing, secrets: knownSecrets(env, ldap, entra), createdAt: now, header: `cloudsync support bundle (${versions().cloudsync})` });
  try {
    await writeFile(out, bundle.bytes, { mode: 0o600 });
  } catch (e) {
    throw new CloudsyncError('runtime', `cannot write the bundle to ${out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { cause: e });
  }
  if (ctx.format === 'json' || ctx.format === 'ndjson') ctx.io.out(jsonLine({ path: out, entries: bundle.entries, missing: bundle.missing }, ctx.format === 'json'));
  else ctx.io.out(`${out}\n`);
  ctx.info(`${bundle.entries.length} file(s) in the bundle${bundle.missing.length > 0 ? `; not collected: ${bundle.missing.length} (listed in README.txt)` : ''}`);
  return EXIT.ok;
}
