import type { ErrorKind } from './errors.js';

/** Documented in docs/exit-codes.md; stable across releases. Run journals record them too. */
export const EXIT = {
  ok: 0,
  internal: 1, // a bug: unexpected exception
  usage: 2, // bad flags, configuration or input file; nothing was changed
  runtime: 3, // cannot connect, TLS, authentication, permission, missing object, partial failure
  findings: 4, // validate found problems; fix/undo has changes pending (not applied)
  guard: 5, // a safety guard stopped the run before any change
  interrupted: 130,
} as const;

export function exitCodeForError(kind: ErrorKind): number {
  switch (kind) {
    case 'usage':
    case 'config':
    case 'input':
      return EXIT.usage;
    case 'guard':
      return EXIT.guard;
    default:
      return EXIT.runtime;
  }
}
