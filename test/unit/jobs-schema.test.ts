import { describe, expect, it } from 'vitest';
import { diffSchemas, parseJsonText, schemaToFile, validateSchema } from '../../src/cloud-sync/schema.js';
import { schema } from '../fixtures/job-fixtures.js';

const errors = (input: unknown, current = schema()) => validateSchema(input, current).filter((p) => p.severity === 'error');

describe('schema file parsing', () => {
  it('a JSON syntax error names the line and column', () => {
    const text = '{\n  "version": "1",\n  "synchronizationRules": [\n    { "id": "x", }\n  ]\n}\n';
    expect(() => parseJsonText(text, 'schema.json')).toThrow(/^schema\.json: not valid JSON at line 4, column \d+/);
  });

  it('export drops @odata annotations and is pretty', () => {
    const out = schemaToFile({ ...schema(), ['@odata.context' as 'id']: 'x' });
    expect(out).not.toContain('@odata');
    expect(out).toContain('\n  "synchronizationRules": [');
  });
});

describe('schema validation before a PUT', () => {
  it('the schema as exported is valid', () => {
    expect(errors(JSON.parse(schemaToFile(schema())))).toEqual([]);
  });

  it('required top-level fields', () => {
    expect(errors({ version: '1' }).map((e) => e.path)).toEqual(['synchronizationRules', 'directories']);
    expect(errors([])[0]!.message).toContain('JSON object');
  });

  it('rule ids: required, unique, and one of the job’s rules', () => {
    const s = schema();
    const r = s.synchronizationRules[0]!;
    expect(errors({ ...s, synchronizationRules: [{ ...r, id: 'invented' }] })[0]).toMatchObject({ path: 'synchronizationRules[0].id', message: expect.stringContaining("not one of this job's rules (rule-ad)") });
    expect(errors({ ...s, synchronizationRules: [r, r] }).some((e) => e.message.includes('duplicate rule id'))).toBe(true);
    expect(errors({ ...s, synchronizationRules: [{ ...r, id: '' }] })[0]!.path).toBe('synchronizationRules[0].id');
  });

  it('directory names of a rule must exist', () => {
    const s = schema();
    s.synchronizationRules[0]!.targetDirectoryName = 'Entra';
    expect(errors(s)[0]).toMatchObject({ path: 'synchronizationRules[0].targetDirectoryName', message: expect.stringContaining('"Entra" is not one of') });
  });

  it('object mappings need source and target object names; unknown ones are warnings', () => {
    const s = schema();
    const m = s.synchronizationRules[0]!.objectMappings[0]! as unknown as Record<string, unknown>;
    delete m.sourceObjectName;
    s.synchronizationRules[0]!.objectMappings[1]!.targetObjectName = 'Device';
    const problems = validateSchema(s, schema());
    expect(problems.find((p) => p.path === 'synchronizationRules[0].objectMappings[0].sourceObjectName')?.severity).toBe('error');
    expect(problems.find((p) => p.path === 'synchronizationRules[0].objectMappings[1].targetObjectName')).toMatchObject({ severity: 'warning', message: expect.stringContaining('"Device"') });
  });

  it('attribute mappings: target name required and unique, source type known, Attribute needs a name', () => {
    const s = schema();
    const am = s.synchronizationRules[0]!.objectMappings[0]!.attributeMappings;
    am.push({ ...am[0]!, targetAttributeName: '' });
    am.push({ ...am[0]! });
    am.push({ ...am[0]!, targetAttributeName: 'jobTitle', source: { expression: null, name: 'title', type: 'Lookup' as 'Attribute', parameters: [] } });
    am.push({ ...am[0]!, targetAttributeName: 'department', source: { expression: null, name: null, type: 'Attribute', parameters: [] } });
    const e = errors(s);
    const base = 'synchronizationRules[0].objectMappings[0].attributeMappings';
    expect(e.map((x) => x.path)).toEqual([`${base}[2].targetAttributeName`, `${base}[3].targetAttributeName`, `${base}[4].source.type`, `${base}[5].source.name`]);
    expect(e[1]!.message).toContain('displayName is mapped twice');
    expect(e[2]!.message).toContain('"Lookup" is not one of Attribute, Constant, Function');
  });
});

describe('what an import changes', () => {
  it('lists attribute mappings added, removed and changed, and scope/enabled changes', () => {
    const before = schema();
    const after = schema();
    const users = after.synchronizationRules[0]!.objectMappings[0]!;
    users.attributeMappings[0]!.source = { expression: 'Join(" ", [givenName], [sn])', name: 'Join', type: 'Function', parameters: [] };
    users.attributeMappings.splice(1, 1);
    users.attributeMappings.push({ ...users.attributeMappings[0]!, targetAttributeName: 'department', source: { expression: null, name: 'department', type: 'Attribute', parameters: [] } });
    users.scope = { inputFilterGroups: [{ name: 'x', clauses: [{ operatorName: 'DN_IN_OU', sourceOperandName: 'distinguishedName', targetOperand: { values: ['OU=A,DC=c,DC=com'] } }] }], categoryFilterGroups: [], groups: [] };
    after.synchronizationRules[0]!.objectMappings[1]!.enabled = false;
    const changes = diffSchemas(before, after).map((c) => `${c.kind} ${c.what}${c.detail ? `: ${c.detail}` : ''}`);
    expect(changes).toEqual([
      'changed object mapping "Provision Active Directory users": scope filter',
      'removed "Provision Active Directory users": mailNickname: Coalesce([mailNickname], [sAMAccountName])',
      'changed "Provision Active Directory users": displayName: [displayName] → Join(" ", [givenName], [sn])',
      'added "Provision Active Directory users": department: [department]',
      'changed object mapping "Provision Active Directory groups": disabled',
    ]);
  });

  it('an unchanged schema has no changes', () => {
    expect(diffSchemas(schema(), JSON.parse(schemaToFile(schema())))).toEqual([]);
  });
});

describe('JSON error positions on every Node version', () => {
  it.each([
    ['{\n  "a": [,]\n}', 2, 9],
    ['{"a": 1,}', 1, 9],
    ['{"a" 1}', 1, 6],
    ['[1, 2', 1, 6],
    ['{"a": tru}', 1, 10],
    ['{"a": "x\\q"}', 1, 10],
    ['{}\n{}', 2, 1],
  ])('%j fails at line %d, column %d', (text, line, column) => {
    expect(() => parseJsonText(text, 'f.json')).toThrow(`f.json: not valid JSON at line ${line}, column ${column}`);
  });

  it('valid JSON has no error position', async () => {
    const { jsonErrorPosition } = await import('../../src/util/json-position.js');
    expect(jsonErrorPosition(schemaToFile(schema()))).toBeUndefined();
    expect(jsonErrorPosition('{"a":[1,-2.5e3,true,null,"\\u00e9"]}')).toBeUndefined();
  });
});
