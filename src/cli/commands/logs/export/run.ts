import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { describeEntraSettings, type EntraSettings } from '../../../../config/entra.js';
import { describeLdapSettings, resolveLdapSettings, type LdapSettings } from '../../../../config/ldap.js';
import { checkAd } from '../../../../doctor/ad.js';
import { checkEntra } from '../../../../doctor/entra.js';
import type { CheckResult } from '../../../../doctor/types.js';
import type { EntraClient } from '../../../../directory/entra/index.js';
import { buildBundle, type BundlePart } from '../../../../logs/bundle/build.js';
import { recentJournals } from '../../../../logs/bundle/journals.js';
import { SECRET_ENV } from '../../../../logs/bundle/redact.js';
import { versions } from '../../../../logs/bundle/versions.js';
import { readCloudLogs } from '../../../../logs/cloud/index.js';
import { cloudSyncConfigurations } from '../../../../cloud-sync/discovery.js';
import { defaultStateDir } from '../../../../sync/store/workspace.js';
import { CloudsyncError } from '../../../../errors.js';
import type { Context } from '../../../context.js';
import { entraSettingsFor, openEntra } from '../../../entra.js';
import { emitOptions } from '../../../output/emit.js';
import { EXIT } from '../../../output/exit-codes.js';
import { jsonLine } from '../../../output/format.js';
import { renderDoctor } from '../../doctor/render.js';
import { renderLogsCloud } from '../cloud/render.js';
import { logsExportOptions, type LogsExportFlags } from './options.js';
import { renderBundle } from './render.js';

/** Environment variables worth showing (values of secret ones are replaced). */
const SHOWN_ENV = /^(CLOUDSYNC_|AZURE_|NODE_EXTRA_CA_CERTS$|NODE_OPTIONS$|ACTIONS_ID_TOKEN_REQUEST_URL$|SYSTEM_OIDCREQUESTURI$|AZURESUBSCRIPTION_|IDENTITY_ENDPOINT$|MSI_ENDPOINT$|IMDS_ENDPOINT$|HTTPS?_PROXY$|NO_PROXY$)/i;
const PROVISIONING_RECORDS = 5000;

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
  const o = await logsExportOptions(ctx, flags);
  const { out, since, now } = o;
  const env = ctx.io.env;
  const parts: BundlePart[] = [];
  const missing: string[] = [];
  const add = (name: string, about: string, text: string): void => void parts.push({ name, about, text });

  let ldap: LdapSettings | undefined;
  try {
    ldap = await resolveLdapSettings(
      { ...(o.url ? { url: o.url } : {}), ...(o.bindDn ? { bindDn: o.bindDn } : {}), ...(o.passwordFile ? { passwordFile: o.passwordFile } : {}), ...(o.caFile ? { caFile: o.caFile } : {}), ...(o.baseDn ? { baseDn: o.baseDn } : {}) },
      env,
      ctx.config.ldap,
      ctx.io.cwd,
    );
  } catch (e) {
    missing.push(`AD settings: ${(e as Error).message}`);
  }
  let entra: EntraSettings | undefined;
  try {
    entra = !o.entra ? undefined : await entraSettingsFor(ctx, o);
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
  if (o.ad && ldap !== undefined) {
    if (ldap.bindDn !== undefined && ldap.password === undefined) checks.push({ target: 'ad', check: 'configuration', status: 'skip', detail: 'no password in the environment or a file (the bundle never prompts)' });
    else checks.push(...(await collect(checkAd(ldap))));
  } else {
    checks.push({ target: 'ad', check: 'configuration', status: 'skip', detail: !o.ad ? 'skipped (--no-ad)' : 'no LDAP URL configured' });
  }
  let client: EntraClient | undefined;
  if (entra !== undefined) {
    checks.push(...(await collect(checkEntra(async () => (client = await openEntra(ctx, entra)), undefined, ctx.io.fetch))));
  } else {
    checks.push({ target: 'entra', check: 'configuration', status: 'skip', detail: !o.entra ? 'skipped (--no-entra)' : 'no tenant configured' });
  }
  add('doctor.json', '`cloudsync doctor -o json`: connectivity, TLS, credentials, permissions', renderDoctor(checks, { format: 'json', paint: ctx.paint }));

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
    missing.push(`cloud sync jobs and provisioning logs: ${!o.entra ? 'left out (--no-entra)' : 'no tenant configured'}`);
  }

  const bundle = buildBundle({ parts, missing, secrets: knownSecrets(env, ldap, entra), createdAt: now, header: `cloudsync support bundle (${versions().cloudsync})` });
  try {
    await writeFile(out, bundle.bytes, { mode: 0o600 });
  } catch (e) {
    throw new CloudsyncError('runtime', `cannot write the bundle to ${out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { cause: e });
  }
  ctx.io.out(renderBundle({ path: out, entries: bundle.entries, missing: bundle.missing }, emitOptions(ctx)));
  ctx.info(`${bundle.entries.length} file(s) in the bundle${bundle.missing.length > 0 ? `; not collected: ${bundle.missing.length} (listed in README.txt)` : ''}`);
  return EXIT.ok;
}
