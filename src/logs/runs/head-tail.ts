/**
 * Reads the first and the last complete lines of a journal without reading what lies between, so
 * listing a 100,000-operation run costs two small reads.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

const CHUNK = 64 * 1024;
const MAX = 4 * 1024 * 1024;

/** The first line (without its newline), or undefined for an empty file. A first line still being written is returned as is. */
export function readFirstLine(path: string): string | undefined {
  const fd = openSync(path, 'r');
  try {
    let size = CHUNK;
    for (;;) {
      const buf = Buffer.alloc(size);
      const n = readSync(fd, buf, 0, size, 0);
      if (n === 0) return undefined;
      const nl = buf.subarray(0, n).indexOf(0x0a);
      if (nl >= 0) return buf.toString('utf8', 0, nl);
      if (n < size || size >= MAX) return buf.toString('utf8', 0, n);
      size *= 4;
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * The last complete lines (newest last), at most `count`, read backwards from the end. A last line
 * without its newline (being written, or cut short by a crash) is left out.
 */
export function readLastLines(path: string, count = 2): string[] {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    let want = Math.min(size, CHUNK);
    for (;;) {
      const buf = Buffer.alloc(want);
      const n = readSync(fd, buf, 0, want, size - want);
      const text = buf.toString('utf8', 0, n);
      const end = text.lastIndexOf('\n');
      if (end < 0) {
        if (want >= size || want >= MAX) return [];
        want = Math.min(size, want * 4);
        continue;
      }
      const lines = text.slice(0, end).split('\n');
      // The first piece may be cut in the middle unless the read began at the file's start.
      const whole = want >= size ? lines : lines.slice(1);
      const complete = whole.filter((l) => l.trim() !== '');
      if (complete.length >= count || want >= size || want >= MAX) return complete.slice(-count);
      want = Math.min(size, want * 4);
    }
  } finally {
    closeSync(fd);
  }
}

/** JSON.parse that answers undefined for a line that is not JSON. */
export function parseLine<T>(line: string | undefined): T | undefined {
  if (line === undefined) return undefined;
  try {
    return JSON.parse(line) as T;
  } catch {
    return undefined;
  }
}
