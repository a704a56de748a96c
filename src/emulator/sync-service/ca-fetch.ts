/**
 * fetch over node:https trusting the given CA(s), for a process where NODE_EXTRA_CA_CERTS cannot
 * be set: the emulator's cycles reach its own HTTPS Graph through it, and tests run the CLI in
 * process with it. Failures look like Node's fetch's (TypeError "fetch failed", the socket error
 * as its cause) and an abort signal (timeouts) is honoured.
 */
import { request as httpsRequest } from 'node:https';

export function caFetch(ca: string | readonly string[]): typeof fetch {
  return (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((v, k) => (headers[k] = v));
    const body = typeof init.body === 'string' || init.body instanceof Uint8Array ? init.body : undefined;
    const signal = init.signal ?? undefined;
    signal?.throwIfAborted();
    return new Promise<Response>((resolve, reject) => {
      const req = httpsRequest(url, { method: init.method ?? 'GET', headers, ca: typeof ca === 'string' ? ca : [...ca] }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const h = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(', ') : v);
          const status = res.statusCode ?? 0;
          const text = Buffer.concat(chunks);
          resolve(new Response(status === 204 || status === 304 || text.length === 0 ? null : text, { status, headers: h }));
        });
        res.on('error', (e) => reject(new TypeError('fetch failed', { cause: e })));
      });
      signal?.addEventListener('abort', () => {
        req.destroy();
        reject(signal.reason);
      }, { once: true });
      req.on('error', (e) => reject(new TypeError('fetch failed', { cause: e })));
      req.end(body);
    });
  }) as typeof fetch;
}
