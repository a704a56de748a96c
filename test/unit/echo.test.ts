import { describe, expect, it } from 'vitest';
import { echo, quote } from '../../src/util/echo.js';

describe('echo: input quoted in a message', () => {
  it('keeps short plain text as is', () => {
    expect(echo('CN=Jane Doe,OU=Staff')).toBe('CN=Jane Doe,OU=Staff');
    expect(quote('é ü 漢字')).toBe('"é ü 漢字"');
  });

  it('escapes control characters so the message stays one line', () => {
    expect(echo('a\nb\r\tc\u0000\u001b[2J\u007f\u0085\u2028\u2029')).toBe('a\\nb\\r\\tc\\u0000\\u001b[2J\\u007f\\u0085\\u2028\\u2029');
  });

  it('cuts long input and says how much was left out', () => {
    expect(echo('x'.repeat(1000))).toBe(`${'x'.repeat(120)}…(880 more)`);
    expect(echo('abcdef', 3)).toBe('abc…(3 more)');
    expect(echo('\n'.repeat(100), 10)).toBe('\\n'.repeat(5) + '…(95 more)');
  });
});
