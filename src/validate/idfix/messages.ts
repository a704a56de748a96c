/** Plain-English messages for IdFix rows: one clause per failing rule, joined with "; ". */
import { DOMAIN_PART, FORMAT, LOCAL_PART, TOP_LEVEL_DOMAIN } from './constants.js';
import type { FirstHolder } from './duplicates.js';
import type { RuleFailure } from './rules.js';

const CHAR_NAMES: ReadonlyMap<string, string> = new Map([
  [' ', "' ' (space)"],
  ['\t', 'a tab'],
  ['\n', 'a line feed'],
  ['\v', 'a vertical tab'],
  ['\f', 'a form feed'],
  ['\r', 'a carriage return'],
  ['\u0085', 'U+0085 (next line)'],
  ['\u00A0', 'U+00A0 (no-break space)'],
  ['\u1680', 'U+1680 (Ogham space mark)'],
  ['\u2028', 'U+2028 (line separator)'],
  ['\u2029', 'U+2029 (paragraph separator)'],
  ['\u202F', 'U+202F (narrow no-break space)'],
  ['\u205F', 'U+205F (medium mathematical space)'],
  ['\u3000', 'U+3000 (ideographic space)'],
]);

function describeChar(ch: string): string {
  const named = CHAR_NAMES.get(ch);
  if (named !== undefined) return named;
  const code = ch.charCodeAt(0);
  if (code >= 0x2000 && code <= 0x200a) return `U+${code.toString(16).toUpperCase()} (a space)`;
  return `'${ch}'`;
}

const MAX_LISTED = 8;

/** The distinct characters of `value` that `re` (global) matches, described for people. */
function describeMatches(value: string, re: RegExp): string {
  const found = [...new Set(value.match(re) ?? [])];
  const listed = found.slice(0, MAX_LISTED).map(describeChar).join(', ');
  return found.length > MAX_LISTED ? `${listed} and ${found.length - MAX_LISTED} more` : listed;
}

function quote(v: string): string {
  return `'${v}'`;
}

function otherHolder(attr: string, value: string, dn: string, otherDn: string): string {
  if (otherDn === dn) return `${attr} ${quote(value)} appears more than once on this object (ignoring case)`;
  return `${attr} ${quote(value)} is also used by ${otherDn} (values must be unique, ignoring case)`;
}

function rfcClauses(attr: string, f: RuleFailure, tld: string | undefined): string[] {
  const input = f.input ?? '';
  const clauses: string[] = [];
  if (f.flags & TOP_LEVEL_DOMAIN) {
    clauses.push(`${attr}'s top-level domain ${quote(tld ?? '')} is not a registered internet domain`);
  }
  if (!input.includes('@')) {
    if (f.flags & (DOMAIN_PART | LOCAL_PART | FORMAT)) clauses.push(`${attr} ${quote(input)} is not of the form name@domain`);
    return clauses;
  }
  if (f.flags & DOMAIN_PART) clauses.push(`${attr}'s domain part (after the last '@') is not a valid domain name`);
  if (f.flags & LOCAL_PART) {
    clauses.push(
      input.indexOf('@') !== input.lastIndexOf('@')
        ? `${attr} contains more than one '@'`
        : `${attr}'s local part (before the '@') has characters or dots not allowed in an e-mail address`,
    );
  }
  if (f.flags & FORMAT) clauses.push(`${attr} ${quote(input)} is not a valid name@domain.tld address and needs a manual edit`);
  return clauses;
}

function clauses(attr: string, f: RuleFailure, dn: string, original: string | undefined): string[] {
  const input = f.input ?? '';
  switch (f.why.kind) {
    case 'length':
      return [`${attr} is ${input.length} characters long; the limit is ${f.why.limit}`];
    case 'blank':
      return [f.input === null ? `${attr} is missing` : `${attr} is empty`];
    case 'chars':
      return f.why.set.id === 'MT_NICK_LEAD'
        ? [`${attr} starts with a period`]
        : [`${attr} contains characters Entra ID rejects: ${describeMatches(input, f.why.set.re)}`];
    case 'colon':
      return [`${attr} contains ':' after its address-type prefix`];
    case 'duplicate': {
      const text = otherHolder(attr, input, dn, f.why.first.dn);
      return [original !== undefined && original !== input ? `${text}, once the fixes above are applied` : text];
    }
    case 'rfc':
      return rfcClauses(attr, f, f.why.tld);
  }
}

/** IdFix spells it "mailnickname" in its ATTRIBUTE column; people read the LDAP name. */
const spoken = (attr: string): string => (attr === 'mailnickname' ? 'mailNickname' : attr);

/** The message of a row from its failing rules, in chain order. */
export function rowMessage(attr: string, failures: readonly RuleFailure[], dn: string, original: string | undefined): string {
  return failures.flatMap((f) => clauses(spoken(attr), f, dn, original)).join('; ');
}

/** The message of the first holder's own duplicate row. */
export function firstHolderMessage(attr: string, first: FirstHolder, secondDn: string): string {
  return otherHolder(spoken(attr), first.value, first.dn, secondDn);
}
