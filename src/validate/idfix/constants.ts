/**
 * IdFix 2.6.0.3 constants, ported from its C# source (see shared reference idfix-rules.md §4).
 * Every regex is compiled once here; global ones are only used with String.replace/match,
 * which reset lastIndex, so sharing them is safe.
 */
import type { IdfixError } from '../findings.js';
import { IDFIX_ERRORS } from '../findings.js';

// ---- error flags (IdFix's ErrorType [Flags] enum) ------------------------------------------

export const FORMAT = 1;
export const BLANK = 2;
export const DUPLICATE = 4;
export const CHARACTER = 8;
export const TOP_LEVEL_DOMAIN = 16;
export const DOMAIN_PART = 32;
export const LOCAL_PART = 64;
export const LENGTH = 128;

/** Flag names in ascending numeric order, the way .NET prints a [Flags] enum. */
export function flagNames(flags: number): IdfixError[] {
  const names: IdfixError[] = [];
  for (let i = 0; i < IDFIX_ERRORS.length; i++) {
    if (flags & (1 << i)) names.push(IDFIX_ERRORS[i] as IdfixError);
  }
  return names;
}

// ---- whitespace ------------------------------------------------------------------------------

/**
 * .NET `\s` (char.IsWhiteSpace). JS `\s` differs: it lacks U+0085 and adds U+FEFF, so the set is
 * spelled out and used inside every character class below instead of `\s`.
 */
export const WS = '\\t\\n\\v\\f\\r \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000';

/** .NET String.Trim(): trims char.IsWhiteSpace characters at both ends. */
const TRIM_RE = new RegExp(`^[${WS}]+|[${WS}]+$`, 'g');
export function dotnetTrim(s: string): string {
  return s.replace(TRIM_RE, '');
}

// ---- forbidden character sets (R-CHR), global for removal -----------------------------------

/** One forbidden-character rule: the global regex and a name for messages. */
export interface CharSet {
  readonly id: string;
  readonly re: RegExp;
}

function charSet(id: string, cls: string): CharSet {
  return { id, re: new RegExp(`[${cls}]`, 'g') };
}

// IgnoreCase in .NET adds nothing here: the only letters (äëïöüÿ) are listed in both cases.
export const UPN_BAD = charSet('UPN_BAD', `${WS}\\\\%&*+/=?'{}|<>();:,\\[\\]"äëïöüÿÄËÏÖÜŸ`);
export const PROXY_SMTP_BAD = charSet('PROXY_SMTP_BAD', `${WS}<>();,\\[\\]"`);
export const PROXY_OTHER_BAD = charSet('PROXY_OTHER_BAD', `${WS}<>(),\\[\\]"`);
export const PROXY_X400_BAD = charSet('PROXY_X400_BAD', `\\f\\n\\r\\t\\v\\[\\]"'`);
export const PROXY_X500_BAD = charSet('PROXY_X500_BAD', `\\f\\n\\r\\t\\v\\[\\]"'`);
export const TARGET_SMTP_BAD = charSet('TARGET_SMTP_BAD', `${WS}\\\\<>();,\\[\\]"`);
export const TARGET_OTHER_BAD = charSet('TARGET_OTHER_BAD', `${WS}\\\\<>(),\\[\\]"`);
export const SAM_BAD = charSet('SAM_BAD', `\\\\"|,/\\[\\]:<>+=;?*`);
/** One or more leading periods (^ anchors every match at position 0). */
export const MT_NICK_LEAD: CharSet = { id: 'MT_NICK_LEAD', re: /^\.+/g };

// ---- address regexes (R-RFC) -----------------------------------------------------------------

/*
 * .NET IgnoreCase + CultureInvariant lower-cases each input character with invariant rules
 * before matching, so U+212A KELVIN SIGN (-> k) and U+0130 (-> i) count as letters in [a-z].
 * JS /i without the u flag folds exactly ASCII, so those two are added explicitly.
 * .NET `$` also matches before a final "\n": written (?=\n?$).
 */
const L = 'a-z\\u0130\\u212A';
const ATOM = `[${L}0-9!#$%&'*+/=?^_\`{|}~-]`;
const LABELS = `(?:[${L}0-9](?:[${L}0-9-]*[${L}0-9])?\\.)+(?:[${L}]{2,17})(?=\\n?$)`;

/** Contains "smtp:" anywhere (the IdFix test is not anchored). */
export const SMTP_RE = /smtp:/i;
export const DOMAIN_PART_RE = new RegExp(`@${LABELS}`, 'i');
export const LOCAL_PART_RE = new RegExp(`^${ATOM}+(?:\\.${ATOM}+)*@`, 'i');
export const RFC2822_RE = new RegExp(`^${ATOM}+(?:\\.${ATOM}+)*@${LABELS}`, 'i');
export const DOMAIN_FIX_RE = new RegExp(`[^${L}0-9.-]`, 'gi');
export const LOCAL_FIX_RE = new RegExp(`[^${L}0-9.!#$%&'*+/=?^_\`{|}~-]`, 'gi');
export const X400_RE = /^x\.?400/i;
export const X500_RE = /^x\.?500/i;

// ---- lengths (§4.4, Multi-Tenant) ------------------------------------------------------------

export const MAX_DISPLAY_NAME = 255;
export const MAX_GIVEN_NAME = 63;
export const MAX_MAIL = 256;
export const MAX_MAIL_NICKNAME = 64;
export const MAX_PROXY_ADDRESS = 256;
export const MAX_SAM_USER = 20;
export const MAX_SAM_OTHER = 256;
export const MAX_TARGET_ADDRESS = 255;
export const MAX_UPN = 113;

// ---- skip rules (§2) -------------------------------------------------------------------------

/** cn prefixes IdFix never validates ("well-known exclusions"), compared ignoring case. */
export const WELL_KNOWN_EXCLUSIONS: readonly string[] = [
  'Admini',
  'CAS_{',
  'DiscoverySearchMailbox',
  'FederatedEmail',
  'Guest',
  'HTTPConnector',
  'krbtgt',
  'iusr_',
  'iwam',
  'msol',
  'support_',
  'SystemMailbox',
  'WWIOadmini',
  'HealthMailbox',
  'Exchange Online-ApplicationAccount',
];

export const SKIP_SAM_PREFIXES: readonly string[] = ['CAS_', 'SUPPORT_', 'MSOL_'];
export const SKIP_NICK_PREFIXES: readonly string[] = ['CAS_', 'SYSTEMMAILBOX'];

/**
 * msExchRecipientTypeDetails values whose users IdFix skips. IdFix compares the raw string with
 * the hex literals, which AD never returns (it returns decimal); the decimal forms are the
 * intended values (the same mask Entra Connect uses, &H21C07000), so both are accepted.
 */
export const SKIP_RECIPIENT_TYPES: ReadonlyMap<string, string> = new Map([
  ['0x1000', 'PublicFolder'],
  ['0x2000', 'SystemAttendantMailbox'],
  ['0x4000', 'SystemMailbox'],
  ['0x400000', 'MicrosoftExchange'],
  ['0x800000', 'ArbitrationMailbox'],
  ['0x1000000', 'MailboxPlan'],
  ['0x20000000', 'DiscoveryMailbox'],
  ['4096', 'PublicFolder'],
  ['8192', 'SystemAttendantMailbox'],
  ['16384', 'SystemMailbox'],
  ['4194304', 'MicrosoftExchange'],
  ['8388608', 'ArbitrationMailbox'],
  ['16777216', 'MailboxPlan'],
  ['536870912', 'DiscoveryMailbox'],
]);
