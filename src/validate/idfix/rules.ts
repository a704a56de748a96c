/**
 * IdFix's primitive rules (§3.3). Each takes the current chain value and returns undefined when
 * it passes, or a failure carrying the flags, the fixed value, the proposed action and what the
 * message needs. A failing rule's value becomes the input of the next rule in the chain.
 */
import type { DirectoryObject } from '../../directory/types.js';
import type { ProposedAction } from '../findings.js';
import type { CharSet } from './constants.js';
import {
  BLANK,
  CHARACTER,
  DOMAIN_FIX_RE,
  DOMAIN_PART,
  DOMAIN_PART_RE,
  DUPLICATE,
  FORMAT,
  LENGTH,
  LOCAL_FIX_RE,
  LOCAL_PART,
  LOCAL_PART_RE,
  RFC2822_RE,
  SMTP_RE,
  TOP_LEVEL_DOMAIN,
  dotnetTrim,
} from './constants.js';
import type { DuplicateStore, FirstHolder, Owner } from './duplicates.js';
import { duplicateKey } from './duplicates.js';
import { tldOf } from './tlds.js';

/** Why a rule failed, for the message. */
export type Why =
  | { readonly kind: 'length'; readonly limit: number }
  | { readonly kind: 'blank' }
  | { readonly kind: 'chars'; readonly set: CharSet }
  | { readonly kind: 'colon' }
  | { readonly kind: 'duplicate'; readonly first: FirstHolder }
  | { readonly kind: 'rfc'; readonly tld: string | undefined };

export interface RuleFailure {
  readonly flags: number;
  /** The fixed value (IdFix's UpdatedValue). */
  readonly value: string;
  readonly action: ProposedAction;
  /** The chain value the rule saw; null for an absent attribute. */
  readonly input: string | null;
  readonly why: Why;
}

/** The state of one composed rule run; one instance per validator, refilled for each chain. */
export interface Chain {
  o: DirectoryObject;
  dn: string;
  cn: string;
  objectClass: string;
  /** Attribute name as IdFix spells it. */
  attr: string;
  /** The same, lower-case: its key in DirectoryObject.attributes. */
  key: string;
  /** The composed result's original value. */
  original: string;
  /** The current object as a duplicate holder, created on its first recorded value. */
  owner: Owner | undefined;
  tlds: ReadonlySet<string>;
  store: DuplicateStore;
  /** Called when a value is seen for the second time: the first holder gets its own row. */
  onFirstDuplicate: (first: FirstHolder, attr: string, laterDn: string) => void;
}

export type Rule = (v: string | null, c: Chain) => RuleFailure | undefined;

const EDIT: ProposedAction = 'Edit';

/** R-LEN(n): longer than n UTF-16 code units; fix = first n code units. */
export function maxLength(n: number): Rule {
  const why: Why = { kind: 'length', limit: n };
  return (v) =>
    v !== null && v.length > n ? { flags: LENGTH, value: v.substring(0, n), action: EDIT, input: v, why } : undefined;
}

/** R-SAMLEN: 20 for objects whose type is "user" (not inetOrgPerson), else 256. */
export function samMaxLength(userLimit: number, otherLimit: number): Rule {
  const user = maxLength(userLimit);
  const other = maxLength(otherLimit);
  return (v, c) => (c.objectClass.toLowerCase() === 'user' ? user(v, c) : other(v, c));
}

/** R-CHR: fails when the set matches; fix = matches removed, or cn when nothing is left. */
export function forbidden(set: CharSet): Rule {
  const why: Why = { kind: 'chars', set };
  return (v, c) => {
    if (v === null) return undefined;
    const fixed = v.replace(set.re, '');
    if (fixed === v) return undefined;
    return { flags: CHARACTER, value: fixed === '' ? c.cn : fixed, action: EDIT, input: v, why };
  };
}

/** R-BLANK: null or "" (whitespace is not blank); fix = cn (the only MT fixer). */
export const blankToCn: Rule = (v, c) =>
  v === null || v === '' ? { flags: BLANK, value: c.cn, action: EDIT, input: v, why: { kind: 'blank' } } : undefined;

const COLON_WHY: Why = { kind: 'colon' };

/** R-COLON: a ':' after the first one (which must not be at position 0); fix removes them. */
export const extraColon: Rule = (v) => {
  if (v === null) return undefined;
  const p = v.indexOf(':');
  if (p <= 0) return undefined;
  const suffix = v.slice(p + 1);
  if (!suffix.includes(':')) return undefined;
  return { flags: CHARACTER, value: `${v.slice(0, p)}:${suffix.replaceAll(':', '')}`, action: EDIT, input: v, why: COLON_WHY };
};

/** First value as text (`key` already lower-case: this runs for every recorded value). */
function firstText(o: DirectoryObject, key: string): string | undefined {
  const v = o.attributes.get(key)?.[0];
  return v === undefined || typeof v === 'string' ? v : v.toString('utf8');
}

const present = (o: DirectoryObject, key: string): boolean => (o.attributes.get(key)?.length ?? 0) > 0;

/** §6.3: the action IdFix proposes for a duplicate of `value` of attribute `attr` on object `o`. */
export function duplicateAction(o: DirectoryObject, attr: string, value: string): ProposedAction {
  // Only when no earlier rule changed the value; for proxyAddresses IdFix compares with value [0].
  if (firstText(o, attr.toLowerCase()) !== value) return EDIT;
  return tableAction(o, attr, value);
}

function tableAction(o: DirectoryObject, attr: string, value: string): ProposedAction {
  switch (attr) {
    case 'proxyAddresses':
      if (!SMTP_RE.test(value)) return EDIT;
      if (!present(o, 'mailnickname')) return 'Remove';
      return value.slice(0, 5).toLowerCase() === 'smtp:' ? 'Complete' : EDIT;
    case 'userPrincipalName':
    case 'mail':
    case 'sAMAccountName':
      return present(o, 'mailnickname') ? 'Complete' : EDIT;
    case 'mailnickname':
      return present(o, 'homemdb') ? 'Complete' : EDIT;
    default:
      return EDIT;
  }
}

/** duplicateAction() for the chain's current object and attribute. */
function chainAction(c: Chain, value: string): ProposedAction {
  return firstText(c.o, c.key) === value ? tableAction(c.o, c.attr, value) : EDIT;
}

/** R-DUP: the chain value was already seen (ignoring case) for this attribute in this run. */
export const noDuplicates: Rule = (v, c) => {
  if (v === null) return undefined;
  const holders = c.store.mapFor(c.attr);
  const key = duplicateKey(v);
  const i = holders.get(key);
  if (i === undefined) {
    c.owner ??= { dn: c.dn, cn: c.cn, objectClass: c.objectClass };
    c.store.record(holders, key, c.owner, c.original, v, chainAction(c, v));
    return undefined;
  }
  const first = c.store.holder(i);
  if (c.store.markSecond(i)) c.onFirstDuplicate(first, c.attr, c.dn);
  return { flags: DUPLICATE, value: v, action: chainAction(c, v), input: v, why: { kind: 'duplicate', first } };
};

/** R-SAMDUP: R-DUP only for objects without a userPrincipalName attribute. */
export const samNoDuplicates: Rule = (v, c) => (present(c.o, 'userprincipalname') ? undefined : noDuplicates(v, c));

/** The outcome of R-RFC on one value, exported for direct tests. */
export interface RfcResult {
  readonly flags: number;
  readonly value: string;
  readonly tld: string | undefined;
}

/** R-RFC (§3.4): TLD, domain part, local part, then the whole-address format check. */
export function checkRfc2822(v: string, tlds: ReadonlySet<string>): RfcResult | undefined {
  let flags = 0;
  const smtp = SMTP_RE.test(v);
  // The prefix ends at the FIRST ':' of the value, wherever "smtp:" was found.
  const colon = v.indexOf(':');
  let w = smtp ? v.slice(colon + 1) : v;

  const tld = tldOf(w);
  if (tld !== undefined && !tlds.has(tld)) flags |= TOP_LEVEL_DOMAIN;

  if (!DOMAIN_PART_RE.test(w)) {
    flags |= DOMAIN_PART;
    const at = w.lastIndexOf('@');
    if (at !== -1) w = w.slice(0, at + 1) + w.slice(at + 1).replace(DOMAIN_FIX_RE, '');
  }

  if (!LOCAL_PART_RE.test(w) || w.indexOf('@') !== w.lastIndexOf('@')) {
    flags |= LOCAL_PART;
    const at = w.lastIndexOf('@');
    if (at !== -1) w = (w.slice(0, at).replace(LOCAL_FIX_RE, '') + w.slice(at)).replaceAll('.@', '@');
  }

  if (!RFC2822_RE.test(w)) flags |= FORMAT;

  if (flags === 0) return undefined;
  return { flags, value: smtp ? dotnetTrim(v.slice(0, colon + 1)) + w : w, tld: flags & TOP_LEVEL_DOMAIN ? tld : undefined };
}

export const rfc2822: Rule = (v, c) => {
  if (v === null) return undefined;
  const r = checkRfc2822(v, c.tlds);
  return r === undefined ? undefined : { flags: r.flags, value: r.value, action: EDIT, input: v, why: { kind: 'rfc', tld: r.tld } };
};
