import { attrBuffer, attrFirst, attrStrings, objectType, type DirectoryObject } from '../../directory/types.js';
import type { Finding } from '../findings.js';
import type { CloudObject, CloudReader, MatchPreview } from './types.js';

export type { CloudObject, CloudReader, MatchPreview, MatchKind } from './types.js';

/** AD attributes the cloud checks read, besides what the rule sets read. */
export const CLOUD_ATTRIBUTES = ['objectGUID', 'mS-DS-ConsistencyGuid', 'userPrincipalName', 'mail', 'proxyAddresses', 'cn'] as const;

export interface CloudCheckResult {
  findings: Finding[];
  matches: MatchPreview[];
  quota?: { used: number; total: number; newObjects: number };
}

/** Cloud sync's source anchor: mS-DS-ConsistencyGuid when set, else objectGUID; base64 of the 16 bytes. */
export function sourceAnchor(o: DirectoryObject): string | undefined {
  const b = attrBuffer(o, 'mS-DS-ConsistencyGuid') ?? attrBuffer(o, 'objectGUID');
  return b && b.length === 16 ? b.toString('base64') : undefined;
}

const lc = (s: string) => s.trim().toLowerCase();
const stripSmtp = (p: string) => (/^smtp:/i.test(p) ? p.slice(5) : undefined);

function cloudName(c: CloudObject): string {
  return `${c.userPrincipalName ?? c.mail ?? c.displayName ?? c.id} (${c.kind} ${c.id})`;
}

/**
 * Loads the tenant once into hash indexes (addresses, immutable ids), then checks each AD object:
 * conflicts with cloud objects, and which cloud object it would match. Memory: one entry per
 * cloud address; AD objects are streamed through `check`.
 */
export class CloudChecker {
  private readonly byAddress = new Map<string, CloudObject[]>();
  private readonly byAnchor = new Map<string, CloudObject>();
  private admins = new Map<string, string[]>();
  private quota: { used: number; total: number } | undefined;
  private newObjects = 0;
  readonly findings: Finding[] = [];
  readonly matches: MatchPreview[] = [];

  static async load(reader: CloudReader): Promise<CloudChecker> {
    const c = new CloudChecker();
    for await (const o of reader.cloudObjects()) c.addCloud(o);
    c.admins = await reader.adminRoleHolders();
    c.quota = await reader.directoryQuota();
    return c;
  }

  private addCloud(o: CloudObject): void {
    const addrs = new Set<string>();
    if (o.userPrincipalName) addrs.add(lc(o.userPrincipalName));
    if (o.mail) addrs.add(lc(o.mail));
    for (const p of o.proxyAddresses ?? []) {
      const a = stripSmtp(p);
      if (a) addrs.add(lc(a));
    }
    for (const a of addrs) {
      const list = this.byAddress.get(a);
      if (list) list.push(o);
      else this.byAddress.set(a, [o]);
    }
    if (o.onPremisesImmutableId) this.byAnchor.set(o.onPremisesImmutableId, o);
  }

  /** Checks one AD object (already in scope and not skipped). */
  check(o: DirectoryObject): void {
    const type = objectType(o).toLowerCase();
    const kind: CloudObject['kind'] = type === 'group' ? 'group' : type === 'contact' ? 'contact' : 'user';
    const anchor = sourceAnchor(o);
    const upn = kind === 'user' ? attrFirst(o, 'userPrincipalName') : undefined;
    const mail = attrFirst(o, 'mail');
    const proxies = attrStrings(o, 'proxyAddresses');
    const primary = proxies.find((p) => p.startsWith('SMTP:'))?.slice(5) ?? mail;
    const base = { dn: o.dn, cn: attrFirst(o, 'cn') ?? '', objectClass: objectType(o) };

    // 1. Which cloud object would this AD object become? (Cloud sync's matching order.)
    let matched: CloudObject | undefined;
    let how: MatchPreview['match'] = 'new';
    if (anchor && this.byAnchor.has(anchor)) {
      matched = this.byAnchor.get(anchor);
      how = 'hard';
    } else if (kind === 'user') {
      const soft = (addr: string | undefined) =>
        addr ? this.byAddress.get(lc(addr))?.find((c) => c.kind === 'user' && !c.onPremisesImmutableId) : undefined;
      const byUpn = upn ? this.byAddress.get(lc(upn))?.find((c) => c.kind === 'user' && !c.onPremisesImmutableId && lc(c.userPrincipalName ?? '') === lc(upn)) : undefined;
      if (byUpn) {
        matched = byUpn;
        how = 'soft-upn';
      } else {
        const bySmtp = soft(primary);
        if (bySmtp && primaryOf(bySmtp) === lc(primary ?? '')) {
          matched = bySmtp;
          how = 'soft-smtp';
        }
      }
    }
    this.matches.push({ dn: o.dn, objectClass: base.objectClass, ...(anchor ? { anchor } : {}), match: how, ...(matched ? { cloudId: matched.id, cloudName: cloudName(matched) } : {}) });
    if (how === 'new') this.newObjects++;

    if ((how === 'soft-upn' || how === 'soft-smtp') && matched) {
      const roles = this.admins.get(matched.id);
      if (roles) {
        this.findings.push({
          ...base, ruleId: 'cloud.soft-match-admin', severity: 'error', attribute: how === 'soft-upn' ? 'userPrincipalName' : 'proxyAddresses',
          ...(how === 'soft-upn' && upn ? { value: upn } : primary ? { value: primary } : {}),
          message: `would soft-match cloud user ${cloudName(matched)}, which holds ${roles.join(', ')}; Entra ID refuses to match administrators, so the sync would fail for this object. Change the AD address, or remove the role from the cloud account first.`,
          related: [matched.id],
        });
      } else {
        this.findings.push({
          ...base, ruleId: 'cloud.soft-match', severity: 'warning', attribute: how === 'soft-upn' ? 'userPrincipalName' : 'proxyAddresses',
          ...(how === 'soft-upn' && upn ? { value: upn } : primary ? { value: primary } : {}),
          message: `will take over the existing cloud user ${cloudName(matched)} (soft match on ${how === 'soft-upn' ? 'userPrincipalName' : 'primary SMTP address'}); from then on AD is its source of authority.`,
          related: [matched.id],
        });
      }
    }

    // 2. Addresses held by a different cloud object: the sync would fail with AttributeValueMustBeUnique.
    const addresses: [string, string][] = [];
    if (upn) addresses.push(['userPrincipalName', upn]);
    if (mail) addresses.push(['mail', mail]);
    for (const p of proxies) {
      const a = stripSmtp(p);
      if (a) addresses.push(['proxyAddresses', p]);
    }
    const reported = new Set<string>();
    for (const [attribute, value] of addresses) {
      const addr = lc(stripSmtp(value) ?? value);
      const holders = (this.byAddress.get(addr) ?? []).filter((c) => c !== matched);
      for (const h of holders) {
        const key = `${attribute}\u0000${addr}\u0000${h.id}`;
        if (reported.has(key)) continue;
        reported.add(key);
        this.findings.push({
          ...base, ruleId: 'cloud.address-conflict', severity: 'error', attribute, value,
          message: `${attribute} '${value}' already belongs to cloud ${cloudName(h)}${h.onPremisesImmutableId ? ', which is synced from another AD object' : ''}; the sync would fail with AttributeValueMustBeUnique. Remove the address from one of them.`,
          related: [h.id],
        });
      }
    }
  }

  finish(): CloudCheckResult {
    const result: CloudCheckResult = { findings: this.findings, matches: this.matches };
    if (this.quota) {
      result.quota = { ...this.quota, newObjects: this.newObjects };
      const after = this.quota.used + this.newObjects;
      if (after > this.quota.total * 0.9) {
        const over = after > this.quota.total;
        this.findings.push({
          ruleId: 'cloud.directory-quota', severity: over ? 'error' : 'warning', dn: '', cn: '', objectClass: 'tenant', attribute: 'directorySizeQuota',
          value: `${this.quota.used}/${this.quota.total}`,
          message: `${this.newObjects} new object(s) in scope plus ${this.quota.used} existing = ${after} of the tenant's quota of ${this.quota.total}${over ? ': creates would fail once it is reached. Verify a domain (raises the quota to 300,000) or ask Microsoft support for more' : ' (over 90%)'}.`,
        });
      }
    }
    return result;
  }
}

function primaryOf(c: CloudObject): string {
  const p = c.proxyAddresses?.find((x) => x.startsWith('SMTP:'));
  return lc(p ? p.slice(5) : (c.mail ?? ''));
}
