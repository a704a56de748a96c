import { randomBytes, randomUUID } from 'node:crypto';

/** Object ids, request ids and correlation ids are GUIDs, as in Entra ID. */
export const newId = (): string => randomUUID();

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Random string over an alphabet (rejection sampling, so no modulo bias). */
export function randomFrom(alphabet: string, length: number): string {
  let out = '';
  while (out.length < length) {
    for (const b of randomBytes(length * 2)) {
      if (b < 256 - (256 % alphabet.length)) out += alphabet[b % alphabet.length];
      if (out.length === length) break;
    }
  }
  return out;
}

/** A client secret shaped like Entra's (40 characters, `xxx8Q~…`), about 200 bits of entropy. */
export function newClientSecret(): string {
  return `${randomFrom(ALNUM, 3)}8Q~${randomFrom(ALNUM + '_-.~', 36)}`;
}

/** A device-code user code: 9 upper-case letters and digits, as Entra issues. */
export const newUserCode = (): string => randomFrom('ABCDEFGHJKLMNPQRSTUVWXYZ23456789', 9);

export const newOpaque = (bytes = 32): string => randomBytes(bytes).toString('base64url');
