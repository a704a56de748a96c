import { readFile } from 'node:fs/promises';
import type { LdapSettings } from '../config/ldap.js';
import { AdDirectory } from '../directory/ad/index.js';
import { isCloudsyncError } from '../errors.js';
import { resolveHost, tcpConnect, tlsHandshake } from './probe.js';
import { result, type CheckResult } from './types.js';

/** Attributes sync and validate read from user objects; objectGUID missing means no read access at all. */
const SYNC_ATTRIBUTES = ['objectGUID', 'userPrincipalName', 'sAMAccountName', 'displayName', 'mail', 'proxyAddresses', 'userAccountControl', 'givenName', 'sn', 'mS-DS-ConsistencyGuid'];
const SAMPLE = 50;
const DAY = 86_400_000;

/**
 * The AD half of the checklist, URL by URL: DNS, TCP, TLS (version, chain, expiry), bind, base DN,
 * read access to what sync needs. Stops a URL's checks at its first failure.
 */
export async function* checkAd(settings: LdapSettings, now = new Date()): AsyncGenerator<CheckResult> {
  const ca = settings.caFile ? await readFile(settings.caFile).catch(() => undefined) : undefined;
  if (settings.caFile && !ca) {
    yield result('ad', 'CA file', 'fail', `cannot read ${settings.caFile}`, 'fix the path given by --ca-file / CLOUDSYNC_LDAP_CA_FILE');
  }
  for (const url of settings.urls) {
    const u = new URL(url);
    const secure = u.protocol === 'ldaps:';
    const host = u.hostname.replace(/^\[|\]$/g, '');
    const port = u.port ? Number(u.port) : secure ? 636 : 389;
    const t = `${u.protocol}//${u.host}`;

    const dns = await resolveHost(host);
    if (!dns.ok) {
      yield result(t, 'DNS', 'fail', `${host} does not resolve (${dns.error})`, 'check the host name and the DNS servers of this machine');
      continue;
    }
    yield result(t, 'DNS', 'pass', `${host} → ${dns.address}`);

    const tcp = await tcpConnect(host, port, Math.min(settings.connectTimeoutMs, 5000));
    if (!tcp.ok) {
      yield result(t, 'TCP', 'fail', `cannot connect to port ${port}: ${tcp.error}`, `check that the DC listens on ${port} and that firewalls allow it`);
      continue;
    }
    yield result(t, 'TCP', 'pass', `port ${port} open (${tcp.ms} ms)`);

    if (secure) {
      const probe = await tlsHandshake(host, port, ca, 5000);
      if ('error' in probe) {
        yield result(t, 'TLS', 'fail', `handshake failed: ${probe.error}`, 'check that LDAPS is enabled on the DC (it needs a server certificate)');
        continue;
      }
      const old = probe.protocol === null || /^(SSLv|TLSv1(\.[01])?$)/.test(probe.protocol);
      yield result(t, 'TLS version', old ? 'fail' : 'pass', `${probe.protocol ?? 'unknown'}`, old ? 'enable TLS 1.2 or later on the DC' : undefined);
      if (!probe.authorized && settings.tlsVerify) {
        yield result(t, 'certificate', 'fail', `${probe.subject ?? '?'} (issuer ${probe.issuer ?? '?'}) is not trusted: ${probe.authorizationError ?? 'unknown'}`,
          'give the issuing CA with --ca-file or CLOUDSYNC_LDAP_CA_FILE, or connect by a name the certificate carries');
        continue;
      }
      const left = probe.validTo ? Math.floor((probe.validTo.getTime() - now.getTime()) / DAY) : undefined;
      if (left !== undefined && left < 0) {
        yield result(t, 'certificate', 'fail', `${probe.subject ?? '?'} expired on ${probe.validTo?.toISOString().slice(0, 10)}`, 'renew the DC certificate');
        continue;
      }
      const status = !probe.authorized ? 'warn' : left !== undefined && left < 30 ? 'warn' : 'pass';
      yield result(t, 'certificate', status,
        `${probe.subject ?? '?'}, issuer ${probe.issuer ?? '?'}${left !== undefined ? `, expires in ${left} days` : ''}${probe.authorized ? ', chain verified' : ', NOT verified (verification is off)'}`,
        status === 'warn' ? (probe.authorized ? 'renew the DC certificate soon' : 'turn verification back on with --ca-file') : undefined);
    } else if (!settings.startTls) {
      yield result(t, 'TLS', settings.allowPlaintext ? 'warn' : 'fail', 'plain ldap:// without StartTLS: the bind password would cross the network in clear text',
        'use ldaps:// or --start-tls');
      if (!settings.allowPlaintext) continue;
    }

    let dir: AdDirectory | undefined;
    try {
      dir = await AdDirectory.connect({
        urls: [url],
        ...(settings.bindDn !== undefined ? { bindDn: settings.bindDn } : {}),
        ...(settings.password !== undefined ? { password: settings.password } : {}),
        ...(settings.caFile !== undefined ? { caFile: settings.caFile } : {}),
        ...(settings.baseDn !== undefined ? { baseDn: settings.baseDn } : {}),
        startTls: settings.startTls, tlsVerify: settings.tlsVerify, allowPlaintext: settings.allowPlaintext,
        connectTimeoutMs: settings.connectTimeoutMs, timeoutMs: Math.min(settings.timeoutMs, 30_000),
      });
    } catch (e) {
      yield result(t, 'bind', 'fail', isCloudsyncError(e) ? e.message : String(e));
      continue;
    }
    try {
      const rd = dir.rootDse();
      yield result(t, 'bind', 'pass', `bound as ${settings.bindDn ?? '(anonymous)'} to ${rd.dnsHostName || t}`);
      const base = await dir.get(dir.baseDn, ['objectClass']).catch((e: unknown) => e);
      if (base === undefined || base instanceof Error) {
        yield result(t, 'base DN', 'fail', `${dir.baseDn} cannot be read${base instanceof Error ? `: ${base.message}` : ''}`, 'check --base-dn / CLOUDSYNC_LDAP_BASE_DN');
        continue;
      }
      yield result(t, 'base DN', 'pass', dir.baseDn);
      yield await checkReadAccess(t, dir);
    } finally {
      await dir.close();
    }
  }
}

async function checkReadAccess(t: string, dir: AdDirectory): Promise<CheckResult> {
  const seen = new Map<string, number>(SYNC_ATTRIBUTES.map((a) => [a.toLowerCase(), 0]));
  let n = 0;
  for await (const o of dir.search({ scope: {}, typeFilter: '(&(objectCategory=person)(objectClass=user))', attributes: SYNC_ATTRIBUTES })) {
    n++;
    for (const k of seen.keys()) if ((o.attributes.get(k)?.length ?? 0) > 0) seen.set(k, (seen.get(k) ?? 0) + 1);
    if (n >= SAMPLE) break;
  }
  if (n === 0) return result(t, 'read access', 'warn', 'no user objects visible under the base DN', 'check the base DN and that the account may list users');
  if ((seen.get('objectguid') ?? 0) < n) return result(t, 'read access', 'fail', 'objectGUID is not readable', 'grant the account read access to user objects');
  const never = SYNC_ATTRIBUTES.filter((a) => (seen.get(a.toLowerCase()) ?? 0) === 0 && a !== 'mS-DS-ConsistencyGuid');
  return never.length === 0
    ? result(t, 'read access', 'pass', `${n} users sampled; every attribute sync reads was returned`)
    : result(t, 'read access', 'warn', `${n} users sampled; never returned: ${never.join(', ')}`, 'either no user has them, or the account cannot read them: check the ACLs');
}
