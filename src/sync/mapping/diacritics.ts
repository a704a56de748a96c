/**
 * NormalizeDiacritics: the character table of Entra's documentation ("Reference for writing
 * expressions for attribute mappings"), exactly — characters it does not list are left as they
 * are (for example đ or plain œ), as the service does.
 */

/** [lower-case characters, replacement, upper-case characters, replacement], as documented. */
const TABLE: readonly (readonly [string, string, string, string])[] = [
  ['ä, à, â, ã, å, á, ą, ă, ā, ā́, ā̀, ā̂, ā̃, ǟ, ā̈, ǡ, a̱, å̄', 'a', 'Ä, À, Â, Ã, Å, Á, Ą, Ă, Ā, Ā́, Ā̀, Ā̂, Ā̃, Ǟ, Ā̈, Ǡ, A̱, Å̄', 'A'],
  ['æ, ǣ', 'ae', 'Æ, Ǣ', 'AE'],
  ['ç, č, ć, c̄, c̱', 'c', 'Ç, Č, Ć, C̄, C̱', 'C'],
  ['ď, d̄, ḏ', 'd', 'Ď, D̄, Ḏ', 'D'],
  ['ë, è, é, ê, ę, ě, ė, ē, ḗ, ḕ, ē̂, ē̃, ê̄, e̱, ë̄, e̊̄', 'e', 'Ë, È, É, Ê, Ę, Ě, Ė, Ē, Ḗ, Ḕ, Ē̂, Ē̃, Ê̄, E̱, Ë̄, E̊̄', 'E'],
  ['ğ, ḡ, g̱', 'g', 'Ğ, Ḡ, G̱', 'G'],
  ['ï, î, ì, í, ı, ī, ī́, ī̀, ī̂, ī̃, i̱', 'i', 'Ï, Î, Ì, Í, İ, Ī, Ī́, Ī̀, Ī̂, Ī̃, I̱', 'I'],
  ['ľ, ł, l̄, ḹ, ḻ', 'l', 'Ł, Ľ, L̄, Ḹ, Ḻ', 'L'],
  ['ñ, ń, ň, n̄, ṉ', 'n', 'Ñ, Ń, Ň, N̄, Ṉ', 'N'],
  ['ö, ò, ő, õ, ô, ó, ō, ṓ, ṑ, ō̂, ō̃, ȫ, ō̈, ǭ, ȭ, ȱ, o̱', 'o', 'Ö, Ò, Ő, Õ, Ô, Ó, Ō, Ṓ, Ṑ, Ō̂, Ō̃, Ȫ, Ō̈, Ǭ, Ȭ, Ȱ, O̱', 'O'],
  ['ø, ø̄, œ̄', 'oe', 'Ø, Ø̄, Œ̄', 'OE'],
  ['ř, r̄, ṟ, ṝ', 'r', 'Ř, R̄, Ṟ, Ṝ', 'R'],
  ['ß', 'ss', '', ''],
  ['š, ś, ș, ş, s̄, s̱', 's', 'Š, Ś, Ș, Ş, S̄, S̱', 'S'],
  ['ť, ț, t̄, ṯ', 't', 'Ť, Ț, T̄, Ṯ', 'T'],
  ['ü, ù, û, ú, ů, ű, ū, ū́, ū̀, ū̂, ū̃, u̇̄, ǖ, ṻ, ṳ̄, u̱', 'u', 'Ü, Ù, Û, Ú, Ů, Ű, Ū, Ū́, Ū̀, Ū̂, Ū̃, U̇̄, Ǖ, Ṻ, Ṳ̄, U̱', 'U'],
  ['ÿ, ý, ȳ, ȳ́, ȳ̀, ȳ̃, y̱', 'y', 'Ÿ, Ý, Ȳ, Ȳ́, Ȳ̀, Ȳ̃, Y̱', 'Y'],
  ['ź, ž, ż, z̄, ẕ', 'z', 'Ź, Ž, Ż, Z̄, Ẕ', 'Z'],
];

/** Keys in NFD form (base letter + combining marks), so precomposed and decomposed input match. */
const MAP = new Map<string, string>();
let longest = 1;
for (const [lower, lowerTo, upper, upperTo] of TABLE) {
  for (const [list, to] of [
    [lower, lowerTo],
    [upper, upperTo],
  ] as const) {
    if (list === '') continue;
    for (const ch of list.split(',')) {
      const key = ch.trim().normalize('NFD');
      MAP.set(key, to);
      longest = Math.max(longest, key.length);
    }
  }
}
// Every key starts with a base letter; this tells which positions can start a match.
const STARTS = new Set([...MAP.keys()].map((k) => k[0]!));

export function normalizeDiacritics(s: string): string {
  const d = s.normalize('NFD');
  let out = '';
  let changed = false;
  for (let i = 0; i < d.length; ) {
    const c = d[i]!;
    if (STARTS.has(c)) {
      let matched = false;
      // Longest key first: "ā́" (a + macron + acute) before "ā".
      for (let len = Math.min(longest, d.length - i); len >= 1; len--) {
        const to = MAP.get(d.slice(i, i + len));
        if (to !== undefined) {
          out += to;
          i += len;
          matched = changed = true;
          break;
        }
      }
      if (matched) continue;
    }
    out += c;
    i++;
  }
  return changed ? out.normalize('NFC') : s;
}
