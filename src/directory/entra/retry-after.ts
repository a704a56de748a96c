/**
 * Milliseconds to wait from a Retry-After header (delta-seconds or an HTTP date), or undefined when
 * there is none. Header names are matched case-insensitively ($batch step headers keep Graph's case).
 */
export function retryAfterMs(headers: Record<string, string> | Headers | undefined, now = Date.now()): number | undefined {
  if (headers === undefined) return undefined;
  const raw =
    headers instanceof Headers
      ? headers.get('retry-after')
      : Object.entries(headers).find(([k]) => k.toLowerCase() === 'retry-after')?.[1];
  if (raw === undefined || raw === null || String(raw).trim() === '') return undefined;
  const text = String(raw).trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
