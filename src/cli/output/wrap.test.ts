import { describe, expect, it } from 'vitest';
import { displayWidth, fitWidths, wrapCell } from './wrap.js';

describe('wrapCell', () => {
  it('wraps on words, cutting only a word longer than the column', () => {
    expect(wrapCell('userPrincipalName contains characters', 12)).toBe('userPrincipa\nlName\ncontains\ncharacters');
    expect(wrapCell('Severity', 8)).toBe('Severity');
  });

  it('colours after wrapping: each line opens and closes its colour, no code is split', () => {
    const red = (s: string) => `\x1b[31m${s}\x1b[39m`;
    expect(wrapCell(red('create user now'), 6)).toBe(`${red('create')}\n${red('user')}\n${red('now')}`);
  });

  it('measures CJK and emoji as two columns', () => {
    expect(displayWidth('東京都')).toBe(6);
    expect(wrapCell('東京 大阪', 4)).toBe('東京\n大阪');
    expect(displayWidth('\x1b[1mab\x1b[22m')).toBe(2);
  });
});

describe('fitWidths', () => {
  it('keeps natural widths when they fit, else gives header words room and shares the rest', () => {
    expect(fitWidths([['a', 'bb'], ['ccc', 'd']], 40)).toEqual([5, 4]);
    const w = fitWidths([['Severity', 'Problem'], ['error', 'x'.repeat(200)]], 40);
    expect(w[0]).toBe(10);
    expect(w.reduce((a, b) => a + b, 0) + 3).toBeLessThanOrEqual(40);
  });
});
