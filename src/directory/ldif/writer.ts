/**
 * LDIF (RFC 2849) output that both OpenLDAP's ldapmodify and Windows ldifde accept.
 */
import type { AttributeValue, DirectoryObject, Modification } from '../types.js';

const WIDTH = 76;

/**
 * RFC 2849 SAFE-STRING: ASCII without NUL, LF and CR, not starting with space, `:` or `<`.
 * A trailing space is also sent as base64, since some readers strip it.
 */
// eslint-disable-next-line no-control-regex -- the RFC's ranges include control characters
const SAFE_STRING = /^(?:[\x01-\x09\x0b\x0c\x0e-\x1f\x21-\x39\x3b\x3d-\x7f][\x01-\x09\x0b\x0c\x0e-\x7f]*)?$/;

/** `name: value` or `name:: base64`, folded at 76 columns; no trailing newline. */
export function ldifLine(name: string, value: AttributeValue): string {
  const plain = typeof value === 'string' && SAFE_STRING.test(value) && !value.endsWith(' ');
  const line = plain
    ? value === ''
      ? `${name}:`
      : `${name}: ${value}`
    : `${name}:: ${(typeof value === 'string' ? Buffer.from(value, 'utf8') : value).toString('base64')}`;
  return fold(line);
}

/** Folds an ASCII line: continuation lines start with one space. */
function fold(line: string): string {
  if (line.length <= WIDTH) return line;
  const parts: string[] = [];
  let at = 0;
  let width = WIDTH;
  while (line.length - at > width) {
    let cut = at + width;
    // Don't end a physical line with a space: some tools trim trailing blanks.
    while (cut > at + 1 && line[cut - 1] === ' ') cut--;
    if (cut === at + 1) cut = at + width;
    parts.push(line.slice(at, cut));
    at = cut;
    width = WIDTH - 1;
  }
  parts.push(line.slice(at));
  return parts.join('\n ');
}

function commentLines(comment: string | undefined): string {
  if (comment === undefined) return '';
  return comment
    .split(/\r?\n|\r/)
    .map((l) => `# ${l}\n`)
    .join('');
}

/**
 * A `changetype: modify` record: one block per modification, each ended by `-`, and the record
 * ended by a blank line.
 */
export function formatChangeRecord(dn: string, modifications: readonly Modification[], comment?: string): string {
  let out = commentLines(comment) + ldifLine('dn', dn) + '\nchangetype: modify\n';
  for (const m of modifications) {
    out += `${m.operation}: ${m.attribute}\n`;
    for (const v of m.values) out += ldifLine(m.attribute, v) + '\n';
    out += '-\n';
  }
  return out + '\n';
}

/** A content record (objectClass first, then the other attributes), ended by a blank line. */
export function formatContentRecord(o: DirectoryObject): string {
  let out = ldifLine('dn', o.dn) + '\n';
  for (const c of o.objectClass) out += ldifLine('objectClass', c) + '\n';
  for (const [name, values] of o.attributes) {
    if (name === 'objectclass' && o.objectClass.length > 0) continue;
    for (const v of values) out += ldifLine(name, v) + '\n';
  }
  return out + '\n';
}
