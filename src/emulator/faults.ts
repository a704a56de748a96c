/**
 * Fault injection on Graph requests (not on token or managed-identity endpoints, so a test of
 * Graph retries is not confused by sign-in failures): added latency, dropped connections
 * (socket destroyed, no response) and 503/504 answers.
 */
export interface FaultOptions {
  /** 0..1: fraction of Graph requests answered 503 (with Retry-After) or 504. */
  errorRate?: number;
  /** Milliseconds added before every Graph answer. */
  latencyMs?: number;
  /** 0..1: fraction of Graph connections destroyed without an answer. */
  dropRate?: number;
  /** Source of randomness (default Math.random); tests pass a seeded one to be repeatable. */
  random?: () => number;
}

export type Fault = 'drop' | 503 | 504 | undefined;

export function pickFault(f: FaultOptions, random: () => number = f.random ?? Math.random): Fault {
  if ((f.dropRate ?? 0) > 0 && random() < f.dropRate!) return 'drop';
  if ((f.errorRate ?? 0) > 0 && random() < f.errorRate!) return random() < 0.5 ? 503 : 504;
  return undefined;
}
