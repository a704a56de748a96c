import { isCloudsyncError } from '../errors.js';
import { checkOwnership } from './ownership.js';
import { COMMAND_PERMISSIONS, missingFor } from './permissions.js';
import { result, type CheckResult } from './types.js';

/** What the Entra checks need from the Graph client (EntraClient provides it). */
export interface EntraProbe {
  readonly settings: { tenantId: string; method: string; authorityHost: string; graphEndpoint: string; clientId?: string };
  token(): Promise<{ roles: string[]; tenantId?: string; appId?: string; expiresOn: Date; issuedAt?: Date }>;
  verifiedDomains(): Promise<string[]>;
  /** Any Graph request (the ownership extensions check). */
  request?<T>(method: string, path: string, body?: unknown): Promise<T>;
}

const MINUTE = 60_000;

/**
 * The Entra half: token with the configured method, tenant, permissions per command (from the
 * token's roles), Graph reachable, clock skew (the token's issue time against this clock).
 */
export async function* checkEntra(
  open: () => Promise<EntraProbe>,
  now: () => Date = () => new Date(),
  fetchImpl: typeof fetch = fetch,
  opts: { extensionAppId?: string | undefined } = {},
): AsyncGenerator<CheckResult> {
  const t = 'entra';
  let client: EntraProbe;
  try {
    client = await open();
  } catch (e) {
    yield result(t, 'client', 'fail', isCloudsyncError(e) ? e.message : String(e));
    return;
  }
  const s = client.settings;
  let token: Awaited<ReturnType<EntraProbe['token']>>;
  try {
    token = await client.token();
  } catch (e) {
    yield result(t, 'token', 'fail', `${s.method}: ${isCloudsyncError(e) ? e.message : String(e)}`);
    return;
  }
  yield result(t, 'token', 'pass', `${s.method} at ${s.authorityHost}, app ${token.appId ?? s.clientId ?? '?'}`);
  if (token.tenantId && token.tenantId.toLowerCase() !== s.tenantId.toLowerCase() && !/^[a-z0-9-]+\.[a-z.]+$/i.test(s.tenantId)) {
    yield result(t, 'tenant', 'fail', `the token is for tenant ${token.tenantId}, not ${s.tenantId}`, 'check AZURE_TENANT_ID');
  } else {
    yield result(t, 'tenant', 'pass', token.tenantId ?? s.tenantId);
  }
  const server = await serverTime(s.graphEndpoint, fetchImpl);
  if (server) {
    // Graph's Date header, not the token's iat: Entra backdates iat by minutes on purpose.
    const skew = now().getTime() - server.getTime();
    const abs = Math.abs(skew);
    const status = abs > 5 * MINUTE ? 'fail' : abs > MINUTE ? 'warn' : 'pass';
    yield result(t, 'clock', status, `this machine is ${Math.round(abs / 1000)} s ${skew >= 0 ? 'ahead of' : 'behind'} Graph's clock`,
      status === 'pass' ? undefined : "synchronise this machine's clock (NTP); tokens and certificates are time-checked");
  }
  for (const [command, needs] of Object.entries(COMMAND_PERMISSIONS)) {
    const missing = missingFor(token.roles, needs);
    yield missing.length === 0
      ? result(t, `permissions: ${command}`, 'pass', 'granted')
      : result(t, `permissions: ${command}`, command.startsWith('validate') ? 'fail' : 'warn',
          `missing: ${missing.map((m) => `${m.what} (${m.anyOf[0]})`).join('; ')}`,
          `add ${missing.map((m) => m.anyOf[0]).join(', ')} as application permissions and grant admin consent`);
  }
  if (client.request !== undefined) yield await checkOwnership(client as Required<EntraProbe>, opts.extensionAppId ?? token.appId ?? s.clientId);
  try {
    const domains = await client.verifiedDomains();
    yield result(t, 'Graph', 'pass', `${s.graphEndpoint} answered; verified domains: ${domains.join(', ') || '(none)'}`);
  } catch (e) {
    yield result(t, 'Graph', 'fail', isCloudsyncError(e) ? e.message : String(e));
  }
}

/** The Date header of any Graph answer (an unauthenticated GET is enough). */
async function serverTime(graphEndpoint: string, fetchImpl: typeof fetch): Promise<Date | undefined> {
  try {
    const r = await fetchImpl(`${graphEndpoint.replace(/\/$/, '')}/v1.0/`, { signal: AbortSignal.timeout(5000) });
    await r.body?.cancel();
    const d = r.headers.get('date');
    return d ? new Date(d) : undefined;
  } catch {
    return undefined;
  }
}
