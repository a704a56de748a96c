/** Mapping expressions against hostile input: catastrophic patterns on directory data, deep nesting, huge names. */
import { describe, expect, it } from 'vitest';
import { makeObject } from '../../src/directory/types.js';
import { CloudsyncError } from '../../src/errors.js';
import { nestedRepetition } from '../../src/sync/mapping/functions/regex-safety.js';
import { evaluate, objectContext, parseExpression } from '../../src/sync/mapping/index.js';

const ev = (expr: string, department: string) => evaluate(parseExpression(expr), objectContext(makeObject('CN=Joe,DC=contoso,DC=com', { department }), {}));

function configError(expr: string): CloudsyncError {
  try {
    parseExpression(expr);
  } catch (e) {
    expect(e).toBeInstanceOf(CloudsyncError);
    return e as CloudsyncError;
  }
  throw new Error(`${expr.slice(0, 40)} parsed`);
}

describe('catastrophic regular expressions', () => {
  it('Replace with "(a+)+$" on a long department finishes at once, with the .NET result', async () => {
    const started = Date.now();
    expect(await ev('Replace([department], , "(a+)+$", , "x", , )', 'a'.repeat(40) + '!')).toBe('a'.repeat(40) + '!');
    expect(await ev('Replace([department], , "(a+)+$", , "x", , )', 'b' + 'a'.repeat(5000))).toBe('bx');
    expect(await ev('Replace([department], , "(a|aa)+$", , "x", , )', 'a'.repeat(40) + '!')).toBe('a'.repeat(40) + '!');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses a nested repetition the linear-time engine cannot run, naming the expression', () => {
    const e = configError('Replace([department], , "(a+)+\\1$", , "x", , )');
    expect(e.kind).toBe('config');
    expect(e.message).toMatch(/^expression Replace\(\[department\].*: column \d+: invalid regexPattern: the pattern repeats a group that itself repeats or alternates \("\(a\+\)\+"\)/);
    expect(configError('Replace([department], , "(?<g>(a+)+)$", "g", "x", , )').message).toMatch(/with regexGroupName it cannot run on the linear-time engine/);
  });

  it('refuses a dangerous pattern taken from directory data when it is used, naming value and expression', async () => {
    await expect(evaluate(parseExpression('Replace([department], , [info], , "x", , )'), objectContext(makeObject('CN=Joe,DC=x', { department: 'aaa', info: '(a+)+\\1' }), {}))).rejects.toThrow(
      /^expression Replace\(\[department\], , \[info\], , "x", , \): column 1: Replace: invalid regexPattern "\(a\+\)\+\\1": the pattern repeats/,
    );
  });

  it('keeps the ordinary patterns working (groups, back-references without nesting, lookaround)', async () => {
    expect(await ev('Replace([department], , "(?<dept>\\w+) (\\d+)", "dept", "Team", , )', 'Sales 42')).toBe('Team 42');
    expect(await ev('Replace([department], , "(\\w)\\1", , "$1", , )', 'bookkeeper')).toBe('bokeper');
    expect(await ev('Replace([department], , "(?<=a)b", , "c", , )', 'abab')).toBe('acac');
  });

  it('finds nested repetition by shape only', () => {
    expect(nestedRepetition('(a+)+$')).toBe('(a+)+');
    expect(nestedRepetition('^(\\w+\\s?)*$')).toBe('(\\w+\\s?)*');
    expect(nestedRepetition('(x|y)*')).toBe('(x|y)*');
    expect(nestedRepetition('((a)+)+')).toBe('((a)+)+');
    expect(nestedRepetition('(a+)b(c+)')).toBeUndefined();
    expect(nestedRepetition('[(a+)]+')).toBeUndefined();
    expect(nestedRepetition('(ab){2}')).toBeUndefined();
    expect(nestedRepetition('\\(a+\\)+')).toBeUndefined();
  });
});

describe('deep nesting and long input', () => {
  it.each([2000, 5000])('refuses an expression nested %i deep with a config error, not a stack overflow', (depth) => {
    for (const expr of ['('.repeat(depth) + '"x"' + ')'.repeat(depth), 'Trim('.repeat(depth) + '[cn]' + ')'.repeat(depth)]) {
      const e = configError(expr);
      expect(e.kind).toBe('config');
      expect(e.message).toMatch(/nested more than 100 deep/);
      expect(e.message.length).toBeLessThan(500);
    }
  });

  it('accepts nesting up to the limit', () => {
    expect(() => parseExpression('Trim('.repeat(99) + '[cn]' + ')'.repeat(99))).not.toThrow();
  });

  it('cuts a huge unknown name and a multi-line expression to one short line', () => {
    const e = configError(`Foo${'x'.repeat(100_000)}([cn])\n\n`);
    expect(e.message).not.toContain('\n');
    expect(e.message.length).toBeLessThan(500);
  });
});
