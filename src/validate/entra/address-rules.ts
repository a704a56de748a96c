import { attrFirst, attrStrings, type DirectoryObject } from '../../directory/types.js';
import type { Finding } from '../findings.js';
import { addressKey, isPrimarySmtp, isUsableUpnDomain, smtpProxyAddress, splitAddress } from './domains.js';
import { firstText, isUserLike, objectColumns, withSuggestion, type ObjectColumns } from './object.js';
import { MAX_UPN_LOCAL_LENGTH } from './upn-rules.js';

/** Per-object address consistency: multiple primaries, mail vs primary SMTP, UPN vs mail. */
export function checkAddresses(o: DirectoryObject, verifiedDomains?: readonly string[]): Finding[] {
  const cols = objectColumns(o);
  const findings: Finding[] = [];
  const primaries = attrStrings(o, 'proxyAddresses').filter(isPrimarySmtp);
  const rawMail = attrFirst(o, 'mail');
  const mail = firstText(o, 'mail');
  const sameAsMail = (proxy: string): boolean =>
    mail !== undefined && addressKey(smtpProxyAddress(proxy) ?? '') === addressKey(mail);

  if (primaries.length > 1) {
    // Keep the primary that mail already names; otherwise the first one.
    const keep = primaries.find(sameAsMail) ?? primaries[0]!;
    for (const p of primaries) {
      if (p === keep) continue;
      findings.push({
        ...cols,
        ruleId: 'entra.proxy-multiple-primary',
        severity: 'error',
        attribute: 'proxyAddresses',
        value: p,
        message:
          `proxyAddresses has ${primaries.length} primary addresses (upper-case SMTP:: ${primaries.join(', ')}); ` +
          `an object can have only one. Keep '${keep.trim()}' and make this one secondary (lower-case smtp:).`,
        suggestedValue: 'smtp:' + p.trim().slice(5),
      });
    }
  }

  const mailMatchesPrimary = primaries.length === 0 || primaries.some(sameAsMail);
  if (mail !== undefined && !mailMatchesPrimary) {
    const primary = smtpProxyAddress(primaries[0]!) ?? '';
    findings.push(
      withSuggestion(
        {
          ...cols,
          ruleId: 'entra.address-mismatch',
          severity: 'warning',
          attribute: 'mail',
          value: rawMail,
          message:
            `mail '${mail}' differs from the primary SMTP address '${primary}'; Exchange Online and Entra ID ` +
            'show the primary SMTP address, so mail should be the same.',
        },
        primaries.length === 1 ? primary : undefined,
      ),
    );
  }

  if (isUserLike(o)) findings.push(...upnVersusMail(o, cols, mail, mailMatchesPrimary, verifiedDomains));
  return findings;
}

function upnVersusMail(
  o: DirectoryObject,
  cols: ObjectColumns,
  mail: string | undefined,
  mailIsSettled: boolean,
  verifiedDomains?: readonly string[],
): Finding[] {
  const upn = firstText(o, 'userPrincipalName');
  if (upn === undefined || mail === undefined || addressKey(upn) === addressKey(mail)) return [];
  // Suggest the mail as UPN only when mail itself is not in question and would be a valid UPN.
  const parts = splitAddress(mail);
  const usable =
    mailIsSettled &&
    parts !== undefined &&
    parts.local.length <= MAX_UPN_LOCAL_LENGTH &&
    isUsableUpnDomain(parts.domain, verifiedDomains);
  return [
    withSuggestion(
      {
        ...cols,
        ruleId: 'entra.address-mismatch',
        severity: 'warning',
        attribute: 'userPrincipalName',
        value: attrFirst(o, 'userPrincipalName'),
        message:
          `userPrincipalName '${upn}' differs from mail '${mail}'; people sign in with the UPN but see the mail ` +
          'address everywhere else, which confuses them. Make the UPN equal to mail where you can.',
      },
      usable ? mail : undefined,
    ),
  ];
}

/** Exchange Online alias characters (its own error text): a–z, A–Z, 0–9, these, and U+00A1–U+00FF. */
const NICKNAME_BAD = /[^A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.\u00A1-\u00FF]/gu;

/** mailNickname (Exchange alias): characters Exchange Online rejects; dots only between other characters. */
export function checkMailNickname(o: DirectoryObject): Finding[] {
  const value = attrFirst(o, 'mailNickname');
  if (value === undefined || value === '') return [];
  const bad = [...new Set(value.match(NICKNAME_BAD) ?? [])];
  const problems: string[] = [];
  if (bad.length > 0) problems.push(`characters Exchange Online rejects (${bad.map(describeChar).join(', ')})`);
  if (value.startsWith('.') || value.endsWith('.')) problems.push('a dot at the start or end');
  if (value.includes('..')) problems.push('two dots in a row');
  if (problems.length === 0) return [];

  const fixed = value.replace(NICKNAME_BAD, '').replace(/\.{2,}/g, '.').replace(/^\.+|\.+$/g, '');
  return [
    withSuggestion(
      {
        ...objectColumns(o),
        ruleId: 'entra.mail-nickname-invalid',
        severity: 'warning',
        attribute: 'mailNickname',
        value,
        message:
          `mailNickname '${value}' has ${problems.join(' and ')}; only letters, digits, ` +
          "! # $ % & ' * + - / = ? ^ _ ` { | } ~ and dots between other characters are allowed.",
      },
      fixed === '' ? undefined : fixed,
    ),
  ];
}

function describeChar(c: string): string {
  if (c === ' ') return 'space';
  const code = c.codePointAt(0) ?? 0;
  return code < 0x21 || (code >= 0x7f && code <= 0xa0)
    ? `U+${code.toString(16).toUpperCase().padStart(4, '0')}`
    : `'${c}'`;
}
