/** The batch writer's requests, answers and options (batch.ts). */
export interface BatchRequest {
  /** The caller's own label, kept for reports (step ids inside a `$batch` are assigned here). */
  id?: string;
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Relative to the version: "/users/{id}" (a leading "/v1.0" or a Graph origin is removed). */
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface BatchResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  requestId?: string;
  /** How many times the request was sent. */
  attempts: number;
  /**
   * Set when the answer was lost (the connection broke after the request went out) and this
   * result comes from looking up what the request did: how it was found.
   */
  recovered?: string;
}

/** One step as it goes into the `$batch` body. */
export interface BatchStep {
  id: string;
  method: string;
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface BatchStepResponse {
  id: string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** The answer to one POST /$batch. */
export interface BatchEnvelope {
  status: number;
  headers: Record<string, string>;
  /** The parsed body: {responses: BatchStepResponse[]} on success, a Graph error otherwise. */
  body?: unknown;
}

/**
 * Sends one `$batch`. Resolves with any HTTP answer; rejects only when there was none (a GraphError
 * of kind 'connect' is retried, anything else, e.g. an auth failure, fails the batch's requests).
 */
export type BatchTransport = (steps: BatchStep[]) => Promise<BatchEnvelope>;

export interface BatchWriterOptions {
  /** Batches in flight at the start (default 4). */
  concurrency?: number;
  /** Upper bound for the additive increase (default 8, at least `concurrency`). */
  maxConcurrency?: number;
  /** Re-sends of one request before it fails for good (default 8). */
  maxRetries?: number;
  /** First back-off when Graph gives no Retry-After (default 1000 ms), doubled per attempt. */
  baseBackoffMs?: number;
  /** Cap of the back-off (default 60 s). */
  maxBackoffMs?: number;
  /** Clean batches in a row before one more batch may fly (default 4). */
  increaseAfter?: number;
  /** For tests: jitter source in [0, 1). */
  random?: () => number;
  /**
   * A write whose outcome is unknown (sent, answer lost) is looked up with this before it is sent
   * again: it returns the result to settle the request with (what the lost request did, e.g. the
   * object it created), or undefined to send it again. Without it, such writes are sent again.
   */
  resolveUnknown?: UnknownOutcomeResolver;
}

/** See BatchWriterOptions.resolveUnknown; `sentAt` is when the request first went out (ms since the epoch). */
export type UnknownOutcomeResolver = (request: BatchRequest, sentAt: number) => Promise<BatchResult | undefined>;

export interface BatchWriterHooks {
  onRetry?(info: { status: number; retryAfterMs: number; requestId?: string }): void;
}

export interface BatchStats {
  requests: number;
  batches: number;
  throttled: number;
  retries: number;
  failed: number;
  currentConcurrency: number;
  /** Requests submitted and not yet settled. */
  pending: number;
}
