/**
 * Typed errors shared by every layer. Library code throws these; the CLI maps `kind` to an
 * exit code and prints `message` as one line (the message already says what to do).
 */
export type ErrorKind =
  | 'usage' // bad flags or arguments
  | 'config' // bad configuration file or settings
  | 'input' // a bad input file (LDIF, CSV, undo file)
  | 'connect' // cannot reach a server
  | 'tls' // certificate problems
  | 'auth' // credentials refused
  | 'not-found' // a DN or object that does not exist
  | 'permission' // insufficient access rights
  | 'guard' // a sync safety guard stopped the run before any change (the error names the guard)
  | 'runtime'; // anything else that went wrong talking to a server

export class CloudsyncError extends Error {
  readonly kind: ErrorKind;
  /** Extra detail shown only with --debug (never secrets). */
  readonly detail?: string;
  /** Kind 'guard': the safety guard that stopped the run (delete-threshold, lock-held, …). */
  readonly guard?: string;

  constructor(kind: ErrorKind, message: string, options?: { cause?: unknown; detail?: string; guard?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CloudsyncError';
    this.kind = kind;
    if (options?.detail !== undefined) this.detail = options.detail;
    if (options?.guard !== undefined) this.guard = options.guard;
  }
}

export function isCloudsyncError(e: unknown): e is CloudsyncError {
  return e instanceof CloudsyncError;
}
