import {
  AuthenticationHandler,
  Client,
  GraphError as LibGraphError,
  RedirectHandler,
  RedirectHandlerOptions,
  ResponseType,
  RetryHandler,
  RetryHandlerOptions,
  TelemetryHandler,
  type Context,
  type Middleware,
  type ShouldRetry,
} from '@microsoft/microsoft-graph-client';
import { CloudsyncError } from '../../errors.js';
import type { BatchEnvelope, BatchStep } from './batch.js';
import { graphAnswerCutError, graphErrorFromResponse, graphTransportError, type GraphErrorContext } from './graph-error.js';
import { retryAfterMs } from './retry-after.js';

export interface TransportHooks {
  onRetry?(info: { status: number; retryAfterMs: number; requestId?: string }): void;
}

/** The one place that talks HTTP to Graph, through @microsoft/microsoft-graph-client. */
export class GraphTransport {
  private readonly client: Client;
  private readonly origin: string;
  /** The Graph client turns a failing auth provider into an opaque error; keep the real one. */
  private lastAuthError: unknown;

  constructor(
    private readonly ctx: GraphErrorContext,
    private readonly getAccessToken: () => Promise<string>,
    private readonly hooks: TransportHooks = {},
    private readonly fetchImpl?: typeof fetch,
  ) {
    this.origin = new URL(ctx.graphEndpoint).origin;
    const authProvider = {
      getAccessToken: async (): Promise<string> => {
        try {
          return await this.getAccessToken();
        } catch (e) {
          this.lastAuthError = e;
          throw e;
        }
      },
    };
    const common = {
      baseUrl: ctx.graphEndpoint,
      // The bearer goes only to https hosts named here (by host name, without the port).
      customHosts: new Set([new URL(ctx.graphEndpoint).hostname]),
      defaultVersion: 'v1.0',
    };
    this.client =
      fetchImpl === undefined
        ? Client.initWithMiddleware({ authProvider, ...common })
        : // The default chain (auth, retry, redirect, telemetry) ending in the caller's fetch.
          Client.initWithMiddleware({
            ...common,
            middleware: [
              new AuthenticationHandler(authProvider),
              new RetryHandler(new RetryHandlerOptions()),
              new RedirectHandler(new RedirectHandlerOptions()),
              new TelemetryHandler(),
              new FetchHandler(fetchImpl),
            ],
          });
  }

  /** One request; the Graph client's RetryHandler retries 429/503/504 honouring Retry-After. */
  async request<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
    const m = method.toUpperCase();
    // Fetch the token first so an auth failure surfaces as itself, not as a Graph client error.
    await this.getAccessToken();
    let req = this.api(path).middlewareOptions([new RetryHandlerOptions(3, 3, this.retryObserver())]);
    if (headers !== undefined) req = req.headers(headers);
    try {
      switch (m) {
        case 'GET':
          return (await getWithReconnect(() => req.get())) as T;
        case 'POST':
          return (await req.post(body)) as T;
        case 'PATCH':
          return (await req.patch(body)) as T;
        case 'PUT':
          return (await req.put(body)) as T;
        case 'DELETE':
          return (await req.delete()) as T;
        default:
          throw new CloudsyncError('usage', `unsupported HTTP method "${method}": use GET, POST, PATCH, PUT or DELETE`);
      }
    } catch (e) {
      throw await this.toError(e, m, path);
    }
  }

  /** Every item of a collection, page by page, following @odata.nextLink. */
  async *pages<T>(path: string, headers?: Record<string, string>): AsyncGenerator<T> {
    let next: string | undefined = path;
    while (next !== undefined) {
      const page: { value?: T[]; '@odata.nextLink'?: string } = await this.request('GET', next, undefined, headers);
      for (const item of page.value ?? []) yield item;
      next = page['@odata.nextLink'];
      if (next !== undefined && new URL(next, this.origin).origin !== this.origin) {
        throw new CloudsyncError('runtime', `Graph returned a next-page link to another host (${new URL(next).host}): refusing to follow it`);
      }
    }
  }

  /** POST /$batch without the Graph client's retries: the batch writer retries per step. */
  readonly batch = async (steps: BatchStep[]): Promise<BatchEnvelope> => {
    await this.getAccessToken();
    let res: Response;
    try {
      res = (await this.api('/$batch')
        .responseType(ResponseType.RAW)
        .middlewareOptions([new RetryHandlerOptions(0, 0)])
        .post({ requests: steps })) as Response;
    } catch (e) {
      throw await this.toError(e, 'POST', '/$batch');
    }
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => {
      headers[k] = v;
    });
    let text: string;
    try {
      text = await res.text();
    } catch (e) {
      // The batch may have run: the batch writer looks up its writes before sending them again.
      throw graphAnswerCutError('POST', '/$batch', res.status, this.ctx, e);
    }
    let body: unknown = text;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      /* a proxy's HTML error page: keep the text */
    }
    return { status: res.status, headers, body };
  };

  /** Relative paths may start with /v1.0 or /beta; absolute ones must be on the Graph endpoint. */
  private api(path: string): ReturnType<Client['api']> {
    let p = path;
    if (/^https?:\/\//i.test(p)) {
      const url = new URL(p);
      if (url.origin !== this.origin) throw new CloudsyncError('usage', `"${path}" is not on the Graph endpoint ${this.origin}`);
      // Keep the raw path and query (URL would re-encode the query): they go back out as given.
      p = p.slice(url.origin.length);
    }
    if (!p.startsWith('/')) p = `/${p}`;
    const version = /^\/(v1\.0|beta)(?=\/|\?|$)/.exec(p)?.[1];
    if (version !== undefined) return this.client.api(p.slice(version.length + 1) || '/').version(version);
    return this.client.api(p).version('v1.0');
  }

  private retryObserver(): ShouldRetry {
    return (_delay, attempt, _request, options, response) => {
      // A POST that timed out at the gateway (504) may have been carried out: not sent blind again.
      if (response.status === 504 && (options?.method ?? 'GET').toUpperCase() === 'POST') return false;
      const wait = retryAfterMs(response.headers) ?? 3000 * 2 ** attempt;
      const requestId = response.headers.get('request-id') ?? response.headers.get('client-request-id') ?? undefined;
      this.hooks.onRetry?.({ status: response.status, retryAfterMs: wait, ...(requestId ? { requestId } : {}) });
      return true;
    };
  }

  async toError(e: unknown, method: string, path: string): Promise<CloudsyncError> {
    if (e instanceof CloudsyncError) return e;
    if (e instanceof LibGraphError || (typeof e === 'object' && e !== null && 'statusCode' in e)) {
      const g = e as LibGraphError;
      // A 2xx "error" is an answer that broke off while its body was read.
      if (isSuccess(g.statusCode)) return graphAnswerCutError(method, path, g.statusCode, this.ctx, e);
      if (g.statusCode > 0) {
        const body = { error: { code: g.code ?? undefined, message: g.message, innerError: g.requestId ? { 'request-id': g.requestId } : undefined } };
        return graphErrorFromResponse(g.statusCode, body, g.headers, method, path, this.ctx);
      }
      if (this.lastAuthError !== undefined) {
        const auth = this.lastAuthError;
        this.lastAuthError = undefined;
        if (auth instanceof CloudsyncError) return auth;
      }
    }
    return graphTransportError(method, path, this.ctx, await this.probe(), e);
  }

  /** fetch failures lose their cause inside the Graph client; one probe tells refused from untrusted. */
  private async probe(): Promise<string | undefined> {
    try {
      await (this.fetchImpl ?? fetch)(this.origin, { method: 'HEAD', signal: AbortSignal.timeout(10_000) });
      return undefined;
    } catch (e) {
      const code = (e as { cause?: { code?: string } }).cause?.code ?? (e as { code?: string }).code;
      return code ?? ((e as Error).name === 'TimeoutError' ? 'timeout' : undefined);
    }
  }
}

/** The last middleware: sends the request with the given fetch (the Graph client's own uses the global one). */
class FetchHandler implements Middleware {
  constructor(private readonly fetchImpl: typeof fetch) {}

  async execute(context: Context): Promise<void> {
    context.response = await this.fetchImpl(context.request as string | Request, context.options as RequestInit);
  }

  setNext(): void {
    /* last in the chain */
  }
}

const isSuccess = (status: number | undefined): boolean => status !== undefined && status >= 200 && status < 300;

/**
 * A GET is safe to repeat: a connection dropped without an answer (no HTTP status at all), or in
 * the middle of a successful one (a 2xx whose body broke off), is retried a few times with
 * jittered back-off. Other statuses are the RetryHandler's business.
 */
async function getWithReconnect<T>(get: () => Promise<T>, attempts = 4): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await get();
    } catch (e) {
      const status = (e as { statusCode?: number }).statusCode;
      const dropped = status === undefined || status === -1 || status === 0 || isSuccess(status);
      if (!dropped || i >= attempts) throw e;
      await new Promise((r) => setTimeout(r, 250 * 2 ** i * (0.5 + Math.random())));
    }
  }
}
