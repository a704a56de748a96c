/**
 * IdFix's skip rules (§2, Multi-Tenant): objects it never validates nor feeds to duplicate
 * detection. Where IdFix's skip code would throw (no cn, an unparsable boolean or groupType),
 * it logs and validates the object; here that is "stop checking, not skipped".
 */
import type { DirectoryObject } from '../../directory/types.js';
import { attrFirst, hasAttr, objectType } from '../../directory/types.js';
import { SKIP_NICK_PREFIXES, SKIP_RECIPIENT_TYPES, SKIP_SAM_PREFIXES, WELL_KNOWN_EXCLUSIONS } from './constants.js';

/** Thrown internally where IdFix's code throws; never escapes this module. */
const NOT_SKIPPED = Symbol('not skipped');

/**
 * The conflict-object marker. IdFix searches for "\0ACNF:" with a culture-sensitive
 * comparison in which NUL is ignorable, so it finds "ACNF:" in the escaped DN (CN=x\0ACNF:guid).
 * A source that unescaped the DN yields a line feed followed by "CNF:" instead.
 */
const CONFLICT_RE = /ACNF:|\nCNF:/i;

const INT64_RE = /^[\t\n\v\f\r ]*[+-]?[0-9]+[\t\n\v\f\r ]*$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** .NET Boolean.Parse: "true"/"false" ignoring case and surrounding whitespace, else throws. */
function parseBool(s: string): boolean {
  const t = s.trim().toLowerCase();
  if (t === 'true') return true;
  if (t === 'false') return false;
  throw NOT_SKIPPED;
}

/** .NET Int64.Parse with the default (Integer) number style, else throws. */
function parseInt64(s: string | undefined): bigint {
  if (s === undefined || !INT64_RE.test(s)) throw NOT_SKIPPED;
  const n = BigInt(s.trim());
  if (n < INT64_MIN || n > INT64_MAX) throw NOT_SKIPPED;
  return n;
}

/** Prefix lists with their lower-case forms, computed once. */
type Prefixes = readonly (readonly [prefix: string, lower: string])[];
const lowered = (list: readonly string[]): Prefixes => list.map((p) => [p, p.toLowerCase()] as const);
const CN_PREFIXES = lowered(WELL_KNOWN_EXCLUSIONS);
const SAM_PREFIXES = lowered(SKIP_SAM_PREFIXES);
const NICK_PREFIXES = lowered(SKIP_NICK_PREFIXES);

function startsWithAny(value: string, prefixes: Prefixes): string | undefined {
  const lower = value.toLowerCase();
  for (const [prefix, p] of prefixes) if (lower.startsWith(p)) return prefix;
  return undefined;
}

function userSkip(o: DirectoryObject): string | undefined {
  const sam = attrFirst(o, 'samaccountname');
  const samPrefix = sam === undefined ? undefined : startsWithAny(sam, SAM_PREFIXES);
  if (samPrefix !== undefined) return `user whose sAMAccountName starts with '${samPrefix}' (a service account)`;

  const nick = attrFirst(o, 'mailnickname');
  const nickPrefix = nick === undefined ? undefined : startsWithAny(nick, NICK_PREFIXES);
  if (nickPrefix !== undefined) return `user whose mailNickname starts with '${nickPrefix}' (an Exchange system mailbox)`;

  const display = attrFirst(o, 'displayname');
  const hidden = attrFirst(o, 'msexchhidefromaddresslists');
  if (display !== undefined && hidden !== undefined && parseBool(hidden) && display.toLowerCase().startsWith('msol')) {
    return "user hidden from address lists whose displayName starts with 'MSOL' (a directory sync account)";
  }

  const details = attrFirst(o, 'msexchrecipienttypedetails');
  const kind = details === undefined ? undefined : SKIP_RECIPIENT_TYPES.get(details);
  if (kind !== undefined) return `user with msExchRecipientTypeDetails ${details} (${kind}), which does not sync to Exchange Online`;
  return undefined;
}

function groupSkip(o: DirectoryObject): string | undefined {
  if (parseInt64(attrFirst(o, 'grouptype')) < 0n) {
    return hasAttr(o, 'mail') ? undefined : 'security group without a mail address';
  }
  return hasAttr(o, 'proxyaddresses') ? undefined : 'distribution group without proxyAddresses';
}

function skipChecks(o: DirectoryObject): string | undefined {
  const cn = attrFirst(o, 'cn');
  if (cn === undefined) throw NOT_SKIPPED;
  if (cn.endsWith('$')) return "cn ends with '$'";
  const prefix = startsWithAny(cn, CN_PREFIXES);
  if (prefix !== undefined) return `cn starts with '${prefix}' (an IdFix well-known exclusion)`;
  if (CONFLICT_RE.test(o.dn)) return 'replication conflict object (the DN contains CNF:)';
  const critical = attrFirst(o, 'iscriticalsystemobject');
  if (critical !== undefined && parseBool(critical)) return 'isCriticalSystemObject is TRUE';

  const type = objectType(o).toLowerCase();
  if (type === 'user') return userSkip(o);
  if (type === 'group') return groupSkip(o);
  return undefined;
}

/** Why IdFix (Multi-Tenant) would skip this object, or undefined when it validates it. */
export function idfixSkipReason(o: DirectoryObject): string | undefined {
  try {
    return skipChecks(o);
  } catch (e) {
    if (e === NOT_SKIPPED) return undefined;
    throw e;
  }
}
