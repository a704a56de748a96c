/**
 * Tails a journal being written: yields each line as it is appended, until the run-end line, or
 * until the run is found no longer running (killed without one). Lines may arrive in pieces: only
 * complete lines (up to a newline) are parsed, split multi-byte characters included.
 */
import { open } from 'node:fs/promises';
import type { JournalEvent } from '../../sync/store/journal.js';
import { parseJournalLine } from '../../sync/store/journal-line.js';

export interface FollowOptions {
  /** How often to look for new lines. */
  readonly pollMs?: number;
  /** Asked after a quiet spell: whether the writer still runs (false: stop, the run was interrupted). */
  readonly stillRunning: () => boolean;
  /** How long without new lines before asking stillRunning. */
  readonly quietMs?: number;
  readonly signal?: AbortSignal;
}

export interface FollowEnd {
  readonly reason: 'run-end' | 'interrupted' | 'aborted';
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

export async function* followJournal(path: string, o: FollowOptions): AsyncGenerator<JournalEvent, FollowEnd> {
  const fh = await open(path, 'r');
  const pollMs = o.pollMs ?? 100;
  const quietMs = o.quietMs ?? 3000;
  let pos = 0;
  let rest = Buffer.alloc(0);
  let quietSince = Date.now();
  const buf = Buffer.alloc(256 * 1024);
  try {
    for (;;) {
      if (o.signal?.aborted) return { reason: 'aborted' };
      const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
      if (bytesRead > 0) {
        pos += bytesRead;
        quietSince = Date.now();
        let chunk = rest.length > 0 ? Buffer.concat([rest, buf.subarray(0, bytesRead)]) : Buffer.from(buf.subarray(0, bytesRead));
        let nl: number;
        while ((nl = chunk.indexOf(0x0a)) >= 0) {
          const line = chunk.toString('utf8', 0, nl);
          chunk = chunk.subarray(nl + 1);
          if (line.trim() === '') continue;
          let e: JournalEvent;
          try {
            e = parseJournalLine(line);
          } catch {
            continue;
          }
          yield e;
          if (e.type === 'run-end') return { reason: 'run-end' };
        }
        rest = Buffer.from(chunk);
        if (bytesRead === buf.length) continue; // more is there already
      } else if (Date.now() - quietSince >= quietMs) {
        if (!o.stillRunning()) return { reason: 'interrupted' };
        quietSince = Date.now();
      }
      await sleep(pollMs, o.signal);
    }
  } finally {
    await fh.close();
  }
}
