/**
 * The UPN Entra gives a user whose suffix is not a verified domain: `<mailNickname>@<initial
 * domain>`. cloudsync writes that UPN itself (Graph would refuse the original) and says so.
 */
import { isWithin, splitAddress } from '../../validate/entra/domains.js';

/** Graph's mailNickname refuses spaces and @()\[]";:<>, and non-ASCII: keep letters, digits, . _ - */
export function sanitizeNickname(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]/g, '')
    .replace(/^\.+|\.+$/g, '');
}

export interface EffectiveUpn {
  readonly upn: string | null;
  /** Set when the UPN was rewritten (or could not be). */
  readonly warning?: string;
}

/**
 * The UPN to write. Unknown verified domains (none read) leave the UPN as it is; a UPN on a
 * verified domain or a subdomain of one is kept.
 */
export function effectiveUpn(upn: string | null, mailNickname: string | null, verified: readonly string[], initialDomain: string | undefined): EffectiveUpn {
  if (verified.length === 0) return { upn };
  const parts = upn === null ? undefined : splitAddress(upn);
  if (parts !== undefined && isWithin(parts.domain, verified)) return { upn };
  const nick = sanitizeNickname(mailNickname ?? parts?.local ?? '');
  const what = upn === null ? 'has no userPrincipalName' : `has the userPrincipalName ${upn}, whose suffix is not a verified domain of the tenant`;
  if (nick === '' || initialDomain === undefined) {
    return { upn, warning: `${what}; no ${nick === '' ? 'mailNickname' : 'initial domain'} is known to build <mailNickname>@<initial domain> from, so Graph will refuse it` };
  }
  const fixed = `${nick}@${initialDomain}`;
  return { upn: fixed, warning: `${what}; as Entra does, it becomes ${fixed} (verify the domain, or change the UPN, to keep it)` };
}
