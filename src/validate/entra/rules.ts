import type { Severity } from '../findings.js';

export interface EntraRuleInfo {
  readonly id: string;
  readonly severity: Severity;
  readonly summary: string;
  readonly fix: string;
  readonly example: string;
}

/** The catalogue behind `--list-rules` and docs/validate.md; ids are stable. */
export const ENTRA_RULES: ReadonlyArray<EntraRuleInfo> = [
  {
    id: 'entra.address-conflict',
    severity: 'error',
    summary:
      'The same address is held by two objects through different attributes (userPrincipalName, mail, smtp proxyAddresses); Entra ID requires it to be unique across all three together.',
    fix: 'Change or remove the address on all but one of the objects.',
    example: "user A mail 'jane@contoso.com', user B userPrincipalName 'jane@contoso.com'",
  },
  {
    id: 'entra.upn-missing',
    severity: 'error',
    summary: 'A user has no userPrincipalName; Entra ID will build one from mailNickname and the initial domain.',
    fix: 'Set a userPrincipalName on a verified domain.',
    example: 'user without userPrincipalName',
  },
  {
    id: 'entra.upn-non-routable',
    severity: 'error',
    summary: 'The UPN suffix is not routable (.local, .lan, .internal, .corp, … or a single label) and can never be verified.',
    fix: 'Add a routable UPN suffix to the forest and change the UPN to it.',
    example: "'jane@contoso.local'",
  },
  {
    id: 'entra.upn-suffix-not-in-forest',
    severity: 'warning',
    summary: "The UPN suffix is not one of the forest's UPN suffixes or domain names.",
    fix: 'Add the suffix to the forest (uPNSuffixes) or change the UPN to a suffix the forest has.',
    example: "'jane@fabrikam.com' in a forest with suffixes contoso.com, contoso.local",
  },
  {
    id: 'entra.upn-unverified-domain',
    severity: 'error',
    summary:
      "The UPN suffix is neither a verified domain of the tenant nor a subdomain of one; the user would be created as <mailNickname>@<tenant>.onmicrosoft.com.",
    fix: 'Verify the domain in the tenant, or change the UPN to a verified domain.',
    example: "'jane@fabrikam.com' when only contoso.com is verified",
  },
  {
    id: 'entra.upn-local-too-long',
    severity: 'error',
    summary: 'The part of the UPN before the @ is longer than 64 characters.',
    fix: 'Shorten the part before the @ to 64 characters or fewer.',
    example: "'<65 characters>@contoso.com'",
  },
  {
    id: 'entra.address-mismatch',
    severity: 'warning',
    summary:
      "mail differs from the primary SMTP address (SMTP: proxy), or a user's userPrincipalName differs from its mail; people sign in with one and see the other.",
    fix: 'Make mail equal to the primary SMTP address, and the UPN equal to mail where possible.',
    example: "mail 'jane@contoso.com', proxyAddresses 'SMTP:jroe@contoso.com'",
  },
  {
    id: 'entra.proxy-multiple-primary',
    severity: 'error',
    summary: 'proxyAddresses has more than one primary address (upper-case SMTP: prefix).',
    fix: 'Keep one SMTP: value and change the others to lower-case smtp:.',
    example: "'SMTP:jane@contoso.com', 'SMTP:jroe@contoso.com'",
  },
  {
    id: 'entra.mail-nickname-invalid',
    severity: 'warning',
    summary:
      "mailNickname has characters Exchange Online rejects (only letters, digits, ! # $ % & ' * + - / = ? ^ _ ` { | } ~ and dots between them are allowed).",
    fix: 'Remove the other characters, and leading, trailing and doubled dots.',
    example: "'jane doe', '.jane', 'jane..doe', 'jane(it)'",
  },
];
