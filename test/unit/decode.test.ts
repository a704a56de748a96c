import { describe, expect, it } from 'vitest';
import {
  UAC,
  fileTimeToDate,
  generalizedTimeToDate,
  guidFromString,
  guidToBase64,
  guidToString,
  isDisabled,
  parseLargeInteger,
  sidToString,
  uacFlags,
} from '../../src/directory/decode.js';

const GUID_BYTES = Buffer.from([
  0x8f, 0x1c, 0x92, 0x6e, 0xa4, 0x5b, 0x2d, 0x4c, 0x8a, 0x1e, 0x5b, 0x33, 0x7c, 0x2a, 0x9f, 0x10,
]);

describe('objectGUID', () => {
  it('reads the mixed-endian layout', () => {
    expect(guidToString(GUID_BYTES)).toBe('6e921c8f-5ba4-4c2d-8a1e-5b337c2a9f10');
  });

  it('converts back, with or without braces and in any case', () => {
    expect(guidFromString('6e921c8f-5ba4-4c2d-8a1e-5b337c2a9f10').equals(GUID_BYTES)).toBe(true);
    expect(guidFromString('{6E921C8F-5BA4-4C2D-8A1E-5B337C2A9F10}').equals(GUID_BYTES)).toBe(true);
  });

  it('gives the immutable-id anchor as base64 of the stored bytes', () => {
    expect(guidToBase64(GUID_BYTES)).toBe('jxySbqRbLUyKHlszfCqfEA==');
  });

  it('rejects wrong lengths and bad text', () => {
    expect(() => guidToString(Buffer.alloc(15))).toThrow(/expected 16 bytes/);
    expect(() => guidFromString('6e921c8f-5ba4-4c2d-8a1e')).toThrow(/invalid GUID/);
  });
});

describe('sidToString', () => {
  it('decodes a domain SID', () => {
    const sid = Buffer.from('010500000000000515000000c7f7fed77c7755c8945ace01f5030000', 'hex');
    expect(sidToString(sid)).toBe('S-1-5-21-3623811015-3361044348-30300820-1013');
  });

  it('decodes a well-known SID', () => {
    expect(sidToString(Buffer.from('01020000000000052000000020020000', 'hex'))).toBe('S-1-5-32-544');
  });

  it('rejects a truncated SID', () => {
    expect(() => sidToString(Buffer.from('0105000000000005150000', 'hex'))).toThrow(/sub-authorities/);
  });
});

describe('userAccountControl', () => {
  it('names the set flags', () => {
    expect(uacFlags(512)).toEqual(['NORMAL_ACCOUNT']);
    expect(uacFlags(514)).toEqual(['ACCOUNTDISABLE', 'NORMAL_ACCOUNT']);
    expect(uacFlags(0x10200)).toEqual(['NORMAL_ACCOUNT', 'DONT_EXPIRE_PASSWORD']);
    expect(uacFlags(4096 | 0x80000)).toEqual(['WORKSTATION_TRUST_ACCOUNT', 'TRUSTED_FOR_DELEGATION']);
  });

  it('shows undocumented bits instead of hiding them', () => {
    expect(uacFlags(0x200 | 0x4)).toEqual(['NORMAL_ACCOUNT', '0x4']);
  });

  it('isDisabled tests ACCOUNTDISABLE', () => {
    expect(UAC.ACCOUNTDISABLE).toBe(2);
    expect(isDisabled(514)).toBe(true);
    expect(isDisabled(512)).toBe(false);
    expect(isDisabled(66050)).toBe(true);
  });
});

describe('large integers and FILETIME', () => {
  it('parses large integers exactly', () => {
    expect(parseLargeInteger('9223372036854775807')).toBe(9223372036854775807n);
    expect(parseLargeInteger('-1')).toBe(-1n);
    expect(() => parseLargeInteger('12a')).toThrow(/invalid large integer/);
  });

  it('converts FILETIME to a date', () => {
    expect(fileTimeToDate('133000000000000000')?.toISOString()).toBe('2022-06-18T04:26:40.000Z');
    expect(fileTimeToDate(116444736000000000n)?.toISOString()).toBe('1970-01-01T00:00:00.000Z');
  });

  it('reads 0 and the maximum as never', () => {
    expect(fileTimeToDate('0')).toBeUndefined();
    expect(fileTimeToDate('9223372036854775807')).toBeUndefined();
    expect(fileTimeToDate(0x7fffffffffffffffn)).toBeUndefined();
  });
});

describe('generalizedTimeToDate', () => {
  it.each([
    ['20261125123456.0Z', '2026-11-25T12:34:56.000Z'],
    ['20261125123456Z', '2026-11-25T12:34:56.000Z'],
    ['20261125123456.123Z', '2026-11-25T12:34:56.123Z'],
    ['20261125123456,5Z', '2026-11-25T12:34:56.500Z'],
    ['202611251234Z', '2026-11-25T12:34:00.000Z'],
    ['2026112512Z', '2026-11-25T12:00:00.000Z'],
    ['2026112512.5Z', '2026-11-25T12:30:00.000Z'],
    ['20261125123456+0100', '2026-11-25T11:34:56.000Z'],
    ['20261125123456-0530', '2026-11-25T18:04:56.000Z'],
    ['20261125123456', '2026-11-25T12:34:56.000Z'],
  ])('%s', (text, iso) => {
    expect(generalizedTimeToDate(text).toISOString()).toBe(iso);
  });

  it.each(['2026-11-25', '20261325000000Z', '20260230000000Z', '20261125246000Z', 'x'])('rejects %s', (text) => {
    expect(() => generalizedTimeToDate(text)).toThrow(/invalid generalized time/);
  });
});
