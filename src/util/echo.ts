/**
 * Input echoed in an error message: cut to a readable length, control characters escaped, one
 * line. Every parser that quotes what it was given (LDIF lines, DNs, filters, mapping expressions,
 * CSV cells) goes through here, so a message stays one short line whatever the input.
 */

/** Characters of echoed input kept by default (the message around it adds its own). */
export const ECHO_LIMIT = 120;

const ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * `text` for a message: control characters (C0, DEL, C1, line and paragraph separators) escaped
 * as `\n`, `\t` or `\u001b`, and cut to `limit` characters with "…(N more)" saying how much was left out.
 */
export function echo(text: string, limit = ECHO_LIMIT): string {
  let out = '';
  let i = 0;
  for (; i < text.length && out.length < limit; i++) {
    const c = text[i]!;
    const code = c.charCodeAt(0);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029) {
      out += ESCAPES[c] ?? `\\u${code.toString(16).padStart(4, '0')}`;
    } else out += c;
  }
  return i < text.length ? `${out}…(${text.length - i} more)` : out;
}

/** `echo` in double quotes. */
export function quote(text: string, limit = ECHO_LIMIT): string {
  return `"${echo(text, limit)}"`;
}
