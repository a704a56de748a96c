import type { Io } from '../io.js';

/**
 * Colour on stderr/stdout only for terminals; NO_COLOR (any value) and --no-color turn it off,
 * FORCE_COLOR turns it on. chalk does not honour NO_COLOR by itself, so decide here.
 */
export function colorEnabled(io: Io, flag: boolean | undefined, stream: 'out' | 'err'): boolean {
  if (flag === false) return false;
  const env = io.env;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  return stream === 'out' ? io.stdoutIsTty : io.stderrIsTty;
}
