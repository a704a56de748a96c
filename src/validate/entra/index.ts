/**
 * The `entra` rule set: what Entra ID enforces and IdFix does not check. The caller runs these
 * IN ADDITION to the IdFix-compatible engine, so nothing here repeats an IdFix rule.
 */
import type { DirectoryObject } from '../../directory/types.js';
import type { Finding } from '../findings.js';
import { AddressIndex } from './address-index.js';
import { checkAddresses, checkMailNickname } from './address-rules.js';
import { checkUpn } from './upn-rules.js';

export { ENTRA_RULES, type EntraRuleInfo } from './rules.js';

export interface EntraRuleOptions {
  /** The tenant's verified domains (from --verified-domains); undefined = unknown, that rule is not run. */
  readonly verifiedDomains?: readonly string[];
  /** The forest's UPN suffixes incl. the forest root DNS name; undefined (LDIF source) = that rule is not run. */
  readonly forestUpnSuffixes?: readonly string[];
}

/** Attributes these rules read (objectClass and the DN always come with an object). */
export const ENTRA_ATTRIBUTES: readonly string[] = ['cn', 'userPrincipalName', 'mail', 'proxyAddresses', 'mailNickname'];

export interface EntraValidator {
  /** Per-object findings; call once per object, in stream order. */
  check(o: DirectoryObject): Finding[];
  /** Cross-object findings (address uniqueness), after the last object. */
  finish(): Finding[];
}

export function createEntraValidator(options: EntraRuleOptions = {}): EntraValidator {
  const index = new AddressIndex();
  let finished = false;
  return {
    check(o) {
      index.add(o);
      return [...checkUpn(o, options), ...checkAddresses(o, options.verifiedDomains), ...checkMailNickname(o)];
    },
    finish() {
      // A second call would report the same conflicts again.
      if (finished) return [];
      finished = true;
      return index.findings();
    },
  };
}
