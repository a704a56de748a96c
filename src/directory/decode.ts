/**
 * Decoding of Active Directory attribute values: objectGUID, objectSid, userAccountControl,
 * FILETIME large integers and generalized times.
 */
import { CloudsyncError } from '../errors.js';
import { echo } from '../util/echo.js';

function bad(what: string, value: string, why: string): never {
  throw new CloudsyncError('input', `invalid ${what} "${echo(value, 80)}": ${why}`);
}

// ---- GUID ------------------------------------------------------------------------------------

/** AD stores the first three GUID fields little-endian; this is the byte order of the text form. */
const GUID_ORDER = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15] as const;
const GUID_TEXT = /^\{?([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})\}?$/i;

/** objectGUID bytes → `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (lower-case), as AD tools show it. */
export function guidToString(b: Buffer): string {
  if (b.length !== 16) bad('objectGUID', b.toString('hex'), `expected 16 bytes, got ${b.length}`);
  const hex = GUID_ORDER.map((i) => b[i]!.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The text form (braces optional) → objectGUID bytes in AD's order. */
export function guidFromString(s: string): Buffer {
  const m = GUID_TEXT.exec(s.trim());
  if (m === null) bad('GUID', s, 'expected xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx');
  const text = Buffer.from(m.slice(1).join(''), 'hex');
  const out = Buffer.alloc(16);
  GUID_ORDER.forEach((from, to) => (out[from] = text[to]!));
  return out;
}

/** The source anchor / onPremisesImmutableId: base64 of the 16 stored bytes. */
export function guidToBase64(b: Buffer): string {
  if (b.length !== 16) bad('objectGUID', b.toString('hex'), `expected 16 bytes, got ${b.length}`);
  return b.toString('base64');
}

// ---- SID -------------------------------------------------------------------------------------

/** Binary SID → `S-1-5-21-…`. */
export function sidToString(b: Buffer): string {
  const hex = b.toString('hex');
  if (b.length < 8) bad('objectSid', hex, 'shorter than 8 bytes');
  const count = b[1]!;
  if (b.length !== 8 + 4 * count) bad('objectSid', hex, `${count} sub-authorities need ${8 + 4 * count} bytes`);
  const authority = b.readUIntBE(2, 6);
  // Windows prints authorities of 2^32 and above in hex.
  const authorityText = authority >= 2 ** 32 ? '0x' + authority.toString(16).toUpperCase().padStart(12, '0') : String(authority);
  const parts = [`S-${b[0]!}`, authorityText];
  for (let i = 0; i < count; i++) parts.push(String(b.readUInt32LE(8 + 4 * i)));
  return parts.join('-');
}

// ---- userAccountControl ----------------------------------------------------------------------

/** userAccountControl flags (MS-ADTS 2.2.16). */
export const UAC = {
  SCRIPT: 0x1,
  ACCOUNTDISABLE: 0x2,
  HOMEDIR_REQUIRED: 0x8,
  LOCKOUT: 0x10,
  PASSWD_NOTREQD: 0x20,
  PASSWD_CANT_CHANGE: 0x40,
  ENCRYPTED_TEXT_PWD_ALLOWED: 0x80,
  TEMP_DUPLICATE_ACCOUNT: 0x100,
  NORMAL_ACCOUNT: 0x200,
  INTERDOMAIN_TRUST_ACCOUNT: 0x800,
  WORKSTATION_TRUST_ACCOUNT: 0x1000,
  SERVER_TRUST_ACCOUNT: 0x2000,
  DONT_EXPIRE_PASSWORD: 0x10000,
  MNS_LOGON_ACCOUNT: 0x20000,
  SMARTCARD_REQUIRED: 0x40000,
  TRUSTED_FOR_DELEGATION: 0x80000,
  NOT_DELEGATED: 0x100000,
  USE_DES_KEY_ONLY: 0x200000,
  DONT_REQ_PREAUTH: 0x400000,
  PASSWORD_EXPIRED: 0x800000,
  TRUSTED_TO_AUTH_FOR_DELEGATION: 0x1000000,
  PARTIAL_SECRETS_ACCOUNT: 0x4000000,
} as const;

const UAC_ENTRIES = Object.entries(UAC) as [keyof typeof UAC, number][];
const UAC_KNOWN = UAC_ENTRIES.reduce((all, [, bit]) => all | bit, 0);

/** Names of the set flags, in bit order; undocumented bits appear as `0x…` so nothing is hidden. */
export function uacFlags(v: number): string[] {
  const names: string[] = UAC_ENTRIES.filter(([, bit]) => (v & bit) !== 0).map(([name]) => name);
  const unknown = (v & ~UAC_KNOWN) >>> 0;
  for (let bit = 1; bit !== 0 && bit <= unknown; bit = (bit << 1) >>> 0) {
    if ((unknown & bit) !== 0) names.push('0x' + bit.toString(16));
  }
  return names;
}

export function isDisabled(uac: number): boolean {
  return (uac & UAC.ACCOUNTDISABLE) !== 0;
}

// ---- numbers and times -----------------------------------------------------------------------

/** An AD Integer8 / large integer value as a bigint. */
export function parseLargeInteger(s: string): bigint {
  const t = s.trim();
  if (!/^-?\d+$/.test(t)) bad('large integer', s, 'expected a decimal integer');
  return BigInt(t);
}

const FILETIME_EPOCH_OFFSET = 116_444_736_000_000_000n; // 100-ns intervals from 1601 to 1970
const FILETIME_NEVER = 0x7fff_ffff_ffff_ffffn;

/** FILETIME (100-ns intervals since 1601-01-01 UTC) → Date; 0 and the maximum mean "never". */
export function fileTimeToDate(v: string | bigint): Date | undefined {
  const n = typeof v === 'bigint' ? v : parseLargeInteger(v);
  if (n <= 0n || n >= FILETIME_NEVER) return undefined;
  return new Date(Number((n - FILETIME_EPOCH_OFFSET) / 10_000n));
}

const GENERALIZED_TIME =
  /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})?(\d{2})?(?:[.,](\d+))?(Z|[+-]\d{2}(?:\d{2})?)?$/;

/**
 * Generalized time (RFC 4517 §3.3.13): `YYYYMMDDHH[MM[SS]][.fraction](Z|±HH[MM])`, the fraction
 * belonging to the last unit given. A missing zone is read as UTC, as AD means it.
 */
export function generalizedTimeToDate(s: string): Date {
  const m = GENERALIZED_TIME.exec(s.trim());
  if (m === null) bad('generalized time', s, 'expected YYYYMMDDHHMMSS[.f]Z');
  const [, y, mo, d, h, mi, se, frac, zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = mi === undefined ? 0 : Number(mi);
  const second = se === undefined ? 0 : Number(se);
  const base = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59));
  const check = new Date(base);
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 60
  ) {
    bad('generalized time', s, 'date or time out of range');
  }
  const unitMs = se !== undefined ? 1000 : mi !== undefined ? 60_000 : 3_600_000;
  const fraction = frac === undefined ? 0 : Number(`0.${frac}`) * unitMs;
  let offsetMs = 0;
  if (zone !== undefined && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const oh = Number(zone.slice(1, 3));
    const om = zone.length > 3 ? Number(zone.slice(3, 5)) : 0;
    if (oh > 23 || om > 59) bad('generalized time', s, 'time-zone offset out of range');
    offsetMs = sign * (oh * 60 + om) * 60_000;
  }
  // Local time = UTC + offset, so UTC = local - offset.
  return new Date(base + Math.round(fraction) - offsetMs);
}
