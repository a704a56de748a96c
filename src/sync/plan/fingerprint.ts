/**
 * Fingerprints of both sides, so a saved plan can be checked before it is applied: a digest per
 * source object in scope and per cloud object the plan touches, and one hash over each set.
 */
import { createHash } from 'node:crypto';
import type { CloudGroup, CloudUser, Operation, SourceObject, SourceSnapshot } from '../types.js';

/** JSON with object keys sorted, so equal data always gives the same text. */
export function stableJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`)
    .join(',')}}`;
}

// The first 12 bytes as hex (not a slice of the whole hex: a slice would keep all 64 characters alive per object).
const digest = (text: string): string => createHash('sha256').update(text).digest().toString('hex', 0, 12);

/** Plain JSON suffices: a snapshot's property order is the mapping's order, the same on every read. */
export function sourceObjectDigest(o: SourceObject): string {
  return digest(JSON.stringify([o.kind, o.dn, o.anchor, o.properties, o.createOnly, o.ignored ?? null, o.managerDn ?? null, o.members ?? null, o.primarySmtp ?? null]));
}

/** Over a map of key → digest, in key order. */
function combined(entries: Iterable<readonly [string, string]>): string {
  const h = createHash('sha256');
  for (const [k, d] of [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) h.update(`${k}=${d}\n`);
  return h.digest('hex');
}

export function sourceFingerprint(s: SourceSnapshot): { fingerprint: string; digests: Record<string, readonly [string, string]> } {
  const digests: Record<string, readonly [string, string]> = {};
  for (const o of [...s.users, ...s.groups]) digests[o.anchor] = [sourceObjectDigest(o), o.dn];
  const fingerprint = combined(Object.entries(digests).map(([k, [d]]) => [k, d] as const));
  return { fingerprint, digests };
}

export function cloudUserDigest(u: CloudUser): string {
  return digest(
    stableJson({
      upn: u.userPrincipalName,
      dn: u.displayName,
      mail: u.mail,
      nick: u.mailNickname,
      px: u.proxyAddresses,
      en: u.accountEnabled,
      imm: u.onPremisesImmutableId,
      sync: u.onPremisesSyncEnabled,
      p: u.properties,
      mgr: u.managerId,
    }),
  );
}

export function cloudGroupDigest(g: CloudGroup): string {
  return digest(
    stableJson({ dn: g.displayName, nick: g.mailNickname, sec: g.securityEnabled, sync: g.onPremisesSyncEnabled, p: g.properties, m: g.members === undefined ? undefined : [...g.members].sort() }),
  );
}

export function cloudFingerprint(digests: Readonly<Record<string, string>>): string {
  return combined(Object.entries(digests));
}

/** The cloud ids an operation reads or writes. */
export function touchedIds(op: Operation): string[] {
  const ids: string[] = [];
  if (op.cloudId !== undefined) ids.push(op.cloudId);
  if ('member' in op && op.member.cloudId !== undefined) ids.push(op.member.cloudId);
  if ('manager' in op && op.manager?.cloudId !== undefined) ids.push(op.manager.cloudId);
  if ('oldManagerId' in op && op.oldManagerId !== null) ids.push(op.oldManagerId);
  return ids;
}

/** What an operation does, without its position in the plan. */
export function operationKey(op: Operation): string {
  const { seq: _seq, warnings: _warnings, ...rest } = op;
  return stableJson(rest);
}
