/**
 * Test helper for any area that needs Entra ID + Graph: starts the emulator in-process and
 * gives what a test needs to talk to it:
 *   - `env`: the environment for a CLI subprocess (NODE_EXTRA_CA_CERTS, AZURE_*, CLOUDSYNC_GRAPH_ENDPOINT);
 *   - `msalApp()` / `token()`: a real msal-node ConfidentialClientApplication (its network
 *     client trusts the emulator CA, which NODE_EXTRA_CA_CERTS cannot do in an already
 *     running process);
 *   - `graphClient()`: a real @microsoft/microsoft-graph-client Client with the default
 *     middleware (auth, retry, redirect, telemetry) whose last step trusts the emulator CA;
 *   - `request()`: raw HTTPS for contract tests.
 * Always `await emu.close()` (afterAll).
 */
import { request as httpsRequest } from 'node:https';
import { ConfidentialClientApplication, } from '@azure/msal-node';
import { AuthenticationHandler, Client, RedirectHandler, RedirectHandlerOptions, RetryHandler, RetryHandlerOptions, TelemetryHandler, } from '@microsoft/microsoft-graph-client';
import { emulatorEnv, startEmulator } from '../../src/emulator/index.js';
export function rawRequest(url, ca, init = {}) {
    return new Promise((resolve, reject) => {
        const req = httpsRequest(url, { method: init.method ?? 'GET', headers: init.headers, ca }, (res) => {
            const chunks = [];
            res.on('data', (c) => chunks.push(c));
            res.on('end', () => {
                const text = Buffer.concat(chunks).toString('utf8');
                let json;
                try {
                    json = text === '' ? undefined : JSON.parse(text);
                }
                catch {
                    json = undefined;
                }
                const headers = {};
                for (const [k, v] of Object.entries(res.headers))
                    if (v !== undefined)
                        headers[k] = Array.isArray(v) ? v.join(', ') : v;
                resolve({ status: res.statusCode ?? 0, headers, text, json });
            });
            res.on('error', reject);
        });
        req.on('error', reject);
        req.end(init.body);
    });
}
/** msal-node's network client, over node:https with the emulator CA. */
export function caNetworkClient(ca) {
    const send = async (method, url, options) => {
        const r = await rawRequest(url, ca, { method, headers: options?.headers ?? {}, ...(options?.body !== undefined ? { body: options.body } : {}) });
        return { status: r.status, headers: r.headers, body: (r.json ?? {}) };
    };
    return {
        sendGetRequestAsync: (url, options) => send('GET', url, options),
        sendPostRequestAsync: (url, options) => send('POST', url, options),
    };
}
/** The Graph client's last middleware (instead of global fetch), trusting the emulator CA. */
export class CaFetchHandler {
    ca;
    constructor(ca) {
        this.ca = ca;
    }
    async execute(context) {
        const url = typeof context.request === 'string' ? context.request : context.request.url;
        const headers = {};
        const h = context.options?.headers;
        if (h instanceof Headers)
            h.forEach((v, k) => (headers[k] = v));
        else if (h)
            for (const [k, v] of Object.entries(h))
                headers[k] = String(v);
        const body = context.options?.body;
        const r = await rawRequest(url, this.ca, { method: context.options?.method ?? 'GET', headers, ...(typeof body === 'string' ? { body } : {}) });
        context.response = new Response(r.status === 204 || r.text === '' ? null : r.text, { status: r.status, headers: r.headers });
    }
    setNext() { }
}
/**
 * fetch over node:https trusting the given CA(s) (what NODE_EXTRA_CA_CERTS does for a new
 * process). Failures look like Node's fetch's (TypeError "fetch failed", the socket error as its
 * cause) and an abort signal (timeouts) is honoured.
 */
export function caFetch(ca) {
    return (async (input, init = {}) => {
        const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
        const headers = {};
        new Headers(init.headers).forEach((v, k) => (headers[k] = v));
        const body = typeof init.body === 'string' || init.body instanceof Uint8Array ? init.body : undefined;
        const signal = init.signal ?? undefined;
        signal?.throwIfAborted();
        return new Promise((resolve, reject) => {
            const req = httpsRequest(url, { method: init.method ?? 'GET', headers, ca: typeof ca === 'string' ? ca : [...ca] }, (res) => {
                const chunks = [];
                res.on('data', (c) => chunks.push(c));
                res.on('end', () => {
                    const h = new Headers();
                    for (const [k, v] of Object.entries(res.headers))
                        if (v !== undefined)
                            h.set(k, Array.isArray(v) ? v.join(', ') : v);
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
    });
}
export async function startTestEmulator(options = {}) {
    const emu = await startEmulator(options);
    const ca = emu.state.ca.certPem;
    const { info } = emu;
    const networkClient = caNetworkClient(ca);
    const msalConfig = (auth = {}) => ({
        auth: {
            clientId: info.clientId,
            authority: `${info.authorityHost}/${info.tenantId}`,
            knownAuthorities: [new URL(info.authorityHost).host],
            ...(auth.clientCertificate || auth.clientAssertion ? {} : { clientSecret: info.clientSecret }),
            ...auth,
        },
        system: { networkClient },
    });
    const msalApp = (auth) => new ConfidentialClientApplication(msalConfig(auth));
    const token = async (auth) => {
        const r = await msalApp(auth).acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] });
        if (!r)
            throw new Error('msal returned no token');
        return r.accessToken;
    };
    return Object.assign(emu, {
        env: emulatorEnv(info),
        ca,
        networkClient,
        msalConfig,
        msalApp,
        token,
        graphClient: (opts = {}) => Client.initWithMiddleware({
            baseUrl: info.graphEndpoint,
            defaultVersion: opts.version ?? 'v1.0',
            customHosts: new Set([new URL(info.graphEndpoint).hostname]),
            middleware: [
                new AuthenticationHandler({ getAccessToken: opts.getAccessToken ?? (() => token()) }),
                new RetryHandler(opts.retry ?? new RetryHandlerOptions()),
                new RedirectHandler(new RedirectHandlerOptions()),
                new TelemetryHandler(),
                new CaFetchHandler(ca),
            ],
        }),
        request: (path, init) => rawRequest(`${info.graphEndpoint}${path}`, ca, init),
    });
}
//# sourceMappingURL=emulator.js.map