/**
 * One bound LDAP connection to one DC: opening it (TLS, StartTLS, bind), reopening it when the
 * server dropped it, and running operations with errors mapped to CloudsyncErrors.
 */
import { Client, type Control, type Entry, type SearchOptions } from 'ldapts';
import type { CloudsyncError } from '../../errors.js';
import { wireFilter } from './binary-filter.js';
import { isCertificateError, toCloudsyncError, type DnRole, type ErrorContext } from './errors.js';
import { fetchPeerCertificate, tlsOptionsFor, type LdapUrl, type TlsSettings } from './tls.js';

export interface SessionSettings {
  bindDn?: string;
  password?: string;
  startTls: boolean;
  tls: TlsSettings;
  connectTimeoutMs: number;
  timeoutMs: number;
  pageSize: number;
}

/** Rejects with the signal's reason as soon as it aborts (the pending request is left to finish). */
export function raceAbort<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return p;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

function withTimeout<T>(p: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(onTimeout()), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export class AdSession {
  readonly target: LdapUrl;
  #client: Client | undefined;
  readonly #settings: SessionSettings;

  private constructor(target: LdapUrl, settings: SessionSettings) {
    this.target = target;
    this.#settings = settings;
  }

  /** Connects, upgrades (StartTLS) and binds; errors are mapped (with the server certificate for TLS ones). */
  static async open(target: LdapUrl, settings: SessionSettings): Promise<AdSession> {
    const session = new AdSession(target, settings);
    await session.#connect();
    return session;
  }

  get pageSize(): number {
    return this.#settings.pageSize;
  }

  context(operation: string, dn?: string, dnRole?: DnRole): ErrorContext {
    const s = this.#settings;
    const ctx: ErrorContext = {
      url: this.target.url,
      operation,
      connectTimeoutMs: s.connectTimeoutMs,
      timeoutMs: s.timeoutMs,
      secrets: s.password === undefined ? [] : [s.password],
    };
    if (s.bindDn !== undefined) ctx.bindDn = s.bindDn;
    if (dn !== undefined) ctx.dn = dn;
    if (dnRole !== undefined) ctx.dnRole = dnRole;
    return ctx;
  }

  async #connect(): Promise<void> {
    const s = this.#settings;
    const tlsOptions = tlsOptionsFor(this.target, s.tls);
    // tlsOptions with an ldap:// URL would make ldapts speak TLS on the plain port: only for ldaps://.
    const client = new Client({
      url: this.target.url,
      connectTimeout: s.connectTimeoutMs,
      timeout: s.timeoutMs,
      ...(this.target.secure ? { tlsOptions } : {}),
    });
    let stage = 'connect';
    try {
      if (!this.target.secure && s.startTls) {
        stage = 'StartTLS';
        await withTimeout(client.startTLS(tlsOptions), s.connectTimeoutMs, () => new Error('Connection timeout'));
      }
      if (s.bindDn !== undefined) {
        stage = 'bind';
        await client.bind(s.bindDn, s.password ?? '');
      }
      this.#client = client;
    } catch (err) {
      await client.unbind().catch(() => undefined);
      const ctx = this.context(stage);
      if (isCertificateError(err)) {
        const peer = await fetchPeerCertificate(this.target, Math.min(s.connectTimeoutMs, 5000));
        if (peer !== undefined) ctx.peer = peer;
      }
      throw toCloudsyncError(err, ctx);
    }
  }

  /** The client, reconnected and re-bound if the server closed the connection meanwhile. */
  async client(): Promise<Client> {
    if (this.#client === undefined || !this.#client.isConnected) {
      // Never let ldapts reconnect on its own: it would run unauthenticated (or, after StartTLS, in clear text).
      await this.#client?.unbind().catch(() => undefined);
      this.#client = undefined;
      await this.#connect();
    }
    return this.#client!;
  }

  mapError(err: unknown, operation: string, dn?: string, dnRole?: DnRole): CloudsyncError {
    return toCloudsyncError(err, this.context(operation, dn, dnRole));
  }

  /** Runs one operation with its errors mapped. */
  async run<T>(operation: string, dn: string | undefined, dnRole: DnRole | undefined, fn: (c: Client) => Promise<T>, signal?: AbortSignal): Promise<T> {
    try {
      const c = await this.client();
      return await raceAbort(fn(c), signal);
    } catch (err) {
      if (signal?.aborted) throw err;
      throw this.mapError(err, operation, dn, dnRole);
    }
  }

  /** A non-paged search returning all entries (for base reads and small lookups). */
  async searchAll(base: string, options: SearchOptions, dnRole: DnRole, signal?: AbortSignal): Promise<Entry[]> {
    const r = await this.run('search', base, dnRole, (c) => c.search(base, { ...options, filter: wireFilter(options.filter) }), signal);
    return r.searchEntries;
  }

  /**
   * A paged search, one page per iteration. The next page is requested only when the consumer
   * asks for it, so a slow consumer slows the reads instead of filling memory.
   */
  async *pages(base: string, options: SearchOptions, dnRole: DnRole, signal?: AbortSignal, controls?: Control[]): AsyncGenerator<Entry[]> {
    let it: AsyncGenerator<{ searchEntries: Entry[] }> | undefined;
    try {
      const c = await this.client();
      it = c.searchPaginated(base, { ...options, filter: wireFilter(options.filter), paged: { pageSize: this.#settings.pageSize } }, controls);
      // One page of read-ahead: the DC prepares page N+1 while the consumer works through page N.
      // Memory stays bounded at two pages; the consumer's pace still governs further requests.
      let next = it.next();
      next.catch(() => undefined);
      for (;;) {
        const r = await raceAbort(next, signal);
        if (r.done === true) return;
        next = it.next();
        next.catch(() => undefined);
        yield r.value.searchEntries;
        signal?.throwIfAborted();
      }
    } catch (err) {
      if (signal?.aborted) throw err;
      throw this.mapError(err, 'search', base, dnRole);
    } finally {
      // Not awaited: after an abort the generator may still wait for its page.
      it?.return(undefined).catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    const c = this.#client;
    this.#client = undefined;
    await c?.unbind().catch(() => undefined);
  }
}
