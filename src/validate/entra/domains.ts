/** Address and domain helpers for the entra rules. Every domain comparison is case-insensitive. */

/** TLDs that are never routable on the internet, so Entra ID can never verify such a domain. */
const NON_ROUTABLE_TLDS: ReadonlySet<string> = new Set([
  'local',
  'lan',
  'internal',
  'corp',
  'localdomain',
  'home',
  'intranet',
  'private',
  'test',
  'example',
  'invalid',
  'localhost',
]);

export interface AddressParts {
  readonly local: string;
  /** The text after the last `@`, lower-cased. */
  readonly domain: string;
}

/** Splits at the LAST `@` (as Entra does); undefined when there is no `@` or either side is empty. */
export function splitAddress(address: string): AddressParts | undefined {
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return undefined;
  return { local: address.slice(0, at), domain: address.slice(at + 1).toLowerCase() };
}

/** A single-label domain, or one whose TLD is reserved for private use. */
export function isNonRoutable(domain: string): boolean {
  const dot = domain.lastIndexOf('.');
  if (dot < 0) return true;
  return NON_ROUTABLE_TLDS.has(domain.slice(dot + 1).toLowerCase());
}

/** True when `domain` equals one of `parents` or is a subdomain of one. */
export function isWithin(domain: string, parents: readonly string[]): boolean {
  const d = domain.toLowerCase();
  return parents.some((p) => {
    const parent = p.trim().toLowerCase();
    return parent !== '' && (d === parent || d.endsWith('.' + parent));
  });
}

/** The tenant's initial domain (`<tenant>.onmicrosoft.com`) when it is among the verified ones. */
export function initialDomain(verifiedDomains: readonly string[]): string | undefined {
  return verifiedDomains
    .map((d) => d.trim().toLowerCase())
    .find((d) => /^[a-z0-9-]+\.onmicrosoft\.com$/.test(d));
}

/** Where a UPN may legitimately point: a routable domain that, when known, the tenant has verified. */
export function isUsableUpnDomain(domain: string, verifiedDomains?: readonly string[]): boolean {
  if (isNonRoutable(domain)) return false;
  return verifiedDomains === undefined || isWithin(domain, verifiedDomains);
}

const SMTP_PREFIX = /^smtp:/i;

/** The address of an SMTP proxy value (`smtp:` in any case stripped), or undefined for sip:, x500:, … */
export function smtpProxyAddress(proxy: string): string | undefined {
  const v = proxy.trim();
  return SMTP_PREFIX.test(v) ? v.slice(5).trim() : undefined;
}

/** A primary SMTP proxy value is the one whose prefix is exactly upper-case `SMTP:`. */
export function isPrimarySmtp(proxy: string): boolean {
  return proxy.trim().startsWith('SMTP:');
}

/** The comparison key Entra's uniqueness uses: trimmed and lower-cased. */
export function addressKey(address: string): string {
  return address.trim().toLowerCase();
}
