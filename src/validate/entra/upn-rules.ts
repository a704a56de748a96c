import { attrFirst, attrStrings, type DirectoryObject } from '../../directory/types.js';
import type { Finding } from '../findings.js';
import {
  initialDomain,
  isNonRoutable,
  isPrimarySmtp,
  isUsableUpnDomain,
  isWithin,
  smtpProxyAddress,
  splitAddress,
} from './domains.js';
import { firstText, isUserLike, objectColumns, withSuggestion } from './object.js';

export interface UpnRuleOptions {
  readonly verifiedDomains?: readonly string[];
  readonly forestUpnSuffixes?: readonly string[];
}

/** Entra ID (and RFC 5321) cap the part before the @ at 64 characters. */
export const MAX_UPN_LOCAL_LENGTH = 64;

/** The whole-UPN length (113) is IdFix's rule and deliberately not repeated here. */
export function checkUpn(o: DirectoryObject, options: UpnRuleOptions): Finding[] {
  if (!isUserLike(o)) return [];
  const base = { ...objectColumns(o), attribute: 'userPrincipalName' };
  const raw = attrFirst(o, 'userPrincipalName');
  const upn = firstText(o, 'userPrincipalName');
  const nickname = firstText(o, 'mailNickname');
  const fallback = (local: string): string =>
    `${nickname ?? local}@${tenantDomain(options.verifiedDomains)}`;

  if (upn === undefined) {
    return [
      withSuggestion(
        {
          ...base,
          ruleId: 'entra.upn-missing',
          severity: 'error',
          message:
            'The user has no userPrincipalName; Entra ID will build one from mailNickname and the initial domain ' +
            `(${nickname === undefined ? '<mailNickname>' : nickname}@${tenantDomain(options.verifiedDomains)}). ` +
            'Set a userPrincipalName on a verified domain.',
        },
        suggestUpn(o, options.verifiedDomains),
      ),
    ];
  }

  // A UPN without a usable @ is IdFix's Format error; none of the suffix rules can say more.
  const parts = splitAddress(upn);
  if (parts === undefined) return [];
  const domainAsWritten = upn.slice(upn.lastIndexOf('@') + 1);
  const findings: Finding[] = [];

  if (parts.local.length > MAX_UPN_LOCAL_LENGTH) {
    findings.push({
      ...base,
      ruleId: 'entra.upn-local-too-long',
      severity: 'error',
      value: raw,
      message:
        `The part of the userPrincipalName before the @ is ${parts.local.length} characters long; ` +
        `Entra ID allows at most ${MAX_UPN_LOCAL_LENGTH}.`,
      suggestedValue: `${parts.local.slice(0, MAX_UPN_LOCAL_LENGTH)}@${domainAsWritten}`,
    });
  }

  const nonRoutable = isNonRoutable(parts.domain);
  if (nonRoutable) {
    findings.push(
      withSuggestion(
        {
          ...base,
          ruleId: 'entra.upn-non-routable',
          severity: 'error',
          value: raw,
          message:
            `The userPrincipalName suffix '${parts.domain}' is not routable on the internet, so it can never be a ` +
            `verified domain and the user would be created as '${fallback(parts.local)}'. ` +
            'Add a routable UPN suffix to the forest and change the UPN to it.',
        },
        suggestUpn(o, options.verifiedDomains),
      ),
    );
  }

  // Forest suffixes: we cannot tell which entry is the forest root, so subdomains of any are
  // accepted (AD accepts child-domain names under the root).
  if (options.forestUpnSuffixes !== undefined && !isWithin(parts.domain, options.forestUpnSuffixes)) {
    findings.push({
      ...base,
      ruleId: 'entra.upn-suffix-not-in-forest',
      severity: 'warning',
      value: raw,
      message:
        `The userPrincipalName suffix '${parts.domain}' is not one of the forest's UPN suffixes ` +
        `(${listOf(options.forestUpnSuffixes)}). Add it to the forest's uPNSuffixes or change the UPN.`,
    });
  }

  // A non-routable suffix is already an error that says the same; do not report it twice.
  if (!nonRoutable && options.verifiedDomains !== undefined && !isWithin(parts.domain, options.verifiedDomains)) {
    findings.push(
      withSuggestion(
        {
          ...base,
          ruleId: 'entra.upn-unverified-domain',
          severity: 'error',
          value: raw,
          message:
            `The userPrincipalName suffix '${parts.domain}' is not a verified domain of the tenant ` +
            `(${listOf(options.verifiedDomains)}) nor a subdomain of one; the user would get ` +
            `'${fallback(parts.local)}' instead. Verify the domain or change the UPN.`,
        },
        suggestUpn(o, options.verifiedDomains),
      ),
    );
  }
  return findings;
}

/** The obvious replacement UPN: the user's mail or primary SMTP address, when its domain is usable. */
export function suggestUpn(o: DirectoryObject, verifiedDomains?: readonly string[]): string | undefined {
  const primary = attrStrings(o, 'proxyAddresses').find(isPrimarySmtp);
  const candidates = [firstText(o, 'mail'), primary === undefined ? undefined : smtpProxyAddress(primary)];
  return candidates.find((c) => {
    const parts = c === undefined ? undefined : splitAddress(c);
    return parts !== undefined && parts.local.length <= MAX_UPN_LOCAL_LENGTH && isUsableUpnDomain(parts.domain, verifiedDomains);
  });
}

function tenantDomain(verifiedDomains?: readonly string[]): string {
  return (verifiedDomains && initialDomain(verifiedDomains)) ?? '<tenant>.onmicrosoft.com';
}

function listOf(domains: readonly string[]): string {
  return domains.length === 0 ? 'none' : domains.join(', ');
}
