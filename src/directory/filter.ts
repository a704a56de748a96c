/**
 * RFC 4515 filters: escaping of user input. Every value that reaches a filter string goes through
 * escapeFilterValue; nothing user-typed is ever concatenated into a filter raw.
 */

/** Escapes a filter assertion value: `*` `(` `)` `\` NUL always, and every byte of a Buffer. */
export function escapeFilterValue(value: string | Buffer): string {
  if (Buffer.isBuffer(value)) {
    let out = '';
    for (const b of value) out += '\\' + b.toString(16).padStart(2, '0');
    return out;
  }
  return value.replace(/[*()\\\0]/g, (c) => '\\' + c.charCodeAt(0).toString(16).padStart(2, '0'));
}

/** `(attr=value)` with the value escaped. */
export function equalityFilter(attribute: string, value: string | Buffer): string {
  return `(${attribute}=${escapeFilterValue(value)})`;
}
