import { resolveHost, tcpConnect } from './probe.js';
import { result, type CheckResult } from './types.js';

/**
 * Endpoints Microsoft's cloud sync agent must reach (Microsoft's documented list; wildcards are
 * probed through a representative host).
 */
export const AGENT_ENDPOINTS: ReadonlyArray<{ host: string; port: number; why: string }> = [
  { host: 'login.microsoftonline.com', port: 443, why: '*.microsoftonline.com: sign-in' },
  { host: 'login.windows.net', port: 443, why: 'sign-in' },
  { host: 'graph.microsoft.com', port: 443, why: '*.microsoft.com: Graph' },
  { host: 'management.azure.com', port: 443, why: 'Azure resource manager' },
  { host: 'servicebus.windows.net', port: 443, why: '*.servicebus.windows.net: agent channel' },
  { host: 'msappproxy.net', port: 443, why: '*.msappproxy.net: agent registration and bootstrap' },
  { host: 'mscrl.microsoft.com', port: 80, why: 'certificate revocation lists' },
  { host: 'crl.microsoft.com', port: 80, why: 'certificate revocation lists' },
  { host: 'ocsp.msocsp.com', port: 80, why: 'OCSP' },
];

/** DNS then TCP for each endpoint; failures are warnings (this machine may not be the agent's). */
export async function* checkAgentEndpoints(timeoutMs = 3000): AsyncGenerator<CheckResult> {
  for (const e of AGENT_ENDPOINTS) {
    const target = `${e.host}:${e.port}`;
    const dns = await resolveHost(e.host);
    if (!dns.ok) {
      yield result('network', target, 'warn', `${e.why}: does not resolve (${dns.error})`, 'the cloud sync agent needs outbound DNS and HTTPS to Microsoft; check DNS and the proxy');
      continue;
    }
    const tcp = await tcpConnect(e.host, e.port, timeoutMs);
    yield tcp.ok
      ? result('network', target, 'pass', `${e.why}: reachable (${tcp.ms} ms)`)
      : result('network', target, 'warn', `${e.why}: ${tcp.error}`, `allow outbound port ${e.port} to ${e.host}`);
  }
}
