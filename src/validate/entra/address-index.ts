import { attrStrings, type DirectoryObject } from '../../directory/types.js';
import type { Finding } from '../findings.js';
import { addressKey, smtpProxyAddress } from './domains.js';
import { isUserLike, objectColumns } from './object.js';

/**
 * Cross-object uniqueness of userPrincipalName, mail and smtp proxyAddresses TOGETHER, as Entra ID
 * enforces it (IdFix compares each attribute only with itself).
 *
 * Memory matters (100k users ≈ 400k addresses). The index maps a 30-bit hash of the address key
 * (a V8 small integer, so no key strings are kept) to the holder id, promoted to a group of ids
 * only on collision. Per holder one packed string keeps what a finding needs (DN, cn, class and
 * the original values); finish() re-derives the real keys from it, which also separates the rare
 * hash collisions between different addresses.
 */

/** Attribute codes inside a packed record. */
const UPN = 'u';
const MAIL = 'm';
const PROXY = 'p';
type Code = typeof UPN | typeof MAIL | typeof PROXY;

const ATTRIBUTE: Record<Code, string> = { u: 'userPrincipalName', m: 'mail', p: 'proxyAddresses' };
const DESCRIBED: Record<Code, string> = { u: 'the userPrincipalName', m: 'the mail', p: 'a proxy address' };

/** Separates the fields of a packed record; values containing it are not indexed (Entra rejects them). */
const SEP = '\u0000';

interface Holding {
  readonly dn: string;
  readonly cn: string;
  readonly objectClass: string;
  /** Attribute code → the first original value held through it (record order: UPN, mail, proxies). */
  readonly values: Map<Code, string>;
}

export class AddressIndex {
  /** hash → holder id (>= 0), or -(group index + 1) once a second object holds it. */
  private readonly owners = new Map<number, number>();
  private readonly records: string[] = [];
  private readonly groups: number[][] = [];
  private readonly groupHashes: number[] = [];

  add(o: DirectoryObject): void {
    const entries: string[] = [];
    const hashes: number[] = [];
    const push = (code: Code, original: string, address: string | undefined): void => {
      if (address === undefined || original.includes(SEP)) return;
      const key = addressKey(address);
      if (key === '') return;
      entries.push(code + original);
      hashes.push(hashKey(key));
    };
    // Entra ID has a userPrincipalName only for users.
    if (isUserLike(o)) for (const v of attrStrings(o, 'userPrincipalName')) push(UPN, v, v);
    for (const v of attrStrings(o, 'mail')) push(MAIL, v, v);
    for (const v of attrStrings(o, 'proxyAddresses')) push(PROXY, v, smtpProxyAddress(v));
    if (hashes.length === 0) return;

    const id = this.records.length;
    const cols = objectColumns(o);
    const fields = [cols.dn, cols.cn, cols.objectClass].map((f) => f.replaceAll(SEP, ''));
    this.records.push([...fields, ...entries].join(SEP));
    for (const h of hashes) this.claim(h, id);
  }

  private claim(hash: number, id: number): void {
    const owner = this.owners.get(hash);
    if (owner === undefined) {
      this.owners.set(hash, id);
    } else if (owner >= 0) {
      if (owner === id) return; // the same object repeating its own address is normal
      this.groups.push([owner, id]);
      this.groupHashes.push(hash);
      this.owners.set(hash, -this.groups.length);
    } else {
      const group = this.groups[-owner - 1]!;
      // Ids arrive in increasing order, so a repeat by the same object is always the last one.
      if (group[group.length - 1] !== id) group.push(id);
    }
  }

  /** One finding per holder and attribute, for every address held through two or more attributes. */
  findings(): Finding[] {
    const out: Finding[] = [];
    this.groups.forEach((ids, g) => {
      // Regroup by the real key: different addresses may share a hash.
      const byKey = new Map<string, Holding[]>();
      for (const id of ids) {
        for (const [key, holding] of this.unpack(id, this.groupHashes[g]!)) {
          byKey.set(key, [...(byKey.get(key) ?? []), holding]);
        }
      }
      for (const holdings of byKey.values()) out.push(...conflictFindings(holdings));
    });
    return out;
  }

  /** The object's holdings of every address whose key has this hash. */
  private unpack(id: number, hash: number): Map<string, Holding> {
    const [dn = '', cn = '', objectClass = '', ...entries] = this.records[id]!.split(SEP);
    const held = new Map<string, Holding>();
    for (const entry of entries) {
      const code = entry[0] as Code;
      const original = entry.slice(1);
      const address = code === PROXY ? smtpProxyAddress(original) : original;
      if (address === undefined) continue;
      const key = addressKey(address);
      if (hashKey(key) !== hash) continue;
      let h = held.get(key);
      if (h === undefined) held.set(key, (h = { dn, cn, objectClass, values: new Map() }));
      if (!h.values.has(code)) h.values.set(code, original);
    }
    return held;
  }
}

function conflictFindings(holdings: readonly Holding[]): Finding[] {
  if (holdings.length < 2) return [];
  // Every holder through the same attribute: IdFix's duplicate rule already reports it.
  const codes = new Set(holdings.flatMap((h) => [...h.values.keys()]));
  if (codes.size < 2) return [];
  return holdings.flatMap((h, i) => {
    const others = holdings.filter((_, j) => j !== i);
    return [...h.values].map(
      ([code, value]): Finding => ({
        ruleId: 'entra.address-conflict',
        severity: 'error',
        dn: h.dn,
        cn: h.cn,
        objectClass: h.objectClass,
        attribute: ATTRIBUTE[code],
        value,
        message:
          `${ATTRIBUTE[code]} '${value}' is also ${listing(others.map(describe))}; Entra ID requires it ` +
          'to be unique across userPrincipalName, mail and proxyAddresses.',
        related: others.map((o) => o.dn),
      }),
    );
  });
}

/** FNV-1a over UTF-16 code units, cut to 30 bits so it stays a V8 small integer (no heap number). */
export function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h & 0x3fffffff;
}

function describe(h: Holding): string {
  return `${listing([...h.values.keys()].map((c) => DESCRIBED[c]))} of ${h.dn}`;
}

/** "a", "a and b", "a, b and c". */
function listing(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
