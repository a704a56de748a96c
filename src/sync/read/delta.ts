/**
 * Delta runs: read only what changed in AD since the last completed apply (uSNChanged above the
 * watermark of the same DC), plus tombstones and objects that changed and left the scope. A full
 * run reconciles everything and is what a delta falls back to when the watermark cannot be used.
 */
import { normalizeDn } from '../../directory/dn.js';
import { andFilters, changedSinceFilter } from '../../directory/filter.js';
import { attrBuffer, attrFirst, type DirectoryObject, type DirectorySource, type Scope } from '../../directory/types.js';
import { mapObject, readSource, SYNC_TYPE_FILTER, syncAttributes, type ReadSourceOptions, type SyncMapping } from './source.js';
import type { LastSuccess, SyncState, Watermark } from '../store/state.js';
import { syncKind } from './exclusions.js';
import type { SourceSnapshot } from '../types.js';

/** A DC's change watermark as read now (see directory/ad/changes.ts). */
export interface DcWatermark {
  readonly invocationId: string;
  readonly usn: string;
  readonly dnsHostName: string;
}

/** A source that can say what changed: a live AD (an LDIF file cannot). */
export interface ChangeTrackingSource extends DirectorySource {
  changeWatermark(): Promise<DcWatermark>;
  deletedObjects(usn: string, attributes: readonly string[], signal?: AbortSignal): AsyncIterable<DirectoryObject>;
}

export function tracksChanges(s: DirectorySource): s is ChangeTrackingSource {
  const c = s as Partial<ChangeTrackingSource>;
  return typeof c.changeWatermark === 'function' && typeof c.deletedObjects === 'function';
}

export type DeltaDecision = { readonly mode: 'delta'; readonly since: Watermark } | { readonly mode: 'full'; readonly reason: string };

/** Whether a delta read may start from the saved watermark, or why it must be a full run. */
export function deltaDecision(saved: Watermark | undefined, now: DcWatermark): DeltaDecision {
  if (saved === undefined) return { mode: 'full', reason: 'no watermark from a completed apply run' };
  if (saved.invocationId.toLowerCase() !== now.invocationId.toLowerCase()) {
    return {
      mode: 'full',
      reason: `the DC ${now.dnsHostName || '(unnamed)'} has invocationId ${now.invocationId}, not ${saved.invocationId} of ${saved.dnsHostName || 'the last run'} (another DC, or a restored one): USNs cannot be compared`,
    };
  }
  if (BigInt(now.usn) < BigInt(saved.usn)) return { mode: 'full', reason: `the DC's highestCommittedUSN ${now.usn} is below the watermark ${saved.usn}` };
  return { mode: 'delta', since: saved };
}

/** Two filters ANDed (the shared RFC 4515 helper; bare filters get their parentheses). */
export function andFilter(a: string | undefined, b: string): string {
  return andFilters(a, b);
}

/** `(uSNChanged>=usn+1)`: LDAP has no `>` (the shared filter helper the AD client uses too). */
export const changedAfter = changedSinceFilter;

/** Every anchor an object may be managed under: mS-DS-ConsistencyGuid and objectGUID, base64. */
export function candidateAnchors(o: DirectoryObject): string[] {
  const out = new Set<string>();
  for (const name of ['mS-DS-ConsistencyGuid', 'objectGUID']) {
    const b = attrBuffer(o, name);
    if (b?.length === 16) out.add(b.toString('base64'));
  }
  return [...out];
}

function norm(dn: string): string {
  try {
    return normalizeDn(dn);
  } catch {
    return dn.trim().toLowerCase();
  }
}

/**
 * Group scoping follows the groups' member lists; adding a member changes the group, not the
 * member, so a changed scoping group means a full run.
 */
async function changedScopeGroup(source: DirectorySource, scope: Scope, usn: string): Promise<string | undefined> {
  for (const g of scope.groups ?? []) {
    const o = await source.get(g, ['uSNChanged']);
    const changed = o === undefined ? undefined : attrFirst(o, 'uSNChanged');
    if (changed === undefined || BigInt(changed) > BigInt(usn)) return `the scoping group ${g} changed since the last run (its members decide the scope)`;
  }
  return undefined;
}

/**
 * Reads the changes after `since.usn`: the changed objects in scope (mapped as in a full read),
 * and as `delta.removed` the anchors of tombstones and of changed objects now outside the scope
 * (moved out, or no longer matching the filter or the exclusions). Returns the reason instead
 * when only a full run can be correct.
 */
export async function readDelta(
  source: ChangeTrackingSource,
  scope: Scope,
  mapping: SyncMapping,
  since: Watermark,
  opts: ReadSourceOptions = {},
): Promise<SourceSnapshot | { readonly fullReason: string }> {
  const groupChange = await changedScopeGroup(source, scope, since.usn);
  if (groupChange !== undefined) return { fullReason: groupChange };
  const changed = changedAfter(since.usn);
  const inScope = await readSource(source, { ...scope, filter: andFilter(scope.filter, changed) }, mapping, opts);
  const seen = new Set([...inScope.users, ...inScope.groups].map((o) => norm(o.dn)));
  const keptAnchors = new Set([...inScope.users, ...inScope.groups].map((o) => o.anchor));
  const removed = new Set<string>();
  const dns = new Set(seen);
  // Everywhere in the domain, so a move out of the base is seen too.
  for await (const o of source.search({ scope: {}, typeFilter: andFilter(SYNC_TYPE_FILTER, changed), attributes: syncAttributes(mapping), ...(opts.signal ? { signal: opts.signal } : {}) })) {
    const key = norm(o.dn);
    dns.add(key);
    if (seen.has(key)) continue;
    const anchors = candidateAnchors(o);
    const kind = syncKind(o);
    if (kind !== undefined) {
      try {
        const mapped = await mapObject(o, kind, mapping, opts.now ? { now: opts.now } : {});
        if (mapped.object !== undefined) anchors.push(mapped.object.anchor);
      } catch {
        // The rule's anchors are enough to recognise a managed object.
      }
    }
    for (const a of anchors) if (!keptAnchors.has(a)) removed.add(a);
  }
  let tombstones = 0;
  for await (const t of source.deletedObjects(since.usn, ['objectGUID', 'mS-DS-ConsistencyGuid'], opts.signal)) {
    tombstones++;
    for (const a of candidateAnchors(t)) if (!keptAnchors.has(a)) removed.add(a);
  }
  const count = dns.size + tombstones;
  return { ...inScope, scope, counts: { ...inScope.counts, read: count }, delta: { sinceUsn: since.usn, removed: [...removed].sort(), changed: count } };
}

export interface RunRecord {
  readonly mode: 'full' | 'delta';
  readonly runId: string;
  /** The DC's watermark read before the source read (absent: the source tracks no changes). */
  readonly watermark?: DcWatermark;
  readonly outcome: string;
  /** Whether the source read completed. */
  readonly complete: boolean;
  /** lastSuccess before the apply. */
  readonly prior?: LastSuccess;
}

/**
 * Updates the state after an apply. Only a run that completed (every operation succeeded, the
 * read complete) moves the watermark; a full one from a source without change tracking drops
 * it. A delta run keeps the last full read's counts, which the shrink guard compares with.
 */
export function recordRun(state: SyncState, r: RunRecord): void {
  if (r.mode === 'delta' && state.lastSuccess !== r.prior) {
    if (r.prior === undefined) delete state.lastSuccess;
    else if (state.lastSuccess !== undefined) state.lastSuccess = { ...state.lastSuccess, counts: r.prior.counts };
  }
  if (r.outcome !== 'success' || !r.complete) return;
  if (r.watermark === undefined) delete state.watermark;
  else state.watermark = { invocationId: r.watermark.invocationId, usn: r.watermark.usn, dnsHostName: r.watermark.dnsHostName, runId: r.runId };
}
