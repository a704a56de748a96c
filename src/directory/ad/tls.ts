/**
 * LDAP URLs and TLS options: SNI from the URL host, the CA bundle, and a diagnostic look at the
 * server certificate after a verification failure.
 */
import { isIP } from 'node:net';
import * as tls from 'node:tls';
import { Client } from 'ldapts';
import { CloudsyncError } from '../../errors.js';
import type { PeerCertificateInfo } from './errors.js';

export interface LdapUrl {
  /** Normalized: scheme://host:port (IPv6 hosts in brackets). */
  readonly url: string;
  readonly secure: boolean;
  /** Host without brackets. */
  readonly host: string;
  readonly port: number;
}

export function parseLdapUrl(text: string): LdapUrl {
  let u: URL;
  try {
    u = new URL(text.trim());
  } catch {
    throw new CloudsyncError('usage', `invalid LDAP URL "${text}": expected ldaps://host[:port] or ldap://host[:port]`);
  }
  if (u.protocol !== 'ldaps:' && u.protocol !== 'ldap:') {
    throw new CloudsyncError('usage', `invalid LDAP URL "${text}": the scheme must be ldaps:// or ldap://`);
  }
  if (u.hostname === '') throw new CloudsyncError('usage', `invalid LDAP URL "${text}": no host`);
  if ((u.pathname !== '' && u.pathname !== '/') || u.search !== '' || u.username !== '' || u.password !== '') {
    throw new CloudsyncError('usage', `invalid LDAP URL "${text}": give only scheme://host[:port] (the base DN is a separate option)`);
  }
  const secure = u.protocol === 'ldaps:';
  const port = u.port === '' ? (secure ? 636 : 389) : Number(u.port);
  const host = u.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const shown = isIP(host) === 6 ? `[${host}]` : host;
  return { url: `${u.protocol}//${shown}:${port}`, secure, host, port };
}

export interface TlsSettings {
  ca?: Buffer;
  verify: boolean;
}

/** TLS options for one server: SNI only for names (RFC 6066 forbids IP addresses there). */
export function tlsOptionsFor(target: LdapUrl, settings: TlsSettings): tls.ConnectionOptions {
  const options: tls.ConnectionOptions = { rejectUnauthorized: settings.verify, host: target.host };
  if (isIP(target.host) === 0) options.servername = target.host;
  if (settings.ca !== undefined) options.ca = settings.ca;
  return options;
}

function formatName(name: object | undefined): string {
  if (name === undefined) return '?';
  const parts: string[] = [];
  for (const [k, v] of Object.entries(name) as [string, unknown][]) {
    for (const one of Array.isArray(v) ? v : [v]) parts.push(`${k}=${String(one)}`);
  }
  return parts.length === 0 ? '(empty)' : parts.reverse().join(', ');
}

export function describeCertificate(cert: tls.PeerCertificate): PeerCertificateInfo | undefined {
  if (cert === null || cert === undefined || Object.keys(cert).length === 0) return undefined;
  const info: PeerCertificateInfo = { subject: formatName(cert.subject), issuer: formatName(cert.issuer) };
  if (cert.subjectaltname) info.altNames = cert.subjectaltname;
  if (cert.valid_to) info.validTo = cert.valid_to;
  return info;
}

/**
 * Reads the server certificate without verifying it, only to say which certificate failed.
 * Nothing is sent over this connection but the LDAP StartTLS request (for ldap:// URLs).
 */
export async function fetchPeerCertificate(target: LdapUrl, timeoutMs: number): Promise<PeerCertificateInfo | undefined> {
  const options: tls.ConnectionOptions = { ...tlsOptionsFor(target, { verify: false }) };
  let socket: tls.TLSSocket | undefined;
  const capture = ((...args: Parameters<typeof tls.connect>) => {
    socket = (tls.connect as (...a: unknown[]) => tls.TLSSocket)(...args);
    return socket;
  }) as typeof tls.connect;
  let timer: NodeJS.Timeout | undefined;
  const work = async (): Promise<PeerCertificateInfo | undefined> => {
    if (target.secure) {
      return await new Promise((resolve) => {
        const s = tls.connect({ ...options, port: target.port }, () => resolve(describeCertificate(s.getPeerCertificate())));
        socket = s;
        s.once('error', () => resolve(undefined));
      });
    }
    const client = new Client({ url: target.url, connectTimeout: timeoutMs, timeout: timeoutMs, createSecureConnection: capture });
    try {
      await client.startTLS(options);
      return socket === undefined ? undefined : describeCertificate(socket.getPeerCertificate());
    } finally {
      await client.unbind().catch(() => undefined);
    }
  };
  try {
    return await Promise.race([
      work(),
      new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), timeoutMs);
      }),
    ]);
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
    socket?.destroy();
  }
}
