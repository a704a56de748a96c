/**
 * Optional write-back of the source anchor to AD: mS-DS-ConsistencyGuid set to objectGUID where it
 * is empty (as Entra Connect does; Cloud Sync does not), so the anchor survives a move to another
 * forest. Opt-in; never replaces a value; each write is journaled.
 */
import type { DirectoryWriter } from '../../directory/types.js';
import type { Journal } from '../store/journal.js';
import type { SourceSnapshot } from '../types.js';

export interface WriteBackResult {
  readonly dn: string;
  readonly status: 'success' | 'failed';
  /** "already set" when AD already held a value (another writer was first). */
  readonly note?: string;
  readonly error?: string;
}

/** AD answers attributeOrValueExists (20) to an add of an attribute that already has a value. */
function alreadySet(e: unknown): boolean {
  const code = (e as { code?: unknown }).code;
  return code === 20 || (e instanceof Error && /attributeOrValueExists|\(20\)/.test(e.message));
}

/**
 * Adds mS-DS-ConsistencyGuid = objectGUID on every object in scope whose anchor came from
 * objectGUID. An LDAP add (not a replace), so an existing value is never overwritten. The anchor
 * does not change: it is the same 16 bytes.
 */
export async function writeBackConsistencyGuid(
  writer: DirectoryWriter,
  source: SourceSnapshot,
  journal?: Journal,
  opts: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
): Promise<WriteBackResult[]> {
  const todo = [...source.users, ...source.groups].filter((o) => o.anchorSource === 'objectGUID');
  const results: WriteBackResult[] = [];
  for (const o of todo) {
    if (opts.signal?.aborted) break;
    const value = Buffer.from(o.anchor, 'base64');
    let r: WriteBackResult;
    try {
      await writer.modify(o.dn, [{ operation: 'add', attribute: 'mS-DS-ConsistencyGuid', values: [value] }]);
      r = { dn: o.dn, status: 'success' };
    } catch (e) {
      r = alreadySet(e) ? { dn: o.dn, status: 'success', note: 'already set' } : { dn: o.dn, status: 'failed', error: e instanceof Error ? e.message : String(e) };
    }
    results.push(r);
    journal?.append({ type: 'ad-write', dn: o.dn, attribute: 'mS-DS-ConsistencyGuid', value: o.anchor, status: r.status, ...(r.note ? { note: r.note } : {}), ...(r.error ? { error: r.error } : {}) });
    opts.onProgress?.(results.length, todo.length);
  }
  journal?.sync();
  return results;
}
