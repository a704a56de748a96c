import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import { AuthError } from '@azure/msal-node';
import type { NetworkFailure } from './auth-errors.js';

/**
 * msal's network module over fetch, like msal's own, but it remembers why the last request failed:
 * msal reports a refused connection, an untrusted certificate and an unknown tenant all as
 * "endpoints_resolution_error", which tells an administrator nothing.
 */
export class AuthNetwork implements INetworkModule {
  lastFailure: NetworkFailure | undefined;

  constructor(
    private readonly fetchImpl: typeof fetch = fetch,
    private readonly timeoutMs = 30_000,
  ) {}

  reset(): void {
    this.lastFailure = undefined;
  }

  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions, timeout?: number): Promise<NetworkResponse<T>> {
    return this.send<T>(url, 'GET', options, timeout);
  }

  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>(url, 'POST', options);
  }

  private async send<T>(url: string, method: string, options?: NetworkRequestOptions, timeout?: number): Promise<NetworkResponse<T>> {
    const init: RequestInit = {
      method,
      headers: options?.headers ?? {},
      signal: AbortSignal.timeout(timeout ?? this.timeoutMs),
    };
    if (method === 'POST') init.body = options?.body ?? '';
    let response: Response;
    try {
      response = await this.fetchImpl(url, init);
    } catch (e) {
      // Node's fetch puts the socket error in `cause`; other fetch implementations throw it directly.
      const cause = (e as { cause?: { code?: string; message?: string } }).cause ?? (e as { code?: string; message?: string });
      const timedOut = (e as Error).name === 'TimeoutError' || (e as Error).name === 'AbortError';
      const failure: NetworkFailure = { url: stripQuery(url), message: cause?.message ?? (e as Error).message };
      const code = timedOut ? 'timeout' : cause?.code;
      if (code !== undefined) failure.code = code;
      this.lastFailure = failure;
      throw new AuthError('network_error', '', `request to ${failure.url} failed: ${failure.code ?? failure.message}`);
    }
    const headers: Record<string, string> = {};
    response.headers.forEach((v, k) => {
      headers[k] = v;
    });
    let text: string;
    try {
      text = await response.text();
    } catch (e) {
      // The connection broke in the middle of the answer: a network failure, not a bad answer.
      const failure: NetworkFailure = { url: stripQuery(url), code: 'answer-cut', message: `the answer (HTTP ${response.status}) broke off: ${(e as Error).message}` };
      this.lastFailure = failure;
      throw new AuthError('network_error', '', `request to ${failure.url} failed: ${failure.message}`);
    }
    let body: unknown;
    try {
      body = text === '' ? {} : JSON.parse(text);
    } catch {
      this.lastFailure = { url: stripQuery(url), message: `HTTP ${response.status}: not JSON` };
      throw new AuthError('token_parsing_error', '', `${stripQuery(url)} answered HTTP ${response.status} with a body that is not JSON`);
    }
    // OpenID metadata for an unknown tenant comes back as 400 + AADSTS90002; msal discards it.
    const description = (body as { error_description?: unknown }).error_description;
    if (!response.ok && method === 'GET' && typeof description === 'string' && description.includes('AADSTS')) {
      this.lastFailure = { url: stripQuery(url), message: `HTTP ${response.status}`, aadsts: description.split(/\r?\n/)[0]! };
    }
    return { headers, body: body as T, status: response.status };
  }
}

/** Query strings may carry client ids or resource names; never tokens, but keep messages short. */
function stripQuery(url: string): string {
  const i = url.indexOf('?');
  return i === -1 ? url : url.slice(0, i);
}
