/**
 * Keeps secrets out of the support bundle: every text going in is scrubbed of the secret values
 * this process knows (passwords, client secret, certificate key, federated token, CI tokens) and
 * of anything shaped like one (JWTs, Authorization headers, PEM private keys, JSON fields named
 * like secrets). The check after scrubbing (findSecrets) makes a leak a refused entry, not a file.
 */
export const REDACTED = '(redacted)';

/** Env variables that hold secrets by name. */
export const SECRET_ENV = /(PASSWORD|SECRET|TOKEN|ACCESSTOKEN|PRIVATE_?KEY|CREDENTIAL|APIKEY|API_KEY)$/i;

const JWT = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
const AUTH_HEADER = /\b(authorization|proxy-authorization)(["']?\s*[:=]\s*["']?)(bearer|basic|negotiate|ntlm)?\s*[^\s"',;]+/gi;
const PEM_KEY = /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\s\S]*?-----END \1PRIVATE KEY-----/g;
/** A JSON field whose name ends like a secret's ("password", "clientSecret", "accessToken"); "passwordSource" is not one. */
const JSON_SECRET = /("[A-Za-z_]*(?:password|secret|token|assertion|privatekey|apikey)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi;

/**
 * The strings to look for: each value, and for PEM keys each base64 line of the body too (a key
 * may be re-wrapped). Values shorter than 6 characters are ignored (they would redact ordinary text).
 */
export function secretNeedles(values: Iterable<string | undefined>): string[] {
  const out = new Set<string>();
  for (const v of values) {
    if (v === undefined) continue;
    const t = v.trim();
    if (t.length >= 6) out.add(t);
    for (const m of t.matchAll(PEM_KEY)) {
      const body = m[0].split(/\r?\n/).filter((l) => !l.startsWith('-----'));
      for (const line of body) if (line.trim().length >= 16) out.add(line.trim());
      out.add(body.join(''));
    }
  }
  // Longest first, so a value containing another is replaced whole.
  return [...out].sort((a, b) => b.length - a.length);
}

export function scrub(text: string, needles: readonly string[]): string {
  let out = text;
  for (const n of needles) if (out.includes(n)) out = out.split(n).join(REDACTED);
  // Values JSON-escaped on their way into a journal or report ("\n" in a PEM, "\"" in a password).
  for (const n of needles) {
    const escaped = JSON.stringify(n).slice(1, -1);
    if (escaped !== n && out.includes(escaped)) out = out.split(escaped).join(REDACTED);
  }
  return out
    .replace(PEM_KEY, `-----BEGIN $1PRIVATE KEY-----\n${REDACTED}\n-----END $1PRIVATE KEY-----`)
    .replace(JWT, REDACTED)
    .replace(AUTH_HEADER, (_m, name: string, sep: string, scheme: string | undefined) => `${name}${sep}${scheme ? `${scheme} ` : ''}${REDACTED}`)
    .replace(JSON_SECRET, `$1"${REDACTED}"`);
}

/** Which needles (by index) a byte buffer still contains; empty when clean. */
export function findSecrets(bytes: Uint8Array, needles: readonly string[]): number[] {
  const text = Buffer.from(bytes).toString('utf8');
  const hits: number[] = [];
  needles.forEach((n, i) => {
    if (text.includes(n)) hits.push(i);
  });
  if (JWT.test(text)) hits.push(-1);
  JWT.lastIndex = 0;
  return hits;
}
