/**
 * Splits a Graph path and query: segments are URL-decoded, key-in-parentheses forms become
 * two segments (users('id') → users, id; directoryRoles(roleTemplateId='x') → directoryRoles,
 * roleTemplateId=x), and $-less system query options are normalised to $name as Graph accepts both.
 */
const SYSTEM_OPTIONS = new Set(['select', 'filter', 'top', 'skip', 'skiptoken', 'count', 'orderby', 'expand', 'search', 'format']);

export function parseSegments(path: string): string[] {
  const out: string[] = [];
  for (const raw of path.split('/')) {
    if (raw === '') continue;
    let seg: string;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      seg = raw;
    }
    const m = /^([^()]+)\((.+)\)$/.exec(seg);
    if (m) {
      out.push(m[1]!);
      const key = m[2]!;
      const quoted = /^'(.*)'$/.exec(key);
      const named = /^([A-Za-z]+)='(.*)'$/.exec(key);
      out.push(quoted ? quoted[1]!.replaceAll("''", "'") : named ? `${named[1]}=${named[2]}` : key);
    } else {
      out.push(seg);
    }
  }
  return out;
}

export function parseQuery(query: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [k, v] of new URLSearchParams(query)) {
    const name = !k.startsWith('$') && SYSTEM_OPTIONS.has(k.toLowerCase()) ? `$${k}` : k;
    out.push([name, v]);
  }
  return out;
}

/** "/users?$top=5" → path and query parts. */
export function splitUrl(url: string): { path: string; query: string } {
  const q = url.indexOf('?');
  return q < 0 ? { path: url, query: '' } : { path: url.slice(0, q), query: url.slice(q + 1) };
}
