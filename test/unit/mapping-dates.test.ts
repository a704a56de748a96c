/** Date functions: the documented examples, AD times (generalized time, FILETIME) and .NET formats. */
import { describe, expect, it } from 'vitest';
import { makeObject } from '../../src/directory/types.js';
import { evaluate, objectContext, parseExpression } from '../../src/sync/mapping/index.js';

type Attrs = Record<string, string | string[]>;
const NOW = new Date(Date.UTC(2021, 6, 2, 15, 33, 38)); // documented Now() sample: 7/2/2021 3:33:38 PM
const ev = (expr: string, attrs: Attrs = {}) =>
  evaluate(parseExpression(expr), objectContext(makeObject('CN=x', attrs), { now: () => NOW }));

describe('FormatDateTime', () => {
  it('documented: FormatDateTime([extensionAttribute1], , "yyyyMMddHHmmss.fZ", "yyyy-MM-dd")', async () => {
    expect(await ev('FormatDateTime([extensionAttribute1], , "yyyyMMddHHmmss.fZ", "yyyy-MM-dd")', { extensionAttribute1: '20150123105347.1Z' })).toBe(
      '2015-01-23',
    );
  });
  it('documented (Cloud Sync): FormatDateTime([extensionAttribute1], "yyyyMMddHHmmss.fZ", "yyyy-MM-dd")', async () => {
    expect(await ev('FormatDateTime([extensionAttribute1], "yyyyMMddHHmmss.fZ", "yyyy-MM-dd")', { extensionAttribute1: '20150123105347.1Z' })).toBe(
      '2015-01-23',
    );
  });
  it('AD generalized time (whenCreated) to ISO 8601 with the common specifiers', async () => {
    const expr = 'FormatDateTime([whenCreated], , "yyyyMMddHHmmss.fZ", "yyyy-MM-ddTHH:mm:ss.fffzzz")';
    expect(await ev(expr, { whenCreated: '20240115093005.0Z' })).toBe('2024-01-15T09:30:05.000+00:00');
  });
  it('reads offsets (zzz) and converts to UTC', async () => {
    expect(await ev('FormatDateTime("2020-12-31-08:00", , "yyyy-MM-ddzzz", "yyyy-MM-dd HH:mm")')).toBe('2020-12-31 08:00');
    expect(await ev('FormatDateTime("2021-06-30 23:30+02:00", , "yyyy-MM-dd HH:mmzzz", "yyyy-MM-ddTHH:mm:ssZ")')).toBe('2021-06-30T21:30:00Z');
  });
  it('12-hour clocks, month names and two-digit years', async () => {
    expect(await ev('FormatDateTime("12/31/2020 12:05:09 AM", , "M/d/yyyy hh:mm:ss tt", "yyyy-MM-dd HH:mm:ss")')).toBe('2020-12-31 00:05:09');
    expect(await ev('FormatDateTime("07/04/21 3:00 PM", , "MM/dd/yy h:mm tt", "dddd, MMMM d, yyyy H:mm")')).toBe('Sunday, July 4, 2021 15:00');
    expect(await ev('FormatDateTime("4 Jul 2021", , "d MMM yyyy", "yyyyMMdd")')).toBe('20210704');
  });
  it('fractions: f pads, F drops trailing zeros (and its dot)', async () => {
    expect(await ev('FormatDateTime("20240115093005.5Z", , "yyyyMMddHHmmss.fZ", "ss.fff|ss.FFF|ss.F")')).toBe('05.500|05.5|05.5');
    expect(await ev('FormatDateTime("20240115093005.0Z", , "yyyyMMddHHmmss.fZ", "ss.FFF")')).toBe('05');
  });
  it('standard formats o, s and u; quoted literals and escapes', async () => {
    const src = 'FormatDateTime("20240115093005.0Z", , "yyyyMMddHHmmss.fZ", "%FMT%")';
    expect(await ev(src.replace('%FMT%', 'o'))).toBe('2024-01-15T09:30:05.0000000Z');
    expect(await ev(src.replace('%FMT%', 's'))).toBe('2024-01-15T09:30:05');
    expect(await ev(src.replace('%FMT%', 'u'))).toBe('2024-01-15 09:30:05Z');
    expect(await ev(src.replace('%FMT%', "'Day' d 'of' MMMM"))).toBe('Day 15 of January');
    expect(await ev(src.replace('%FMT%', 'yyyy\\\\Mdd'))).toBe('2024M15');
  });
  it('formats a DateTime directly, as in Connect-style FormatDateTime(DateFromNum([pwdLastSet]), …)', async () => {
    expect(await ev('FormatDateTime(DateFromNum([pwdLastSet]),"yyyyMMddHHmmss.0Z")', { pwdLastSet: '129699324000000000' })).toBe('20120101230000.0Z');
    expect(await ev('FormatDateTime(DateFromNum([accountExpires]), , , "yyyy-MM-dd")', { accountExpires: '132539616000000000' })).toBe('2021-01-01');
  });
  it('says when the input does not match the format; no value gives no value', async () => {
    await expect(ev('FormatDateTime([d], , "yyyyMMdd", "yyyy")', { d: '2015-01-23' })).rejects.toThrow(
      /FormatDateTime: "2015-01-23" does not match the input format "yyyyMMdd"/,
    );
    await expect(ev('FormatDateTime([d], , "yyyyMMdd", "yyyy")', { d: '20151323' })).rejects.toThrow(/does not match/);
    expect(await ev('FormatDateTime([d], , "yyyyMMdd", "yyyy")')).toBeNull();
  });
});

describe('DateFromNum / NumFromDate (AD FILETIME)', () => {
  it('documented: DateFromNum(129699324000000000) is 2012-01-01 23:00 (UTC)', async () => {
    expect(await ev('CStr(DateFromNum(129699324000000000))')).toBe('1/1/2012 11:00:00 PM');
    expect(await ev('CStr(DateFromNum([lastLogonTimestamp]))', { lastLogonTimestamp: '129699324000000000' })).toBe('1/1/2012 11:00:00 PM');
  });
  it("AD's never (0 and the maximum) is no date", async () => {
    expect(await ev('DateFromNum([accountExpires])', { accountExpires: '0' })).toBeNull();
    expect(await ev('DateFromNum([accountExpires])', { accountExpires: '9223372036854775807' })).toBeNull();
  });
  it('NumFromDate is the inverse', async () => {
    expect(await ev('NumFromDate("2012-01-01T23:00:00Z")')).toBe(129699324000000000);
  });
  it('documented Workday example: NumFromDate(Join("", FormatDateTime([ContractEndDate], ,"yyyy-MM-ddzzz", "yyyy-MM-dd"), " 23:59:59-08:00"))', async () => {
    const expr = 'NumFromDate(Join("", FormatDateTime([ContractEndDate], ,"yyyy-MM-ddzzz", "yyyy-MM-dd"), " 23:59:59-08:00"))';
    expect(await ev(expr, { ContractEndDate: '2020-12-31-08:00' })).toBe(132539615990000000);
  });
  it('documented SuccessFactors example with "M/d/yyyy hh:mm:ss tt"', async () => {
    const expr = 'NumFromDate(Join("",FormatDateTime([endDate], ,"M/d/yyyy hh:mm:ss tt","yyyy-MM-dd")," 23:59:59-08:00"))';
    expect(await ev(expr, { endDate: '12/31/2020 09:00:00 AM' })).toBe(132539615990000000);
  });
});

describe('CDate / Now', () => {
  it('documented CDate examples (UTC, shown as M/d/yyyy h:mm:ss tt)', async () => {
    expect(await ev('CStr(CDate([StatusHireDate]))', { StatusHireDate: '2020-03-16-07:00' })).toBe('3/16/2020 7:00:00 AM');
    expect(await ev('CStr(CDate("2021-06-30+08:00"))')).toBe('6/29/2021 4:00:00 PM');
    expect(await ev('CStr(CDate("2009-06-15T01:45:30-07:00"))')).toBe('6/15/2009 8:45:30 AM');
  });
  it('Now() is the context clock, documented sample "7/2/2021 3:33:38 PM"', async () => {
    expect(await ev('CStr(Now())')).toBe('7/2/2021 3:33:38 PM');
    expect(await ev('Join("", Now())')).toBe('7/2/2021 3:33:38 PM');
  });
  it('CDate refuses text that is not a date', async () => {
    await expect(ev('CDate("next tuesday")')).rejects.toThrow(/cannot read "next tuesday" as a date/);
  });
});

describe('DateAdd (documented table)', () => {
  const hire = { StatusHireDate: '2012-03-16-07:00' };
  it.each([
    ['d', '7', '3/23/2012 7:00:00 AM'],
    ['d', '-10', '3/6/2012 7:00:00 AM'],
    ['ww', '2', '3/30/2012 7:00:00 AM'],
    ['m', '10', '1/16/2013 7:00:00 AM'],
    ['yyyy', '2', '3/16/2014 7:00:00 AM'],
  ])('DateAdd("%s", %s, CDate([StatusHireDate]))', async (interval, n, out) => {
    expect(await ev(`CStr(DateAdd("${interval}", ${n}, CDate([StatusHireDate])))`, hire)).toBe(out);
  });
  it('months clamp to the end of the month; hours, minutes, seconds', async () => {
    expect(await ev('CStr(DateAdd("m", 1, CDate("2021-01-31")))')).toBe('2/28/2021 12:00:00 AM');
    expect(await ev('CStr(DateAdd("h", 25, CDate("2021-01-31")))')).toBe('2/1/2021 1:00:00 AM');
    expect(await ev('CStr(DateAdd("n", 90, CDate("2021-01-31")))')).toBe('1/31/2021 1:30:00 AM');
    expect(await ev('CStr(DateAdd("s", -1, CDate("2021-01-31")))')).toBe('1/30/2021 11:59:59 PM');
  });
});

describe('DateDiff (documented table)', () => {
  it.each([
    ['d', '2021-08-18+08:00', '2021-08-31+08:00', 13],
    ['d', '8/25/2021 5:41:18 PM', '2012-03-16-07:00', -3449],
    ['ww', '8/25/2021 5:41:18 PM', '2012-03-16-07:00', -493],
    ['m', '8/25/2021 5:41:18 PM', '2012-03-16-07:00', -113],
    ['yyyy', '8/25/2021 5:41:18 PM', '2012-03-16-07:00', -9],
    ['d', '2021-08-31+08:00', '2021-08-31+08:00', 0],
    ['h', '2021-08-24', '2021-08-25', 24],
    ['n', '2021-08-24', '2021-08-25', 1440],
    ['s', '2021-08-24', '2021-08-25', 86400],
  ])('DateDiff("%s", %s, %s) = %d', async (interval, a, b, out) => {
    expect(await ev(`DateDiff("${interval}", CDate("${a}"), CDate("${b}"))`)).toBe(out);
  });
  it('documented example 2: Switch([Active], , "1", IIF(DateDiff("d", Now(), CDate([StatusHireDate])) > 5, "False", "True"), "0", "False")', async () => {
    const expr = `Switch([Active], ,
  "1", IIF(DateDiff("d", Now(), CDate([StatusHireDate])) > 5, "False", "True"),
  "0", "False")`;
    expect(await ev(expr, { Active: '1', StatusHireDate: '2021-07-05' })).toBe('True');
    expect(await ev(expr, { Active: '1', StatusHireDate: '2021-07-20' })).toBe('False');
    expect(await ev(expr, { Active: '0', StatusHireDate: '2021-07-05' })).toBe('False');
  });
});
