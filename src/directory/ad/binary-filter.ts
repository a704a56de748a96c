/**
 * Filters with escaped bytes that are not ASCII (`(objectGUID=\fd\5c…)`), sent as those bytes.
 * ldapts parses a filter string's `\xx` escapes into one character per byte and then writes the
 * value as UTF-8, so every byte ≥ 0x80 would reach the DC as two bytes and match nothing. Such a
 * filter is parsed here into ldapts's Filter objects whose values carry the intended bytes: text
 * (valid UTF-8) as a string, anything else (binary) as a Buffer where ldapts can send one
 * (equality). Filters without such escapes are passed on unchanged.
 */
import { AndFilter, EqualityFilter, Filter, FilterParser, NotFilter, OrFilter } from 'ldapts';

const HIGH_ESCAPE = /\\[89a-f][0-9a-f]/i;

/** Literal characters beyond ASCII as escaped UTF-8 bytes, so that after parsing every value character is one byte. */
function escapeNonAscii(filter: string): string {
  return filter.replace(/[^\p{ASCII}]+/gu, (s) => [...Buffer.from(s, 'utf8')].map((b) => `\\${b.toString(16).padStart(2, '0')}`).join(''));
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A parsed value (one character per byte) as ldapts should write it. */
function wireValue(v: string): { text: string } | { bytes: Buffer } {
  const bytes = Buffer.from(v, 'latin1');
  try {
    return { text: utf8.decode(bytes) };
  } catch {
    return { bytes };
  }
}

function fix(f: Filter): void {
  if (f instanceof AndFilter || f instanceof OrFilter) {
    for (const x of f.filters) fix(x);
    return;
  }
  if (f instanceof NotFilter) {
    fix(f.filter);
    return;
  }
  const withValue = f as Filter & { value?: unknown; initial?: string; any?: string[]; final?: string };
  if (typeof withValue.value === 'string') {
    const w = wireValue(withValue.value);
    if ('text' in w) withValue.value = w.text;
    else if (f instanceof EqualityFilter) f.value = w.bytes;
  }
  // Substrings of binary values cannot be sent by ldapts; text ones can.
  const text = (s: string): string => {
    const w = wireValue(s);
    return 'text' in w ? w.text : s;
  };
  if (typeof withValue.initial === 'string') withValue.initial = text(withValue.initial);
  if (typeof withValue.final === 'string') withValue.final = text(withValue.final);
  if (Array.isArray(withValue.any)) withValue.any = withValue.any.map(text);
}

/** The filter as ldapts's search should get it: the string itself, or Filter objects carrying the escaped bytes. */
export function wireFilter(filter: string | Filter | undefined): string | Filter | undefined {
  if (typeof filter !== 'string' || !HIGH_ESCAPE.test(filter)) return filter;
  const parsed = FilterParser.parseString(escapeNonAscii(filter));
  fix(parsed);
  return parsed;
}
