import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CloudsyncError } from '../errors.js';
import type { StateJson } from './state.js';
import { echo } from '../util/echo.js';

/**
 * --state: the state file is read at start and written after changes (1 s after the last
 * change, at most 10 s after the first unsaved one) and at close. Writes are atomic (a
 * temporary file renamed over the old one) and private (mode 0600: it holds client secrets
 * and the CA key). Saving 100,000 users takes about a second; benchmarks run without --state.
 */
const QUIET_MS = 1000;
const MAX_WAIT_MS = 10_000;

export async function readStateFile(path: string): Promise<StateJson | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CloudsyncError('input', `cannot read the emulator state file ${path}: ${(e as Error).message}`, { cause: e });
  }
  let j: StateJson;
  try {
    j = JSON.parse(text) as StateJson;
  } catch (e) {
    throw new CloudsyncError('input', `the emulator state file ${path} is not valid JSON (${echo((e as Error).message, 160)}); move it away to start afresh`, { cause: e });
  }
  if (j.format !== 'cloudsync-emulator-state' || j.version !== 1) {
    throw new CloudsyncError('input', `${path} is not a cloudsync emulator state file (version 1); move it away to start afresh`);
  }
  return j;
}

export class StateSaver {
  private timer: NodeJS.Timeout | undefined;
  private firstPending = 0;
  private writing: Promise<void> = Promise.resolve();
  private dirty = false;

  constructor(
    private readonly path: string,
    private readonly snapshot: () => StateJson,
    private readonly onError: (e: Error) => void = () => {},
  ) {}

  schedule(): void {
    const now = Date.now();
    if (!this.dirty) this.firstPending = now;
    this.dirty = true;
    if (this.timer) clearTimeout(this.timer);
    const delay = Math.max(0, Math.min(QUIET_MS, this.firstPending + MAX_WAIT_MS - now));
    this.timer = setTimeout(() => void this.save().catch(this.onError), delay);
    this.timer.unref();
  }

  /** Writes now if anything changed since the last save. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.save();
  }

  async save(): Promise<void> {
    this.writing = this.writing.catch(() => undefined).then(async () => {
      if (!this.dirty) return;
      this.dirty = false;
      const tmp = `${this.path}.tmp-${process.pid}`;
      await mkdir(dirname(this.path), { recursive: true });
      await writeFile(tmp, JSON.stringify(this.snapshot()), { mode: 0o600 });
      await chmod(tmp, 0o600);
      await rename(tmp, this.path);
    });
    return this.writing;
  }
}
