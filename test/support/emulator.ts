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
import {
  ConfidentialClientApplication,
  type Configuration,
  type INetworkModule,
  type NetworkRequestOptions,
  type NetworkResponse,
  type NodeAuthOptions,
} from '@azure/msal-node';
import {
  AuthenticationHandler,
  Client,
  RedirectHandler,
  RedirectHandlerOptions,
  RetryHandler,
  RetryHandlerOptions,
  TelemetryHandler,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import { emulatorEnv, startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** The body parsed as JSON (undefined when it is not JSON). */
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export function rawRequest(url: string, ca: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { method: init.method ?? 'GET', headers: init.headers, ca }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = text === '' ? undefined : JSON.parse(text);
        } catch {
          json = undefined;
        }
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
        resolve({ status: res.statusCode ?? 0, headers, text, json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

/** msal-node's network client, over node:https with the emulator CA. */
export function caNetworkClient(ca: string): INetworkModule {
  const send = async <T>(method: string, url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> => {
    const r = await rawRequest(url, ca, { method, headers: options?.headers ?? {}, ...(options?.body !== undefined ? { body: options.body } : {}) });
    return { status: r.status, headers: r.headers, body: (r.json ?? {}) as T };
  };
  return {
    sendGetRequestAsync: (url, options) => send('GET', url, options),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  };
}

/** The Graph client's last middleware (instead of global fetch), trusting the emulator CA. */
export class CaFetchHandler implements Middleware {
  constructor(private readonly ca: string) {}

  async execute(context: { request: unknown; options?: { method?: string; headers?: unknown; body?: unknown }; response?: Response }): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : (context.request as { url: string }).url;
    const headers: Record<string, string> = {};
    const h = context.options?.headers;
    if (h instanceof Headers) h.forEach((v, k) => (headers[k] = v));
    else if (h) for (const [k, v] of Object.entries(h as Record<string, string>)) headers[k] = String(v);
    const body = context.options?.body;
    const r = await rawRequest(url, this.ca, { method: context.options?.method ?? 'GET', headers, ...(typeof body === 'string' ? { body } : {}) });
    context.response = new Response(r.status === 204 || r.text === '' ? null : r.text, { status: r.status, headers: r.headers });
  }

  setNext(): void {}
}

export { caFetch } from '../../src/emulator/sync-service/ca-fetch.js';

export interface TestEmulator extends RunningEmulator {
  /** Environment for a cloudsync subprocess (the recipe). */
  env: Record<string, string>;
  ca: string;
  networkClient: INetworkModule;
  msalConfig(auth?: Partial<NodeAuthOptions>): Configuration;
  msalApp(auth?: Partial<NodeAuthOptions>): ConfidentialClientApplication;
  /** A Graph access token for the default app (or the given credentials). */
  token(auth?: Partial<NodeAuthOptions>): Promise<string>;
  graphClient(opts?: { getAccessToken?: () => Promise<string>; retry?: RetryHandlerOptions; version?: 'v1.0' | 'beta' }): Client;
  /** Raw HTTPS to a path on the emulator (e.g. "/v1.0/users"). */
  request(path: string, init?: { method?: string; headers?: Record<string, string>; body?: string }): Promise<RawResponse>;
}

export async function startTestEmulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
  const emu = await startEmulator(options);
  const ca = emu.state.ca.certPem;
  const { info } = emu;
  const networkClient = caNetworkClient(ca);
  const msalConfig = (auth: Partial<NodeAuthOptions> = {}): Configuration => ({
    auth: {
      clientId: info.clientId,
      authority: `${info.authorityHost}/${info.tenantId}`,
      knownAuthorities: [new URL(info.authorityHost).host],
      ...(auth.clientCertificate || auth.clientAssertion ? {} : { clientSecret: info.clientSecret }),
      ...auth,
    },
    system: { networkClient },
  });
  const msalApp = (auth?: Partial<NodeAuthOptions>): ConfidentialClientApplication => new ConfidentialClientApplication(msalConfig(auth));
  const token = async (auth?: Partial<NodeAuthOptions>): Promise<string> => {
    const r = await msalApp(auth).acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] });
    if (!r) throw new Error('msal returned no token');
    return r.accessToken;
  };
  return Object.assign(emu, {
    env: emulatorEnv(info),
    ca,
    networkClient,
    msalConfig,
    msalApp,
    token,
    graphClient: (opts: { getAccessToken?: () => Promise<string>; retry?: RetryHandlerOptions; version?: 'v1.0' | 'beta' } = {}) =>
      Client.initWithMiddleware({
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
    request: (path: string, init?: { method?: string; headers?: Record<string, string>; body?: string }) => rawRequest(`${info.graphEndpoint}${path}`, ca, init),
  });
}
