import { lookup } from 'node:dns/promises';
import { isIP, connect as netConnect } from 'node:net';
import * as tls from 'node:tls';

/** Small network probes with short timeouts; they never throw. */

export async function resolveHost(host: string): Promise<{ ok: true; address: string } | { ok: false; error: string }> {
  if (isIP(host) !== 0) return { ok: true, address: host };
  try {
    const r = await lookup(host);
    return { ok: true, address: r.address };
  } catch (e) {
    return { ok: false, error: (e as NodeJS.ErrnoException).code ?? String(e) };
  }
}

export function tcpConnect(host: string, port: number, timeoutMs: number): Promise<{ ok: true; ms: number } | { ok: false; error: string }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const s = netConnect({ host, port });
    const done = (r: { ok: true; ms: number } | { ok: false; error: string }) => {
      s.destroy();
      resolve(r);
    };
    s.setTimeout(timeoutMs, () => done({ ok: false, error: `timed out after ${timeoutMs / 1000} s` }));
    s.once('connect', () => done({ ok: true, ms: Math.round(performance.now() - t0) }));
    s.once('error', (e: NodeJS.ErrnoException) => done({ ok: false, error: e.code ?? e.message }));
  });
}

export interface TlsProbe {
  protocol: string | null;
  authorized: boolean;
  authorizationError?: string;
  subject?: string;
  issuer?: string;
  validTo?: Date;
}

/** A TLS handshake (verification as configured is reported, not enforced, so we can say why). */
export function tlsHandshake(host: string, port: number, ca: Buffer | undefined, timeoutMs: number): Promise<TlsProbe | { error: string }> {
  return new Promise((resolve) => {
    const options: tls.ConnectionOptions = { host, port, rejectUnauthorized: false, ...(ca ? { ca } : {}) };
    if (isIP(host) === 0) options.servername = host;
    const s = tls.connect(options);
    const finish = (r: TlsProbe | { error: string }) => {
      s.destroy();
      resolve(r);
    };
    s.setTimeout(timeoutMs, () => finish({ error: `TLS handshake timed out after ${timeoutMs / 1000} s` }));
    s.once('error', (e: NodeJS.ErrnoException) => finish({ error: e.code ?? e.message }));
    s.once('secureConnect', () => {
      const cert = s.getPeerCertificate();
      const name = (n: Record<string, unknown> | undefined) => (n ? Object.entries(n).map(([k, v]) => `${k}=${String(v)}`).join(', ') : undefined);
      const probe: TlsProbe = { protocol: s.getProtocol(), authorized: s.authorized };
      if (!s.authorized && s.authorizationError) probe.authorizationError = String(s.authorizationError);
      const subject = name(cert.subject as unknown as Record<string, unknown>);
      const issuer = name(cert.issuer as unknown as Record<string, unknown>);
      if (subject) probe.subject = subject;
      if (issuer) probe.issuer = issuer;
      if (cert.valid_to) probe.validTo = new Date(cert.valid_to);
      finish(probe);
    });
  });
}
