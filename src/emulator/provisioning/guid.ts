/**
 * Identities as the provisioning logs show them: GUIDs only. The source anchor
 * (onPremisesImmutableId) is base64 of the 16 objectGUID bytes, whose text form .NET writes with
 * the first three groups little-endian; record ids are derived, so one object in one cycle
 * always gets the same ids.
 */
import { createHash } from 'node:crypto';
import { guidToString } from '../../directory/decode.js';

/** base64 of 16 GUID bytes → the GUID's text form; undefined when the anchor is not such a value. */
export function anchorToGuid(anchor: string | undefined): string | undefined {
  if (anchor === undefined || !/^[A-Za-z0-9+/]{22}==$/.test(anchor)) return undefined;
  const bytes = Buffer.from(anchor, 'base64');
  return bytes.length === 16 ? guidToString(bytes) : undefined;
}

/** A GUID-shaped id from a name (SHA-1, version 5 layout): stable for the same inputs. */
export function derivedId(...parts: string[]): string {
  const h = createHash('sha1').update(parts.join('\u0000')).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}
