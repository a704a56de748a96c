import type { ServerResponse } from 'node:http';

/**
 * Fault injection on Graph requests (not on token or managed-identity endpoints, so a test of
 * Graph retries is not confused by sign-in failures): added latency, dropped connections
 * (socket destroyed, no response), lost answers (the request is carried out, then the connection
 * is closed before or part-way through the answer) and 503/504 answers.
 */
export interface FaultOptions {
  /** 0..1: fraction of Graph requests answered 503 (with Retry-After) or 504. */
  errorRate?: number;
  /** Milliseconds added before every Graph answer. */
  latencyMs?: number;
  /** 0..1: fraction of Graph connections destroyed without an answer. */
  dropRate?: number;
  /**
   * 0..1: fraction of Graph requests carried out whose answer is lost: the connection is closed
   * instead of answering (half of them after the status line and part of the body). A client
   * cannot tell whether a write happened.
   */
  lostAnswerRate?: number;
  /** The HTTP methods whose answers may be lost (default all; ['POST'] loses only writes and `$batch`es). */
  lostAnswerMethods?: readonly string[];
  /** Source of randomness (default Math.random); tests pass a seeded one to be repeatable. */
  random?: () => number;
}

export type Fault = 'drop' | 'lose-answer' | 'cut-answer' | 503 | 504 | undefined;

export function pickFault(f: FaultOptions, method = 'GET', random: () => number = f.random ?? Math.random): Fault {
  if ((f.dropRate ?? 0) > 0 && random() < f.dropRate!) return 'drop';
  const losable = f.lostAnswerMethods === undefined || f.lostAnswerMethods.some((m) => m.toUpperCase() === method.toUpperCase());
  if ((f.lostAnswerRate ?? 0) > 0 && losable && random() < f.lostAnswerRate!) return random() < 0.5 ? 'lose-answer' : 'cut-answer';
  if ((f.errorRate ?? 0) > 0 && random() < f.errorRate!) return random() < 0.5 ? 503 : 504;
  return undefined;
}

/**
 * Loses an answer the request was carried out for: closes the connection without it, or (for
 * 'cut-answer') after the status line, the headers and half of the body.
 */
export function loseAnswer(res: ServerResponse, fault: 'lose-answer' | 'cut-answer', status: number, headers: Record<string, string>, body: unknown): void {
  if (res.destroyed) return;
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  const bytes = Buffer.from(text, 'utf8');
  // An empty answer cannot be cut part-way: it is lost whole.
  if (fault === 'lose-answer' || bytes.length < 2) {
    res.socket?.destroy();
    return;
  }
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json', 'Content-Length': String(bytes.length) });
  res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.socket?.destroy());
}
