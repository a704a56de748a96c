import { describe, expect, it } from 'vitest';
import { CloudsyncError } from '../../src/errors.js';
import { makeObject } from '../../src/directory/types.js';
import { evaluate, objectContext, parseExpression } from '../../src/sync/mapping/index.js';

const ev = (expr: string, attrs: Record<string, string | Buffer | string[]> = {}) =>
  evaluate(parseExpression(expr), objectContext(makeObject('CN=Test,DC=contoso,DC=com', attrs)));

/** The CloudsyncError a bad expression gives. */
function parseError(expr: string): CloudsyncError {
  try {
    parseExpression(expr);
  } catch (e) {
    expect(e).toBeInstanceOf(CloudsyncError);
    return e as CloudsyncError;
  }
  throw new Error(`expected ${expr} to be rejected`);
}

/** Column from the message, checked against the caret line in detail. */
function errorAt(expr: string): { column: number; message: string } {
  const e = parseError(expr);
  expect(e.kind).toBe('config');
  const m = /: column (\d+): (.*)$/.exec(e.message);
  expect(m, e.message).not.toBeNull();
  const column = Number(m![1]);
  const [line, caret] = e.detail!.split('\n');
  expect(line).toBe(expr.replace(/[\r\n\t]/g, ' '));
  expect(caret).toBe(' '.repeat(column - 1) + '^');
  return { column, message: m![2]! };
}

describe('syntax', () => {
  it('reads attributes case-insensitively and function names in any case', async () => {
    expect(await ev('[DISPLAYNAME]', { displayName: 'Ann' })).toBe('Ann');
    expect(await ev('toupper([givenname])', { givenName: 'ann' })).toBe('ANN');
    expect(await ev('JOIN(" ", [givenName], [sn])', { givenName: 'Ann', sn: 'Lee' })).toBe('Ann Lee');
  });

  it('unescapes \\" and \\\\ in string constants, as documented', async () => {
    expect(await ev('"Company name: \\"Contoso\\""')).toBe('Company name: "Contoso"');
    expect(await ev('"a\\\\b"')).toBe('a\\b');
    // Other backslashes are kept, so a pasted regex keeps its meaning.
    expect(await ev('"\\d+"')).toBe('\\d+');
  });

  it('reads numbers, VBA hex literals, negative numbers and booleans', async () => {
    expect(await ev('BitAnd(&HF, &HF7)')).toBe(7);
    expect(await ev('BitAnd(514, 2)')).toBe(2);
    expect(await ev('Left("abcdef", -1)')).toBe('abcdef');
    expect(await ev('CStr(1.5)')).toBe('1.5');
    expect(await ev('IIF(True, "y", "n")')).toBe('y');
    expect(await ev('IIF(false, "y", "n")')).toBe('n');
  });

  it('treats an empty argument slot as an omitted argument', async () => {
    expect(await ev('Replace([mail], "@contoso.com", , ,"", ,)', { mail: 'john.doe@contoso.com' })).toBe('john.doe');
    expect(await ev('Switch([x], , "1", "one")', { x: '2' })).toBeNull();
  });

  it('allows white space and line breaks between tokens', async () => {
    const expr = 'Join(\n  "@",\n  "a" ,\t"contoso.com"\n)';
    expect(await ev(expr)).toBe('a@contoso.com');
  });

  it('compares with = <> < <= > >= and concatenates with &', async () => {
    expect(await ev('IIF([c]="DE", "yes", "no")', { c: 'DE' })).toBe('yes');
    expect(await ev('IIF([c]<>"DE", "yes", "no")', { c: 'DE' })).toBe('no');
    expect(await ev('IIF(Count([p]) >= 2, "many", "few")', { p: ['a', 'b'] })).toBe('many');
    expect(await ev('IIF([n] < 10, "small", "big")', { n: '9' })).toBe('small');
    expect(await ev('"t-" & [alias]', { alias: 'jdoe' })).toBe('t-jdoe');
    expect(await ev('IIF(([a] = "1"), "x", "y")', { a: '1' })).toBe('x');
  });
});

describe('errors point at the column', () => {
  it('unknown function, with the closest name', () => {
    const e = errorAt('Join(",", Trm([sn]))');
    expect(e.column).toBe(11);
    expect(e.message).toBe("unknown function 'Trm' (did you mean Trim?)");
    expect(errorAt('Jion(" ", [a])').message).toContain('did you mean Join?');
    expect(errorAt('Frobnicate([a])').message).toBe("unknown function 'Frobnicate'");
  });

  it('wrong argument count names the function and its documented signature', () => {
    const e = errorAt('ToUpper(Left("John Doe"))');
    expect(e.column).toBe(9);
    expect(e.message).toBe('Left takes 2 arguments: Left(String, NumChars); got 1');
    expect(errorAt('Switch([c], "x", "DE")').message).toBe(
      'Switch takes an even number of arguments, at least 4: Switch(source, defaultValue, key1, value1, key2, value2, …); got 3',
    );
    expect(errorAt('SelectUniqueValue([a])').message).toContain('at least 2 arguments');
  });

  it('unterminated string: at its opening quote', () => {
    const e = errorAt('Join(" ", "abc)');
    expect(e.column).toBe(11);
    expect(e.message).toContain('unterminated string');
  });

  it('unbalanced brackets', () => {
    expect(errorAt('Join(" ", [givenName, [sn])')).toMatchObject({ column: 11 });
    expect(errorAt('Trim([sn]').column).toBe(5);
    expect(errorAt('Trim([sn]').message).toBe("unbalanced brackets: 'Trim(' is never closed");
    expect(errorAt('Trim([sn]))')).toEqual({ column: 11, message: "unbalanced brackets: ')' without an opening '('" });
    expect(errorAt('Trim(sn])').column).toBe(6);
    expect(errorAt('(1 = 1').message).toBe("unbalanced brackets: '(' is never closed");
  });

  it('trailing input after a complete expression', () => {
    expect(errorAt('Trim([sn]) [givenName]')).toEqual({ column: 12, message: 'unexpected [givenName] after the end of the expression' });
    expect(errorAt('[sn], [givenName]').message).toBe("unexpected ',' outside a function's argument list");
  });

  it('bare words, missing values and empty input', () => {
    expect(errorAt('Join(" ", givenName)')).toEqual({
      column: 11,
      message: 'unknown name \'givenName\': attributes go in square brackets ([givenName]), text in double quotes ("givenName")',
    });
    expect(errorAt('IIF([a] = , "x", "y")').column).toBe(11);
    expect(errorAt('Trim').message).toBe('Trim is a function: write Trim(value)');
    expect(errorAt('   ').message).toBe('the expression is empty');
    expect(errorAt('Join(" ", [a] [b])')).toMatchObject({ column: 15 });
  });

  it('documented functions cloudsync does not evaluate say why', () => {
    expect(errorAt('Redact([userPrincipalName])').message).toMatch(/^function Redact is not supported: /);
    expect(errorAt('SingleAppRoleAssignment([appRoleAssignments])').message).toContain('app role assignments');
  });

  it('SelectUniqueValue only at the top', () => {
    expect(errorAt('ToLower(SelectUniqueValue("a", "b"))')).toEqual({
      column: 9,
      message: 'SelectUniqueValue must be the whole expression: it cannot be nested',
    });
  });

  it('bad literals are caught when parsing: regex, date format, interval, culture', () => {
    expect(errorAt('Replace([a], , "(unclosed", , "", , )')).toMatchObject({ column: 16 });
    expect(errorAt('FormatDateTime([a], , "yyyy\'MM", "yyyy")').message).toContain('bad date format');
    expect(errorAt('DateAdd("days", 1, Now())').message).toBe('interval "days" must be one of yyyy, q, m, y, d, w, ww, h, n, s');
    expect(errorAt('Replace([a], "x", , , , , )').message).toContain('needs replacementValue or template');
  });

  it('columns count from the start of the whole expression on multi-line input', () => {
    const expr = 'Join("@",\n  Trm([a]))';
    const e = errorAt(expr);
    expect(e.column).toBe(13);
  });

  it('the message is one line that quotes the expression', () => {
    const e = parseError('Join(" ",\n Trm([a]))');
    expect(e.message).toBe("expression Join(\" \",  Trm([a])): column 12: unknown function 'Trm' (did you mean Trim?)");
  });
});

describe('runtime errors', () => {
  it('name the failing function and its column', async () => {
    await expect(ev('Join(",", Item([proxyAddresses], 3))', { proxyAddresses: ['a', 'b'] })).rejects.toThrow(
      /column 11: Item: index 3 is out of range: there are 2 values/,
    );
    await expect(ev('Error("AccountName is required")')).rejects.toMatchObject({ kind: 'runtime' });
  });
});
