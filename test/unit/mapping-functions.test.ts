/**
 * Every function with the examples of Microsoft's "Reference for writing expressions for attribute
 * mappings in Microsoft Entra ID" (expressions verbatim where the page gives them).
 */
import { describe, expect, it } from 'vitest';
import { makeObject } from '../../src/directory/types.js';
import { IGNORE_FLOW, evaluate, objectContext, parseExpression, type EvalContext } from '../../src/sync/mapping/index.js';

type Attrs = Record<string, string | Buffer | string[]>;
const ctxOf = (attrs: Attrs, extra: Omit<EvalContext, 'attribute'> = {}): EvalContext =>
  objectContext(makeObject('CN=Joe,DC=contoso,DC=com', attrs), extra);
const ev = (expr: string, attrs: Attrs = {}, extra: Omit<EvalContext, 'attribute'> = {}) =>
  evaluate(parseExpression(expr), ctxOf(attrs, extra));

describe('Append', () => {
  it('documented: Append([userPrincipalName], ".test")', async () => {
    expect(await ev('Append([userPrincipalName], ".test")', { userPrincipalName: 'John.Doe@contoso.com' })).toBe('John.Doe@contoso.com.test');
  });
  it('documented: Append(Mid([givenName], 1, 3), Mid([surname], 1, 5))', async () => {
    expect(await ev('Append(Mid([givenName], 1, 3), Mid([surname], 1, 5))', { givenName: 'John', surname: 'Doe' })).toBe('JohDoe');
  });
  it('appends to each value of a multi-valued source', async () => {
    expect(await ev('Append([otherMailbox], ";")', { otherMailbox: ['a', 'b'] })).toEqual(['a;', 'b;']);
  });
});

describe('BitAnd', () => {
  it('documented: BitAnd(&HF, &HF7) = 7', async () => {
    expect(await ev('BitAnd(&HF, &HF7)')).toBe(7);
  });
  it('reads AD numbers given as text, including negative groupType values', async () => {
    expect(await ev('BitAnd([userAccountControl], 2)', { userAccountControl: '514' })).toBe(2);
    expect(await ev('BitAnd([userAccountControl], 2)', { userAccountControl: '512' })).toBe(0);
    expect(await ev('BitAnd([groupType], &H80000000)', { groupType: '-2147483646' })).not.toBe(0);
    expect(await ev('BitAnd([groupType], &H80000000)', { groupType: '2' })).toBe(0);
  });
  it('gives no value when an operand has none, and fails on text', async () => {
    expect(await ev('BitAnd([userAccountControl], 2)')).toBeNull();
    await expect(ev('BitAnd("x", 2)')).rejects.toThrow(/BitAnd: value1 must be a number, not "x"/);
  });
});

describe('CBool', () => {
  it('documented: CBool([attribute1] = [attribute2])', async () => {
    expect(await ev('CBool([attribute1] = [attribute2])', { attribute1: 'x', attribute2: 'x' })).toBe(true);
    expect(await ev('CBool([attribute1] = [attribute2])', { attribute1: 'x', attribute2: 'y' })).toBe(false);
  });
  it('non-zero is True', async () => {
    expect(await ev('CBool(5)')).toBe(true);
    expect(await ev('CBool("0")')).toBe(false);
    expect(await ev('CBool([missing])')).toBe(false);
  });
});

describe('Coalesce', () => {
  it('documented: Coalesce([mail],[userPrincipalName]) with mail NULL', async () => {
    expect(await ev('Coalesce([mail],[userPrincipalName])', { userPrincipalName: 'John.Doe@contoso.com' })).toBe('John.Doe@contoso.com');
  });
  it('default value, and NULL when nothing has a value', async () => {
    expect(await ev('Coalesce([a], [b], "none")')).toBe('none');
    expect(await ev('Coalesce([a], [b])')).toBeNull();
    expect(await ev('Coalesce([a], [b])', { a: 'first', b: 'second' })).toBe('first');
  });
});

describe('ConvertToBase64 / ConvertFromBase64 / ConvertToUTF8Hex', () => {
  it('documented: ConvertToBase64("Hello world!") in UTF-16LE', async () => {
    expect(await ev('ConvertToBase64("Hello world!")')).toBe('SABlAGwAbABvACAAdwBvAHIAbABkACEA');
  });
  it('encodes the bytes of binary attributes (the objectGUID source anchor)', async () => {
    const guid = Buffer.from('8f1c926ea45b2d4c8a1e5b337c2a9f10', 'hex');
    expect(await ev('ConvertToBase64([objectGUID])', { objectGUID: guid })).toBe('jxySbqRbLUyKHlszfCqfEA==');
  });
  it('documented: ConvertFromBase64 in Unicode and UTF8', async () => {
    expect(await ev('ConvertFromBase64("SABlAGwAbABvACAAdwBvAHIAbABkACEA")')).toBe('Hello world!');
    expect(await ev('ConvertFromBase64("SGVsbG8gd29ybGQh", UTF8)')).toBe('Hello world!');
  });
  it('documented: ConvertToUTF8Hex("Hello world!")', async () => {
    expect(await ev('ConvertToUTF8Hex("Hello world!")')).toBe('48656C6C6F20776F726C6421');
    expect(await ev('ConvertToUTF8Hex("é")')).toBe('C3A9');
  });
});

describe('Count, Item, RemoveDuplicates, Join on multi-valued attributes', () => {
  const proxyAddresses = ['SMTP:ann@contoso.com', 'smtp:ann@fabrikam.com', 'SMTP:ann@contoso.com'];
  it('Count', async () => {
    expect(await ev('Count([proxyAddresses])', { proxyAddresses })).toBe(3);
    expect(await ev('Count([mail])', { mail: 'a@b.c' })).toBe(1);
    expect(await ev('Count([proxyAddresses])')).toBe(0);
  });
  it('documented: Item([proxyAddresses], 1) returns the first item', async () => {
    expect(await ev('Item([proxyAddresses], 1)', { proxyAddresses })).toBe('SMTP:ann@contoso.com');
    expect(await ev('Item([proxyAddresses], 2)', { proxyAddresses })).toBe('smtp:ann@fabrikam.com');
    expect(await ev('Item([proxyAddresses], 1)')).toBeNull();
    await expect(ev('Item([proxyAddresses], 0)', { proxyAddresses })).rejects.toThrow(/index 0 is out of range/);
  });
  it('documented: RemoveDuplicates([proxyAddresses])', async () => {
    expect(await ev('RemoveDuplicates([proxyAddresses])', { proxyAddresses })).toEqual(['SMTP:ann@contoso.com', 'smtp:ann@fabrikam.com']);
  });
  it('Join joins every value of a multi-valued attribute', async () => {
    expect(await ev('Join(",", [proxyAddresses])', { proxyAddresses: ['a', 'b'] })).toBe('a,b');
    expect(await ev('Join("," ,[proxyAddresses], [mail])', { proxyAddresses: ['a', 'b'], mail: 'm' })).toBe('a,b,m');
  });
  it('documented: Join(", ", "", [surname], [givenName]) → "Doe, John"', async () => {
    expect(await ev('Join(", ", "", [surname], [givenName])', { givenName: 'John', surname: 'Doe' })).toBe('Doe, John');
  });
  it('Join skips absent values', async () => {
    expect(await ev('Join(" ", [givenName], [initials], [sn])', { givenName: 'Ann', sn: 'Lee' })).toBe('Ann Lee');
  });
  it('a function or comparison that takes one value refuses several', async () => {
    const proxyAddresses = ['a', 'b'];
    await expect(ev('InStr([proxyAddresses], "x")', { proxyAddresses })).rejects.toThrow(/column 1: InStr: value1 must be one value but has 2/);
    await expect(ev('IIF([proxyAddresses] = "x", 1, 2)', { proxyAddresses })).rejects.toThrow(
      /column 22: each side of a comparison must be one value but has 2/,
    );
  });
});

describe('CStr', () => {
  it('documented: CStr([dn])', async () => {
    expect(await ev('CStr([dn])')).toBe('CN=Joe,DC=contoso,DC=com');
  });
  it('numbers and booleans', async () => {
    expect(await ev('CStr(BitAnd(6, 3))')).toBe('2');
    expect(await ev('CStr(IsPresent([x]))')).toBe('False');
  });
});

describe('IgnoreFlowIfNullOrEmpty', () => {
  it('documented: IgnoreFlowIfNullOrEmpty([department]) drops the attribute when empty', async () => {
    expect(await ev('IgnoreFlowIfNullOrEmpty([department])')).toBe(IGNORE_FLOW);
    expect(await ev('IgnoreFlowIfNullOrEmpty([department])', { department: 'Sales' })).toBe('Sales');
  });
  it('documented: IgnoreFlowIfNullOrEmpty(Switch([prefix], "", "3443", "Dr.", ...))', async () => {
    const expr = 'IgnoreFlowIfNullOrEmpty(Switch([prefix], "", "3443", "Dr.", "3444", "Prof.", "3445", "Prof. Dr."))';
    expect(await ev(expr, { prefix: '3444' })).toBe('Prof.');
    expect(await ev(expr, { prefix: '9999' })).toBe(IGNORE_FLOW);
  });
  it('nested: drops the whole attribute', async () => {
    expect(await ev('Join(" ", "x", IgnoreFlowIfNullOrEmpty([department]))')).toBe(IGNORE_FLOW);
  });
});

describe('IIF', () => {
  it('documented: IIF([country]="USA",[country],[department])', async () => {
    expect(await ev('IIF([country]="USA",[country],[department])', { country: 'USA', department: 'Sales' })).toBe('USA');
    expect(await ev('IIF([country]="USA",[country],[department])', { country: 'DE', department: 'Sales' })).toBe('Sales');
  });
  it('documented AND / OR forms', async () => {
    const and = 'IIF([country]="USA",IIF([state]="CA","True","False"),"False")';
    const or = 'IIF([country]="USA","True",IIF([state]="CA","True","False"))';
    expect(await ev(and, { country: 'USA', state: 'CA' })).toBe('True');
    expect(await ev(and, { country: 'USA', state: 'WA' })).toBe('False');
    expect(await ev(or, { country: 'DE', state: 'CA' })).toBe('True');
    expect(await ev(or, { country: 'DE', state: 'WA' })).toBe('False');
  });
  it('a comparison with an absent attribute is not true', async () => {
    expect(await ev('IIF([country]="",  "Other", [country])')).toBeNull();
    expect(await ev('IIF([country]<>"DE", "yes", "no")')).toBe('no');
  });
  it('evaluates only the branch it takes', async () => {
    expect(await ev('IIF(IsPresent([a]), [a], "none")')).toBe('none');
    expect(await ev('IIF(True, "ok", Error("not evaluated"))')).toBe('ok');
  });
  it('the Cloud Sync expression with "&" concatenation', async () => {
    expect(await ev('IIF([employeeType]="Intern","t-" & [alias],[alias])', { employeeType: 'Intern', alias: 'jdoe' })).toBe('t-jdoe');
  });
});

describe('InStr', () => {
  it('documented: InStr("The quick brown fox","quick") = 5', async () => {
    expect(await ev('InStr("The quick brown fox","quick")')).toBe(5);
  });
  it('documented: InStr("repEated","e",3,vbBinaryCompare) = 7', async () => {
    expect(await ev('InStr("repEated","e",3,vbBinaryCompare)')).toBe(7);
  });
  it('vbTextCompare ignores case; not found is 0', async () => {
    expect(await ev('InStr("repEated","e",3,vbTextCompare)')).toBe(4);
    expect(await ev('InStr("abc","z")')).toBe(0);
  });
});

describe('IsNull / IsNullOrEmpty / IsPresent / IsString', () => {
  it('documented: IsNull([displayName]) is True when absent', async () => {
    expect(await ev('IsNull([displayName])')).toBe(true);
    expect(await ev('IsNull([displayName])', { displayName: '' })).toBe(false);
  });
  it('documented: IsNullOrEmpty([displayName])', async () => {
    expect(await ev('IsNullOrEmpty([displayName])')).toBe(true);
    expect(await ev('IsNullOrEmpty([displayName])', { displayName: '' })).toBe(true);
    expect(await ev('IsNullOrEmpty([displayName])', { displayName: 'x' })).toBe(false);
  });
  it('documented: Switch(IsPresent([directManager]),[directManager], IsPresent([skiplevelManager]),...)', async () => {
    const expr =
      'Switch(IsPresent([directManager]),[directManager], IsPresent([skiplevelManager]),[skiplevelManager], IsPresent([director]),[director])';
    // Source "True" matches no key while both keys are "True"/"False"… the page warns against this form.
    expect(await ev(expr, { directManager: 'CN=A', skiplevelManager: 'CN=B' })).toBe('CN=B');
    expect(await ev('IsPresent([directManager])', { directManager: 'CN=A' })).toBe(true);
  });
  it('IsString is false for binary values', async () => {
    expect(await ev('IsString([mail])', { mail: 'a@b.c' })).toBe(true);
    expect(await ev('IsString([objectGUID])', { objectGUID: Buffer.alloc(16) })).toBe(false);
    expect(await ev('IsString([mail])')).toBe(false);
  });
});

describe('Left / Mid / Word / StripSpaces / Split', () => {
  it('documented: Left("John Doe", 3) = "Joh" and its edge cases', async () => {
    expect(await ev('Left("John Doe", 3)')).toBe('Joh');
    expect(await ev('Left("John Doe", 0)')).toBe('');
    expect(await ev('Left("John Doe", -2)')).toBe('John Doe');
    expect(await ev('Left([missing], 2)')).toBe('');
    expect(await ev('Left("Jo", 5)')).toBe('Jo');
  });
  it('Mid is 1-based and stops at the end', async () => {
    expect(await ev('Mid("John", 2, 2)')).toBe('oh');
    expect(await ev('Mid("John", 3, 10)')).toBe('hn');
    expect(await ev('Mid("John", 9, 1)')).toBe('');
    await expect(ev('Mid("John", 0, 1)')).rejects.toThrow(/start must be 1 or more/);
  });
  it('documented: Word("The quick brown fox",3," ") and Word("This,string!has&many separators",3,",!&#")', async () => {
    expect(await ev('Word("The quick brown fox",3," ")')).toBe('brown');
    expect(await ev('Word("This,string!has&many separators",3,",!&#")')).toBe('has');
    expect(await ev('Word("a b", 5, " ")')).toBe('');
    expect(await ev('Word("a b", 0, " ")')).toBe('');
  });
  it('StripSpaces removes every space', async () => {
    expect(await ev('StripSpaces(" Mary Ann  Lee ")')).toBe('MaryAnnLee');
  });
  it('documented: Split([extensionAttribute5], ",")', async () => {
    expect(await ev('Split([extensionAttribute5], ",")', { extensionAttribute5: 'PermissionSetOne, PermissionSetTwo' })).toEqual([
      'PermissionSetOne',
      'PermissionSetTwo',
    ]);
  });
});

describe('NormalizeDiacritics', () => {
  it('documented: "Zoë" → "Zoe"', async () => {
    expect(await ev('NormalizeDiacritics([givenName])', { givenName: 'Zoë' })).toBe('Zoe');
  });
  it('follows the documented table, including two-letter replacements', async () => {
    expect(await ev('NormalizeDiacritics("Ærøskøbing Straße Łódź İzmir")')).toBe('AEroeskoebing Strasse Lodz Izmir');
    expect(await ev('NormalizeDiacritics("Ḗrik Ṻlla ȳ́")')).toBe('Erik Ulla y');
  });
  it('matches decomposed input too, and leaves characters the table does not list', async () => {
    expect(await ev('NormalizeDiacritics([sn])', { sn: 'Jose\u0301' })).toBe('Jose');
    expect(await ev('NormalizeDiacritics("Đorđe œuvre 山田")')).toBe('Đorđe œuvre 山田');
  });
});

describe('Not', () => {
  it('flips True and False', async () => {
    expect(await ev('Not("True")')).toBe(false);
    expect(await ev('Not("False")')).toBe(true);
    expect(await ev('Not(IsPresent([a]))')).toBe(true);
  });
  it('anything but True gives True (an absent attribute included)', async () => {
    expect(await ev('Not([accountDisabled])')).toBe(true);
    expect(await ev('Not("maybe")')).toBe(true);
  });
});

describe('Replace', () => {
  it('documented example 1: oldValue and replacementValue', async () => {
    const expr = 'Replace([BusinessTitle],"Product Developer", , , "Software Engineer", , )';
    expect(await ev(expr, { BusinessTitle: 'Product Developer' })).toBe('Software Engineer');
  });
  it('documented example 2: oldValue and template', async () => {
    expect(await ev('Replace([UserID],"<username>", , , , , "<username>@contoso.com")', { UserID: 'jsmith' })).toBe('jsmith@contoso.com');
  });
  it('documented example 3: regexPattern and replacementValue with a group name', async () => {
    const expr = 'Replace([telephoneNumber], , "\\\\+(?<isdCode>\\\\d* )(?<phoneNumber>\\\\d{10})", , "${phoneNumber}", , )';
    expect(await ev(expr, { telephoneNumber: '+91 9998887777' })).toBe('9998887777');
    expect(await ev('Replace([mobile], , "[()\\\\s-]+", , "", , )', { mobile: '+1 (999) 888-7777' })).toBe('+19998887777');
  });
  it('documented example 4: regexPattern, regexGroupName and replacementValue', async () => {
    const street = 'Replace([AddressLineData], ,"(?<streetNumber>^\\\\d*)","streetNumber", "888", , )';
    expect(await ev(street, { AddressLineData: '545 Tremont Street' })).toBe('888 Tremont Street');
    const upn = 'Replace([userPrincipalName], , "(?<Suffix>@(.)*)", "Suffix", "", , )';
    expect(await ev(upn, { userPrincipalName: 'jsmith@contoso.com' })).toBe('jsmith');
  });
  it('documented example 5: replacementAttributeName when the source is empty', async () => {
    const expr = 'Replace([telephoneNumber], , "\\\\+(?<isdCode>\\\\d* )(?<phoneNumber>\\\\d{10})", "phoneNumber" , , [mobile], )';
    expect(await ev(expr, { telephoneNumber: '', mobile: '+91 8887779999' })).toBe('8887779999');
    expect(await ev(expr, { telephoneNumber: '+1 425', mobile: '+91 8887779999' })).toBe('+1 425');
  });
  it('documented example 6: removing characters that match a pattern', async () => {
    expect(await ev('Replace([mailNickname], , "[a-zA-Z_]*", , "", , )', { mailNickname: 'john_doe72' })).toBe('72');
  });
  it('documented: strip a known domain name', async () => {
    expect(await ev('Replace([mail], "@contoso.com", , ,"", ,)', { mail: 'john.doe@contoso.com' })).toBe('john.doe');
  });
  it('is case-sensitive and applies to each value of a multi-valued source', async () => {
    expect(await ev('Replace([proxyAddresses], "smtp:", , , "SMTP:", , )', { proxyAddresses: ['smtp:a@b.c', 'SMTP:d@e.f', 'x500:smtp:'] })).toEqual([
      'SMTP:a@b.c',
      'SMTP:d@e.f',
      'x500:SMTP:',
    ]);
  });
  it('.NET replacement syntax: $1, $$ and $&', async () => {
    expect(await ev('Replace("ab-cd", , "(\\\\w+)-(\\\\w+)", , "$2$$$1[$&]", , )')).toBe('cd$ab[ab-cd]');
    expect(await ev('Replace("ABC", , "(?i)b", , "x", , )')).toBe('AxC');
  });
});

describe('SelectUniqueValue', () => {
  const expr = `SelectUniqueValue(
        Join("@", NormalizeDiacritics(StripSpaces(Join(".",  [PreferredFirstName], [PreferredLastName]))), "contoso.com"),
        Join("@", NormalizeDiacritics(StripSpaces(Join(".",  Mid([PreferredFirstName], 1, 1), [PreferredLastName]))), "contoso.com"),
        Join("@", NormalizeDiacritics(StripSpaces(Join(".",  Mid([PreferredFirstName], 1, 2), [PreferredLastName]))), "contoso.com")
    )`;
  const attrs = { PreferredFirstName: 'John', PreferredLastName: 'Smith' };
  const taken = (values: string[]) => {
    const asked: string[][] = [];
    const isUnique = async (value: string, target: string) => {
      asked.push([value, target]);
      return !values.includes(value);
    };
    return { asked, isUnique };
  };

  it('documented: the first candidate that is not taken', async () => {
    let t = taken([]);
    expect(await ev(expr, attrs, { isUnique: t.isUnique, target: 'userPrincipalName' })).toBe('John.Smith@contoso.com');
    expect(t.asked).toEqual([['John.Smith@contoso.com', 'userPrincipalName']]);
    t = taken(['John.Smith@contoso.com']);
    expect(await ev(expr, attrs, { isUnique: t.isUnique })).toBe('J.Smith@contoso.com');
    t = taken(['John.Smith@contoso.com', 'J.Smith@contoso.com']);
    expect(await ev(expr, attrs, { isUnique: t.isUnique })).toBe('Jo.Smith@contoso.com');
  });
  it('fails when every candidate is taken or no check is given', async () => {
    const t = taken(['John.Smith@contoso.com', 'J.Smith@contoso.com', 'Jo.Smith@contoso.com']);
    await expect(ev(expr, attrs, { isUnique: t.isUnique })).rejects.toThrow(/every candidate is already taken/);
    await expect(ev(expr, attrs)).rejects.toThrow(/needs a uniqueness check/);
  });
});

describe('Switch', () => {
  const expr = 'Switch([state], "Australia/Sydney", "NSW", "Australia/Sydney","QLD", "Australia/Brisbane", "SA", "Australia/Adelaide")';
  it('documented: state code to time zone, with the default', async () => {
    expect(await ev(expr, { state: 'QLD' })).toBe('Australia/Brisbane');
    expect(await ev(expr, { state: 'WA' })).toBe('Australia/Sydney');
  });
  it('country codes with a default', async () => {
    const countries = 'Switch([c], "Other", "US", "United States", "DE", "Germany")';
    expect(await ev(countries, { c: 'DE' })).toBe('Germany');
    expect(await ev(countries, { c: 'FR' })).toBe('Other');
  });
  it('is case-sensitive; documented: Switch(ToLower([statusFlag]), "0", "true", "1", "false", "0")', async () => {
    expect(await ev('Switch([c], "none", "de", "Germany")', { c: 'DE' })).toBe('none');
    expect(await ev('Switch(ToLower([statusFlag]), "0", "true", "1", "false", "0")', { statusFlag: 'TRUE' })).toBe('1');
  });
  it('documented: an empty source matches the key ""', async () => {
    expect(await ev('Switch([statusFlag], "Default Value", "true", "1", "", "0")')).toBe('0');
  });
});

describe('ToLower / ToUpper / Trim / Guid / Error / StringFromSid / DNComponent', () => {
  it('documented: ToLower(Join("@", NormalizeDiacritics(StripSpaces(Join(".", ...))), "contoso.com"))', async () => {
    const expr = 'ToLower(Join("@", NormalizeDiacritics(StripSpaces(Join(".",  [PreferredFirstName], [PreferredLastName]))), "contoso.com"))';
    expect(await ev(expr, { PreferredFirstName: 'John', PreferredLastName: 'Smith' })).toBe('john.smith@contoso.com');
  });
  it('culture rules when a culture is given', async () => {
    expect(await ev('ToUpper("istanbul", "tr-TR")')).toBe('İSTANBUL');
    expect(await ev('ToUpper("istanbul")')).toBe('ISTANBUL');
    expect(await ev('ToLower([proxyAddresses])', { proxyAddresses: ['SMTP:A@B.C', 'X'] })).toEqual(['smtp:a@b.c', 'x']);
  });
  it('documented (Cloud Sync): Trim(" Test ") and Trim on each proxyAddresses value', async () => {
    expect(await ev('Trim(" Test ")')).toBe('Test');
    expect(await ev('Trim([proxyAddresses])', { proxyAddresses: [' a ', 'b '] })).toEqual(['a', 'b']);
  });
  it('Guid() gives a new GUID each time', async () => {
    const a = await ev('Guid()');
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await ev('Guid()')).not.toBe(a);
  });
  it('documented (Cloud Sync): IIF(IsPresent([accountName]),[accountName],Error("AccountName is required"))', async () => {
    const expr = 'IIF(IsPresent([accountName]),[accountName],Error("AccountName is required"))';
    expect(await ev(expr, { accountName: 'jdoe' })).toBe('jdoe');
    await expect(ev(expr)).rejects.toThrow(/column 44: Error: AccountName is required/);
  });
  it('StringFromSid and DNComponent (Cloud Sync documented)', async () => {
    const sid = Buffer.from('010500000000000515000000c7f7fed77c7755c8945ace01f5030000', 'hex');
    expect(await ev('StringFromSid([objectSid])', { objectSid: sid })).toBe('S-1-5-21-3623811015-3361044348-30300820-1013');
    expect(await ev('DNComponent(CRef([dn]),1)')).toBe('Joe');
  });
});
