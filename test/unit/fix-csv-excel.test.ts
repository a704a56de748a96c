/**
 * Findings CSVs as Excel saves them back: with a UTF-8 byte-order mark, `;`-separated (Excel in
 * locales whose decimal separator is a comma), in the ANSI code page (Windows-1252) or as UTF-16.
 * The first two are read; the encodings that are not UTF-8 are refused with how to save the file,
 * never guessed (a guess would write wrong characters to AD).
 */
import { describe, expect, it } from 'vitest';
import { parseFixRows } from '../../src/validate/fix/index.js';

const HEADER = ['DISTINGUISHEDNAME', 'COMMONNAME', 'OBJECTCLASS', 'ATTRIBUTE', 'ERROR', 'VALUE', 'UPDATE', 'PROPOSEDACTION', 'ACTION'];
const ROW = ['CN=Carl Økonom,OU=Finance,DC=contoso,DC=com', 'Carl Økonom', 'user', 'mailNickname', 'Character', 'carl økonom', 'carlokonom', 'Edit', 'EDIT'];

describe('findings CSV saved by Excel', () => {
  it('reads a UTF-8 file with a byte-order mark and `;` separators (a value with a comma quoted)', () => {
    const text = `\uFEFF${HEADER.join(';')}\r\n"${ROW[0]}";${ROW.slice(1).join(';')}\r\n`;
    const rows = parseFixRows(Buffer.from(text, 'utf8'), 'f.csv');
    expect(rows).toEqual([
      { line: 2, dn: ROW[0], cn: 'Carl Økonom', objectClass: 'user', attribute: 'mailNickname', error: 'Character', value: 'carl økonom', update: 'carlokonom', proposedAction: 'Edit', action: 'EDIT' },
    ]);
  });

  it('reads tab-separated text as well', () => {
    const rows = parseFixRows(Buffer.from(`${HEADER.join('\t')}\n${ROW.join('\t')}\n`, 'utf8'), 'f.csv');
    expect(rows[0]?.dn).toBe(ROW[0]);
  });

  it('refuses ANSI/Windows-1252 (Ø is the byte 0xD8) naming the line and how to save the file', () => {
    const text = `${HEADER.join(',')}\r\n"${ROW[0]}",${ROW.slice(1).join(',')}\r\n`;
    const cp1252 = Buffer.from(text.replace(/[Øø]/g, (c) => (c === 'Ø' ? '\u0000' : '\u0001')), 'latin1');
    for (let i = 0; i < cp1252.length; i++) if (cp1252[i] === 0 || cp1252[i] === 1) cp1252[i] = cp1252[i] === 0 ? 0xd8 : 0xf8;
    expect(() => parseFixRows(cp1252, 'f.csv')).toThrow(
      'f.csv line 2: not UTF-8 (saved as ANSI/Windows-1252?); save it as "CSV UTF-8 (Comma delimited)" in Excel, or as UTF-8 in your editor',
    );
  });

  it('refuses UTF-16 ("Unicode text") with the same advice', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${HEADER.join('\t')}\r\n`, 'utf16le')]);
    expect(() => parseFixRows(utf16, 'f.csv')).toThrow(
      'f.csv: not UTF-8 (UTF-16); save it as "CSV UTF-8 (Comma delimited)" in Excel, or as UTF-8 in your editor',
    );
  });
});
