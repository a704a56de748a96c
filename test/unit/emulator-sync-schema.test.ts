import { describe, expect, it } from 'vitest';
import { newJob } from '../../src/emulator/sync-service/defaults.js';
import { checkOnDemandRequest } from '../../src/emulator/sync-service/on-demand-request.js';
import { checkSchema } from '../../src/emulator/sync-service/schema-check.js';
import { jobMapping, jobScope } from '../../src/emulator/sync-service/pipeline.js';
import { GraphError } from '../../src/emulator/graph/errors.js';

const fresh = () => newJob('AD2AADProvisioning', 'contoso.com', { ous: ['OU=Staff,DC=contoso,DC=com'], groups: ['CN=Pilot,OU=Groups,DC=contoso,DC=com'] });

function error400(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(GraphError);
    expect((e as GraphError).status).toBe(400);
    return (e as GraphError).message;
  }
  throw new Error('expected a 400');
}

describe('the default schema', () => {
  it('has one rule with user, inetOrgPerson, group and contact mappings carrying the scope', () => {
    const job = fresh();
    const rule = job.schema.synchronizationRules[0]!;
    expect(rule.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(rule.objectMappings.map((m) => m.sourceObjectName)).toEqual(['user', 'inetOrgPerson', 'group', 'contact']);
    const clauses = rule.objectMappings[0]!.scope!.inputFilterGroups[0]!.clauses;
    expect(clauses).toEqual([
      { operatorName: 'DN_IN_OU', sourceOperandName: 'distinguishedName', targetOperand: { values: ['OU=Staff,DC=contoso,DC=com'] } },
      { operatorName: 'IS_MEMBER_OF', sourceOperandName: 'memberOf', targetOperand: { values: ['CN=Pilot,OU=Groups,DC=contoso,DC=com'] } },
    ]);
    expect(jobScope(job)).toEqual({ ous: ['OU=Staff,DC=contoso,DC=com'], groups: ['CN=Pilot,OU=Groups,DC=contoso,DC=com'] });
    const upn = rule.objectMappings[0]!.attributeMappings.find((a) => a.targetAttributeName === 'userPrincipalName');
    expect(upn?.source).toMatchObject({ type: 'Attribute', name: 'userPrincipalName' });
  });

  it('drives the mapping the cycles run: an edited expression is used, a removed target is gone', () => {
    const job = fresh();
    const user = job.schema.synchronizationRules[0]!.objectMappings[0]!;
    user.attributeMappings = user.attributeMappings.filter((a) => a.targetAttributeName !== 'department');
    user.attributeMappings.find((a) => a.targetAttributeName === 'jobTitle')!.source = { type: 'Function', expression: 'ToUpper([title])', name: 'ToUpper', parameters: [] };
    const m = jobMapping(job);
    expect(m.user.entries.some((e) => e.target === 'department')).toBe(false);
    expect(m.user.entries.find((e) => e.target === 'jobTitle')?.expression).toBe('ToUpper([title])');
  });
});

describe('PUT schema validation', () => {
  it('accepts the schema it returns', () => {
    const job = fresh();
    const back = checkSchema(JSON.parse(JSON.stringify(job.schema)), job.schema);
    expect(back.synchronizationRules[0]!.id).toBe(job.schema.synchronizationRules[0]!.id);
  });

  it.each([
    [undefined, /must be a synchronizationSchema object/],
    [{}, /'synchronizationRules' is required/],
    [{ synchronizationRules: [] }, /synchronizationRules/],
    [{ synchronizationRules: [{ id: 'r', objectMappings: [{ sourceObjectName: 'user', attributeMappings: [] }] }] }, /'synchronizationRules\[0\]\.objectMappings\[0\]\.targetObjectName' is required/],
    [{ synchronizationRules: [{ id: 'r', objectMappings: [{ sourceObjectName: 'user', targetObjectName: 'User', attributeMappings: [], scope: { inputFilterGroups: [{ clauses: [{ operatorName: 'LOOKS_LIKE', sourceOperandName: 'x' }] }] } }] }] }, /'LOOKS_LIKE' is not a valid filter operator/],
    [{ synchronizationRules: [{ id: 'r', objectMappings: [{ sourceObjectName: 'user', targetObjectName: 'User', attributeMappings: [{ targetAttributeName: 'displayName', source: { type: 'Function', expression: 'Join(", "' } }] }] }] }, /mapping for displayName/],
    [{ synchronizationRules: [{ id: 'r', objectMappings: [{ sourceObjectName: 'user', targetObjectName: 'User', attributeMappings: [{ targetAttributeName: 'displayName', source: { type: 'Formula' } }] }] }] }, /source\.type/],
  ])('refuses %j', (body, message) => {
    expect(error400(() => checkSchema(body, fresh().schema))).toMatch(message);
  });
});

describe('provisionOnDemand request validation', () => {
  const job = fresh();
  const ruleId = job.schema.synchronizationRules[0]!.id;
  const req = (subject: Record<string, unknown>, rule = ruleId) => ({ parameters: [{ ruleId: rule, subjects: [subject] }] });

  it('accepts a user DN and a group with up to 5 members', () => {
    expect(checkOnDemandRequest(req({ objectId: 'CN=Adele Vance,OU=Staff,DC=contoso,DC=com', objectTypeName: 'user' }), job.schema)).toEqual({ objectId: 'CN=Adele Vance,OU=Staff,DC=contoso,DC=com', objectTypeName: 'user' });
    const members = Array.from({ length: 5 }, (_, i) => ({ objectId: `CN=U${i},OU=Staff,DC=contoso,DC=com`, objectTypeName: 'User' }));
    expect(checkOnDemandRequest(req({ objectId: 'CN=G,OU=Staff,DC=contoso,DC=com', objectTypeName: 'Group', links: { members } }), job.schema).links?.members).toHaveLength(5);
  });

  it.each([
    [{}, /'parameters'/],
    [{ parameters: [{ ruleId: 'other', subjects: [{ objectId: 'CN=A,DC=contoso,DC=com', objectTypeName: 'user' }] }] }, /ruleId 'other' does not match/],
    [{ parameters: [{ ruleId, subjects: [] }] }, /must contain one subject/],
    [{ parameters: [{ ruleId, subjects: [{ objectId: 'adelev@contoso.com', objectTypeName: 'user' }] }] }, /not a valid distinguished name/],
    [{ parameters: [{ ruleId, subjects: [{ objectId: 'CN=A,DC=contoso,DC=com', objectTypeName: 'contact' }] }] }, /objectTypeName 'contact' is not supported/],
    [{ parameters: [{ ruleId, subjects: [{ objectId: 'CN=A,DC=contoso,DC=com', objectTypeName: 'user', links: { members: [] } }] }] }, /Only a group subject/],
    [
      { parameters: [{ ruleId, subjects: [{ objectId: 'CN=G,DC=contoso,DC=com', objectTypeName: 'group', links: { members: Array.from({ length: 6 }, (_, i) => ({ objectId: `CN=U${i},DC=contoso,DC=com`, objectTypeName: 'User' })) } }] }] },
      /at most 5 members; the request names 6/,
    ],
  ])('refuses %j', (body, message) => {
    expect(error400(() => checkOnDemandRequest(body, job.schema))).toMatch(message);
  });
});
