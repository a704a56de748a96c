/**
 * The top-level-domain set used by the TopLevelDomain check: the current IANA list from the
 * `tlds` package instead of IdFix's 2015 domains.txt (which rejects .app, .shop, .blog, …).
 */
import { domainToASCII } from 'node:url';
import tldList from 'tlds' with { type: 'json' };

function buildDefault(): ReadonlySet<string> {
  const set = new Set<string>();
  for (const t of tldList) {
    const lower = t.toLowerCase();
    set.add(`.${lower}`);
    // The package lists IDN TLDs in Unicode; values may carry the punycode (xn--) form instead.
    const ascii = domainToASCII(lower);
    if (ascii !== '' && ascii !== lower) set.add(`.${ascii}`);
  }
  return set;
}

/** Lower-case TLDs with a leading dot (".com", ".app", ".xn--p1ai", ".рф"), built once. */
export const DEFAULT_TLDS: ReadonlySet<string> = buildDefault();

/** IdFix's lookup: the lower-cased text from the last "." (dot included), if longer than ".". */
export function tldOf(value: string): string | undefined {
  const dot = value.lastIndexOf('.');
  if (dot === -1 || value.length - dot < 2) return undefined;
  return value.slice(dot).toLowerCase();
}
