/** String functions. Those taking a source string apply to each value of a multi-valued source. */
import { randomUUID } from 'node:crypto';
import { parseDn } from '../../../directory/dn.js';
import { sidToString } from '../../../directory/decode.js';
import { dotnetTrim } from '../../../validate/idfix/constants.js';
import { normalizeDiacritics } from '../diacritics.js';
import { ParseFailure, fail } from '../errors.js';
import type { Value } from '../types.js';
import { eachText, isArray, single, text, textOrEmpty, toInteger } from '../values.js';
import { eager, literalText, unary, type FunctionDef } from './define.js';

const appendFn = eager('Append', 'Append(source, suffix)', 2, 2, ([source, suffix]) => {
  const tail = textOrEmpty(suffix!, 'suffix');
  return eachText(source!, (s) => (s ?? '') + tail);
});

const left = eager('Left', 'Left(String, NumChars)', 2, 2, ([source, count]) => {
  const n = toInteger(count!, 'NumChars');
  if (n === null) return fail('NumChars has no value');
  // Documented: null → "", 0 → "", negative → the whole string.
  return eachText(source!, (s) => (s === null || n === 0 ? '' : n < 0 ? s : s.slice(0, n)));
});

const mid = eager('Mid', 'Mid(source, start, length)', 3, 3, ([source, startV, lengthV]) => {
  const start = toInteger(startV!, 'start');
  const length = toInteger(lengthV!, 'length');
  if (start === null || start < 1) return fail('start must be 1 or more (the first character is 1)');
  if (length === null || length < 0) return fail('length must be 0 or more');
  return eachText(source!, (s) => (s === null ? '' : s.slice(start - 1, start - 1 + length)));
});

const word = eager('Word', 'Word(String, WordNumber, Delimiters)', 3, 3, ([source, numberV, delimitersV]) => {
  const n = toInteger(numberV!, 'WordNumber');
  const delimiters = textOrEmpty(delimitersV!, 'Delimiters');
  return eachText(source!, (s) => {
    if (s === null || n === null || n < 1) return '';
    const words: string[] = [];
    let cur = '';
    for (const ch of s) {
      if (delimiters.includes(ch)) {
        if (cur !== '') words.push(cur);
        cur = '';
      } else cur += ch;
    }
    if (cur !== '') words.push(cur);
    return words[n - 1] ?? '';
  });
});

const inStr: FunctionDef = eager('InStr', 'InStr(value1, value2, start, compareType)', 2, 4, ([v1, v2, startV, cmpV], _ctx, args) => {
  const s = text(v1!, 'value1');
  if (s === null) return null;
  const find = textOrEmpty(v2!, 'value2');
  const start = startV === undefined || args[2]!.missing ? 1 : toInteger(startV, 'start');
  if (start === null || start < 1) return fail('start must be 1 or more (the first character is 1)');
  let textCompare = false;
  if (cmpV !== undefined && !args[3]!.missing) {
    const c = text(cmpV, 'compareType')?.toLowerCase();
    if (c === 'vbtextcompare' || c === '1') textCompare = true;
    else if (c !== 'vbbinarycompare' && c !== '0') return fail('compareType must be vbTextCompare or vbBinaryCompare');
  }
  if (find === '') return start;
  const i = textCompare ? s.toLowerCase().indexOf(find.toLowerCase(), start - 1) : s.indexOf(find, start - 1);
  return i + 1; // 1-based; 0 when not found
});

function flattenInto(v: Value, out: string[]): void {
  if (isArray(v)) {
    for (const x of v) flattenInto(x, out);
    return;
  }
  const s = text(v, 'value');
  // The documented Join(", ", "", [surname], [givenName]) → "Doe, John": empty values are skipped.
  if (s !== null && s !== '') out.push(s);
}

const join = eager('Join', 'Join(separator, source1, source2, …)', 2, Infinity, ([sep, ...sources]) => {
  const parts: string[] = [];
  for (const v of sources) flattenInto(v, parts);
  return parts.join(textOrEmpty(sep!, 'separator'));
});

const split = eager('Split', 'Split(source, delimiter)', 2, 2, ([source, delimiterV]) => {
  const s = text(source!, 'source');
  if (s === null) return null;
  const d = textOrEmpty(delimiterV!, 'delimiter');
  // The documented example splits "PermissionSetOne, PermissionSetTwo" into values without the space.
  return (d === '' ? [s] : s.split(d)).map((x) => dotnetTrim(x));
});

const stripSpaces = unary('StripSpaces', 'StripSpaces(source)', (v) => eachText(v, (s) => (s === null ? null : s.replaceAll(' ', ''))));
const trim = unary('Trim', 'Trim(value)', (v) => eachText(v, (s) => (s === null ? null : dotnetTrim(s))));
const normalize = unary('NormalizeDiacritics', 'NormalizeDiacritics(source)', (v) =>
  eachText(v, (s) => (s === null ? null : normalizeDiacritics(s))),
);

function checkCulture(culture: string, pos: number): void {
  if (culture === '') return;
  try {
    Intl.getCanonicalLocales(culture);
  } catch {
    throw new ParseFailure(pos, `"${culture}" is not a culture name (for example en-US or tr-TR)`);
  }
}

function caseFunction(name: 'ToLower' | 'ToUpper'): FunctionDef {
  const lower = name === 'ToLower';
  return {
    name,
    signature: `${name}(source, culture)`,
    min: 1,
    max: 2,
    compile: ([source, culture]) => {
      const fixed = literalText(culture);
      if (fixed !== undefined) checkCulture(fixed, culture!.node.pos);
      const src = source!.fn;
      const cul = culture === undefined || culture.missing ? undefined : culture.fn;
      return (ctx) => {
        const c = cul === undefined ? '' : (text(cul(ctx), 'culture') ?? '');
        return eachText(src(ctx), (s) => {
          if (s === null) return null;
          if (c === '') return lower ? s.toLowerCase() : s.toUpperCase(); // invariant culture
          try {
            return lower ? s.toLocaleLowerCase(c) : s.toLocaleUpperCase(c);
          } catch {
            return fail(`"${c}" is not a culture name (for example en-US or tr-TR)`);
          }
        });
      };
    },
  };
}

const cstr = unary('CStr', 'CStr(value)', (v) => text(v, 'value'));

const toBase64 = unary('ConvertToBase64', 'ConvertToBase64(source)', (v) => {
  const s = single(v, 'value');
  if (s === null) return null;
  // Binary attributes (objectGUID) are encoded as their bytes; text as UTF-16LE ("Unicode"), as documented.
  if (Buffer.isBuffer(s)) return s.toString('base64');
  return Buffer.from(text(s, 'value')!, 'utf16le').toString('base64');
});

const ENCODINGS: Record<string, BufferEncoding> = { unicode: 'utf16le', utf8: 'utf8', ascii: 'ascii' };

const fromBase64 = eager('ConvertFromBase64', 'ConvertFromBase64(source, Encoding)', 1, 2, ([source, encV], _ctx, args) => {
  const s = text(source!, 'value');
  if (s === null) return null;
  const name = encV === undefined || args[1]!.missing ? 'unicode' : (text(encV, 'Encoding') ?? 'unicode').toLowerCase();
  const enc = ENCODINGS[name];
  if (enc === undefined) return fail('Encoding must be Unicode, UTF8 or ASCII');
  return Buffer.from(s, 'base64').toString(enc);
});

const toUtf8Hex = unary('ConvertToUTF8Hex', 'ConvertToUTF8Hex(source)', (v) => {
  const s = single(v, 'value');
  if (s === null) return null;
  const bytes = Buffer.isBuffer(s) ? s : Buffer.from(text(s, 'value')!, 'utf8');
  return bytes.toString('hex').toUpperCase();
});

const stringFromSid = unary('StringFromSid', 'StringFromSid(ObjectSID)', (v) => {
  const s = single(v, 'value');
  if (s === null) return null;
  if (typeof s === 'string' && /^S-1-/i.test(s)) return s;
  if (!Buffer.isBuffer(s)) return fail('expects a binary SID such as [objectSid]');
  try {
    return sidToString(s);
  } catch (e) {
    return fail((e as Error).message);
  }
});

const dnComponent = eager('DNComponent', 'DNComponent(dn, ComponentNumber)', 2, 2, ([dnV, numberV]) => {
  const dn = text(dnV!, 'dn');
  const n = toInteger(numberV!, 'ComponentNumber');
  if (dn === null || n === null) return null;
  let rdns;
  try {
    rdns = parseDn(dn);
  } catch (e) {
    return fail((e as Error).message);
  }
  return n >= 1 ? (rdns[n - 1]?.[0]?.value ?? null) : null;
});

/** CRef marks a DN as a reference in Connect Sync; here a DN is just text, as DNComponent's documented example needs. */
const cref = unary('CRef', 'CRef(dn)', (v) => v);

const guid: FunctionDef = { name: 'Guid', signature: 'Guid()', min: 0, max: 0, compile: () => () => randomUUID() };

export const TEXT_FUNCTIONS: readonly FunctionDef[] = [
  appendFn,
  left,
  mid,
  word,
  inStr,
  join,
  split,
  stripSpaces,
  trim,
  normalize,
  caseFunction('ToLower'),
  caseFunction('ToUpper'),
  cstr,
  toBase64,
  fromBase64,
  toUtf8Hex,
  stringFromSid,
  dnComponent,
  cref,
  guid,
];
