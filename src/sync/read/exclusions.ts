/**
 * What never synchronises, whatever the scope: critical system objects, the well-known system and
 * service accounts (Entra Connect's and Cloud Sync's own exclusions), objects that Connect Sync marks
 * as written back from the cloud (adminDescription User_ / Group_), and object types Graph cannot
 * create (distribution groups, computers, contacts).
 */
import { attrFirst, objectType, type DirectoryObject } from '../../directory/types.js';
import type { ObjectKind } from '../types.js';

export interface ExclusionRule {
  readonly rule: string;
  readonly reason: string;
}

/** Accounts matched by exact name (sAMAccountName or cn), case-insensitive. */
const EXACT = new Map<string, string>([
  ['krbtgt', 'the Kerberos service account'],
  ['guest', 'the built-in Guest account'],
  ['defaultaccount', 'the built-in DefaultAccount'],
  ['wdagutilityaccount', 'the Windows Defender Application Guard account'],
]);

/** Name prefixes of service and system accounts (sAMAccountName, cn or mailNickname). */
const PREFIXES: readonly (readonly [prefix: string, what: string])[] = [
  ['msol_', 'the Entra Connect directory sync account'],
  ['aad_', 'an Entra Connect service account'],
  ['adtoaadsyncserviceaccount', 'the Cloud Sync service account'],
  ['healthmailbox', 'an Exchange health mailbox'],
  ['systemmailbox', 'an Exchange system mailbox'],
  ['discoverysearchmailbox', 'the Exchange discovery mailbox'],
  ['federatedemail', 'the Exchange federation mailbox'],
  ['migration.', 'the Exchange migration mailbox'],
  ['support_388945a0', 'the legacy Help and Support account'],
  ['cas_{', 'an Exchange CAS test mailbox'],
  ['exchange online-applicationaccount', 'the Exchange hybrid application account'],
];

function nameExclusion(o: DirectoryObject): ExclusionRule | undefined {
  const names = [attrFirst(o, 'sAMAccountName'), attrFirst(o, 'cn'), attrFirst(o, 'mailNickname')].filter(
    (n): n is string => n !== undefined && n !== '',
  );
  for (const n of names) {
    if (n.endsWith('$')) return { rule: 'exclude.service-account', reason: `"${n}" ends with "$" (a computer or managed service account)` };
    const lower = n.toLowerCase();
    const exact = EXACT.get(lower);
    if (exact !== undefined) return { rule: 'exclude.well-known-account', reason: `"${n}" is ${exact}` };
    for (const [prefix, what] of PREFIXES) {
      if (lower.startsWith(prefix)) return { rule: 'exclude.well-known-account', reason: `"${n}" is ${what}` };
    }
  }
  return undefined;
}

/** user/inetOrgPerson → user, group → group; everything else (computer, contact, …) undefined. */
export function syncKind(o: DirectoryObject): ObjectKind | undefined {
  const classes = o.objectClass.map((c) => c.toLowerCase());
  if (classes.includes('computer')) return undefined;
  const type = objectType(o).toLowerCase();
  if (type === 'user' || type === 'inetorgperson') return 'user';
  if (type === 'group') return 'group';
  return undefined;
}

/** AD stores groupType as a signed 32-bit number; bit 0x80000000 marks a security group. */
export function isSecurityGroup(o: DirectoryObject): boolean {
  const t = Number(attrFirst(o, 'groupType') ?? 'NaN');
  return Number.isFinite(t) && (t & 0x80000000) !== 0;
}

/** Why this object never synchronises, or undefined when it may. */
export function exclusionOf(o: DirectoryObject): ExclusionRule | undefined {
  const kind = syncKind(o);
  if (kind === undefined) {
    return { rule: 'exclude.object-type', reason: `${objectType(o) || 'an object without objectClass'} objects are not synchronised (users, inetOrgPersons and security groups are)` };
  }
  const critical = attrFirst(o, 'isCriticalSystemObject');
  if (critical !== undefined && critical.trim().toUpperCase() === 'TRUE') {
    return { rule: 'exclude.critical-system-object', reason: 'isCriticalSystemObject is TRUE' };
  }
  const admin = attrFirst(o, 'adminDescription');
  if (admin !== undefined && /^(User_|Group_)/i.test(admin)) {
    return { rule: 'exclude.admin-description', reason: `adminDescription "${admin}" marks an object written back from the cloud (Connect Sync's convention)` };
  }
  const named = nameExclusion(o);
  if (named !== undefined) return named;
  if (kind === 'group' && !isSecurityGroup(o)) {
    return { rule: 'exclude.distribution-group', reason: 'a distribution group: Graph cannot create distribution lists, only security groups are synchronised' };
  }
  return undefined;
}

/** Attributes the exclusion rules read. */
export const EXCLUSION_ATTRIBUTES: readonly string[] = [
  'sAMAccountName',
  'cn',
  'mailNickname',
  'isCriticalSystemObject',
  'adminDescription',
  'groupType',
  'objectCategory',
];
