/** Tokens of a mapping expression, each with its 0-based offset in the source. */
import { ParseFailure } from './errors.js';

export type Token =
  | { readonly t: 'string'; readonly value: string; readonly pos: number }
  | { readonly t: 'number'; readonly value: number; readonly pos: number }
  | { readonly t: 'attribute'; readonly name: string; readonly pos: number }
  | { readonly t: 'name'; readonly name: string; readonly pos: number }
  | { readonly t: 'punct'; readonly p: '(' | ')' | ',' | '-' | '&'; readonly pos: number }
  | { readonly t: 'op'; readonly op: '=' | '<>' | '<' | '<=' | '>' | '>='; readonly pos: number }
  | { readonly t: 'end'; readonly pos: number };

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isNameStart = (c: string | undefined): boolean => c !== undefined && /[A-Za-z_]/.test(c);
const isNameChar = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_]/.test(c);

/**
 * Tokens on demand, so the first problem in reading order is the one reported (a bad character
 * later in the expression does not hide a mistake earlier on).
 */
export class Lexer {
  private readonly out: Token[] = [];
  private i = 0;

  constructor(private readonly src: string) {}

  /** The k-th token (0-based); the last token is always `end`. */
  at(k: number): Token {
    while (this.out.length <= k) {
      const last = this.out[this.out.length - 1];
      if (last !== undefined && last.t === 'end') return last;
      this.lexOne();
    }
    return this.out[k]!;
  }

  private lexOne(): void {
    const src = this.src;
    const out = this.out;
    let i = this.i;
    const before = out.length;
    while (i < src.length && out.length === before) {
      const c = src[i]!;
      if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
        i++;
        continue;
      }
      const pos = i;
      if (c === '"') {
        // Documented escapes: \" and \\. Any other backslash is kept as written, so a pasted regex
        // such as "\d+" still means what its author meant.
        let value = '';
        i++;
        for (;;) {
          if (i >= src.length) throw new ParseFailure(pos, 'unterminated string: missing the closing "');
          const ch = src[i]!;
          if (ch === '\\' && (src[i + 1] === '"' || src[i + 1] === '\\')) {
            value += src[i + 1];
            i += 2;
          } else if (ch === '"') {
            i++;
            break;
          } else {
            value += ch;
            i++;
          }
        }
        out.push({ t: 'string', value, pos });
      } else if (c === '[') {
        const close = src.indexOf(']', i + 1);
        const bad = /[[\r\n"(),]/.exec(src.slice(i + 1, close === -1 ? undefined : close));
        if (close === -1 || bad !== null) {
          throw new ParseFailure(pos, "unbalanced brackets: attribute reference '[' has no closing ']'");
        }
        const name = src.slice(i + 1, close).trim();
        if (name === '') throw new ParseFailure(pos, "empty attribute reference '[]'");
        out.push({ t: 'attribute', name, pos });
        i = close + 1;
      } else if (c === ']') {
        throw new ParseFailure(pos, "unbalanced brackets: ']' without an opening '['");
      } else if (isDigit(c) || (c === '.' && isDigit(src[i + 1]))) {
        let j = i;
        while (isDigit(src[j])) j++;
        if (src[j] === '.' && isDigit(src[j + 1])) {
          j++;
          while (isDigit(src[j])) j++;
        }
        if (isNameChar(src[j])) throw new ParseFailure(j, `unexpected '${src[j]}' in a number`);
        out.push({ t: 'number', value: Number(src.slice(i, j)), pos });
        i = j;
      } else if (c === '&' && /^[Hh][0-9A-Fa-f]+(?![A-Za-z0-9_])/.test(src.slice(i + 1, i + 40))) {
        // VBA hexadecimal literal, as in the documented BitAnd(&HF, &HF7).
        let j = i + 2;
        while (/[0-9A-Fa-f]/.test(src[j] ?? '')) j++;
        out.push({ t: 'number', value: parseInt(src.slice(i + 2, j), 16), pos });
        i = j;
      } else if (isNameStart(c)) {
        let j = i;
        while (isNameChar(src[j])) j++;
        out.push({ t: 'name', name: src.slice(i, j), pos });
        i = j;
      } else if (c === '(' || c === ')' || c === ',' || c === '-' || c === '&') {
        out.push({ t: 'punct', p: c, pos });
        i++;
      } else if (c === '=') {
        out.push({ t: 'op', op: '=', pos });
        i++;
      } else if (c === '<' || c === '>') {
        const two = src.slice(i, i + 2);
        if (two === '<>' || two === '<=' || two === '>=') {
          out.push({ t: 'op', op: two, pos });
          i += 2;
        } else {
          out.push({ t: 'op', op: c, pos });
          i++;
        }
      } else if (c === '\u201C' || c === '\u201D') {
        throw new ParseFailure(pos, `typographic quote '${c}': string constants use straight double quotes (")`);
      } else {
        throw new ParseFailure(pos, `unexpected character '${c}'`);
      }
    }
    if (out.length === before) out.push({ t: 'end', pos: src.length });
    this.i = i;
  }
}
