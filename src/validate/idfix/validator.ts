/**
 * The Multi-Tenant rule chains (§5.1) and the validator that runs them over a stream of objects,
 * one object at a time, in source order (which decides the "first" holder of a duplicate).
 */
import type { DirectoryObject } from '../../directory/types.js';
import { attrFirst, objectType } from '../../directory/types.js';
import type { Finding, IdfixError } from '../findings.js';
import {
  MAX_DISPLAY_NAME,
  MAX_GIVEN_NAME,
  MAX_MAIL,
  MAX_MAIL_NICKNAME,
  MAX_PROXY_ADDRESS,
  MAX_SAM_OTHER,
  MAX_SAM_USER,
  MAX_TARGET_ADDRESS,
  MAX_UPN,
  MT_NICK_LEAD,
  PROXY_OTHER_BAD,
  PROXY_SMTP_BAD,
  PROXY_X400_BAD,
  PROXY_X500_BAD,
  SAM_BAD,
  SMTP_RE,
  TARGET_OTHER_BAD,
  TARGET_SMTP_BAD,
  UPN_BAD,
  X400_RE,
  X500_RE,
  flagNames,
} from './constants.js';
import type { FirstHolder } from './duplicates.js';
import { DuplicateStore } from './duplicates.js';
import { firstHolderMessage, rowMessage } from './messages.js';
import type { Chain, Rule, RuleFailure } from './rules.js';
import {
  blankToCn,
  extraColon,
  forbidden,
  maxLength,
  noDuplicates,
  rfc2822,
  samMaxLength,
  samNoDuplicates,
} from './rules.js';
import { idfixSkipReason } from './skip.js';
import { DEFAULT_TLDS } from './tlds.js';

export interface IdfixOptions {
  /** TLDs with a leading dot, lower-case (".com"); default: the IANA list from `tlds`. */
  tlds?: ReadonlySet<string>;
  /** IdFix's "Alternate Login ID": the userPrincipalName rule is left out entirely. */
  alternateLoginId?: boolean;
}

export interface IdfixStats {
  /** Objects validated (not skipped). */
  processed: number;
  skipped: number;
  /** Rows returned, including first-holder duplicate rows (IdFix does not count its extra rows). */
  errors: number;
  /** Rows with the Duplicate error, including first-holder rows. */
  duplicates: number;
}

export interface IdfixValidator {
  /** Validate one object; returns its rows plus any first-holder duplicate rows discovered now. */
  check(o: DirectoryObject): Finding[];
  /** Why the object was skipped (rule text), or undefined if validated. */
  skipReason(o: DirectoryObject): string | undefined;
  readonly stats: Readonly<IdfixStats>;
}

/** One IdFix composed rule: an attribute and its ordered rules. */
interface Composed {
  /** Attribute name as IdFix spells it (its ATTRIBUTE column). */
  readonly attr: string;
  /** Lower-case key into DirectoryObject.attributes. */
  readonly key: string;
  /** The rules for one value; proxy and target chains depend on the original value. */
  readonly rules: (original: string) => readonly Rule[];
  /** The first blank rule, run with null when the attribute is absent. */
  readonly blank?: Rule;
  /** Every value is checked (proxyAddresses); otherwise only value [0]. */
  readonly multi?: boolean;
}

function fixed(attr: string, rules: readonly Rule[], blank?: Rule): Composed {
  return { attr, key: attr.toLowerCase(), rules: () => rules, ...(blank ? { blank } : {}) };
}

const PROXY_BASE = [maxLength(MAX_PROXY_ADDRESS), extraColon, noDuplicates];
const PROXY_SMTP = [...PROXY_BASE, forbidden(PROXY_SMTP_BAD), rfc2822];
const PROXY_X400 = [...PROXY_BASE, forbidden(PROXY_X400_BAD)];
const PROXY_X500 = [...PROXY_BASE, forbidden(PROXY_X500_BAD)];
const PROXY_OTHER = [...PROXY_BASE, forbidden(PROXY_OTHER_BAD)];

const TARGET_BASE = [maxLength(MAX_TARGET_ADDRESS), extraColon, noDuplicates];
const TARGET_SMTP = [...TARGET_BASE, forbidden(TARGET_SMTP_BAD), rfc2822];
const TARGET_OTHER = [...TARGET_BASE, forbidden(TARGET_OTHER_BAD)];

/** §5.1 in order. The original value (not the chain value) picks the proxy/target class. */
const CHAINS: readonly Composed[] = [
  fixed('displayName', [maxLength(MAX_DISPLAY_NAME), blankToCn], blankToCn),
  fixed('givenName', [maxLength(MAX_GIVEN_NAME)]),
  fixed('mail', [maxLength(MAX_MAIL), noDuplicates]),
  fixed('mailnickname', [maxLength(MAX_MAIL_NICKNAME), forbidden(MT_NICK_LEAD), noDuplicates]),
  {
    attr: 'proxyAddresses',
    key: 'proxyaddresses',
    multi: true,
    rules: (v) =>
      SMTP_RE.test(v) ? PROXY_SMTP : X400_RE.test(v) ? PROXY_X400 : X500_RE.test(v) ? PROXY_X500 : PROXY_OTHER,
  },
  fixed('sAMAccountName', [samMaxLength(MAX_SAM_USER, MAX_SAM_OTHER), forbidden(SAM_BAD), samNoDuplicates]),
  { attr: 'targetAddress', key: 'targetaddress', rules: (v) => (SMTP_RE.test(v) ? TARGET_SMTP : TARGET_OTHER) },
  fixed('userPrincipalName', [maxLength(MAX_UPN), forbidden(UPN_BAD), rfc2822, noDuplicates]),
];

const RULE_IDS: ReadonlyMap<IdfixError, string> = new Map(
  (['Format', 'Blank', 'Duplicate', 'Character', 'TopLevelDomain', 'DomainPart', 'LocalPart', 'Length'] as const).map(
    (e) => [e, `idfix.${e.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}`],
  ),
);

function ruleIdOf(error: IdfixError): string {
  return RULE_IDS.get(error) ?? 'idfix.unknown';
}

export function createIdfixValidator(options: IdfixOptions = {}): IdfixValidator {
  const tlds = options.tlds ?? DEFAULT_TLDS;
  const chains = options.alternateLoginId ? CHAINS.filter((c) => c.attr !== 'userPrincipalName') : CHAINS;
  const stats: IdfixStats = { processed: 0, skipped: 0, errors: 0, duplicates: 0 };
  let out: Finding[] = [];

  const emit = (f: Finding): void => {
    out.push(f);
    stats.errors++;
    if (f.idfixErrors?.includes('Duplicate')) stats.duplicates++;
  };

  const onFirstDuplicate = (first: FirstHolder, attr: string, laterDn: string): void =>
    emit({
      ruleId: 'idfix.duplicate',
      severity: 'error',
      dn: first.dn,
      cn: first.cn,
      objectClass: first.objectClass,
      attribute: attr,
      value: first.original,
      message: firstHolderMessage(attr, first, laterDn),
      suggestedValue: first.value,
      proposedAction: first.action,
      idfixErrors: ['Duplicate'],
      related: [laterDn],
    });

  // Reused for every chain run (check() is synchronous).
  const chain: Chain = {
    o: { dn: '', objectClass: [], attributes: new Map() },
    dn: '',
    cn: '',
    objectClass: '',
    attr: '',
    key: '',
    original: '',
    owner: undefined,
    tlds,
    store: new DuplicateStore(),
    onFirstDuplicate,
  };

  const row = (attr: string, original: string | undefined, failures: readonly RuleFailure[]): void => {
    const errors = failures.flatMap((f) => flagNames(f.flags));
    const last = failures[failures.length - 1] as RuleFailure;
    const related = failures.flatMap((f) => (f.why.kind === 'duplicate' ? [f.why.first.dn] : []));
    emit({
      ruleId: ruleIdOf(errors[0] as IdfixError),
      severity: 'error',
      dn: chain.dn,
      cn: chain.cn,
      objectClass: chain.objectClass,
      attribute: attr,
      ...(original === undefined ? {} : { value: original }),
      message: rowMessage(attr, failures, chain.dn, original),
      suggestedValue: last.value,
      proposedAction: last.action,
      idfixErrors: errors,
      ...(related.length > 0 ? { related } : {}),
    });
  };

  const runValue = (c: Composed, original: string): void => {
    chain.attr = c.attr;
    chain.key = c.key;
    chain.original = original;
    let value = original;
    let failures: RuleFailure[] | undefined;
    for (const rule of c.rules(original)) {
      const f = rule(value, chain);
      if (f !== undefined) {
        (failures ??= []).push(f);
        value = f.value;
      }
    }
    if (failures !== undefined) row(c.attr, original, failures);
  };

  return {
    stats,
    skipReason: idfixSkipReason,
    check(o) {
      if (idfixSkipReason(o) !== undefined) {
        stats.skipped++;
        return [];
      }
      stats.processed++;
      out = [];
      chain.o = o;
      chain.dn = o.dn;
      chain.cn = attrFirst(o, 'cn') ?? '';
      chain.objectClass = objectType(o);
      chain.owner = undefined;
      for (const c of chains) {
        const values = o.attributes.get(c.key);
        if (values === undefined || values.length === 0) {
          if (c.blank === undefined) continue;
          chain.attr = c.attr;
          const f = c.blank(null, chain);
          if (f !== undefined) row(c.attr, undefined, [f]);
          continue;
        }
        const count = c.multi ? values.length : 1;
        for (let i = 0; i < count; i++) {
          const v = values[i] as string | Buffer;
          runValue(c, typeof v === 'string' ? v : v.toString('utf8'));
        }
      }
      return out;
    },
  };
}
