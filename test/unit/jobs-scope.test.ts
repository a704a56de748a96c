import { describe, expect, it } from 'vitest';
import { describeClause, mappingScope, parseScopeObjectType, schemaScopes } from '../../src/cloud-sync/scope.js';
import type { FilterClause } from '../../src/directory/entra/synchronization-types.js';
import { schema } from '../fixtures/job-fixtures.js';

const clause = (operatorName: string, sourceOperandName: string, values: string[] = []): FilterClause => ({ operatorName, sourceOperandName, targetOperand: { values } });

describe('scope in words', () => {
  it('OU and group clauses read like the portal', () => {
    expect(describeClause(clause('DN_IN_OU', 'distinguishedName', ['OU=Sales,DC=contoso,DC=com']))).toBe('in OU=Sales,DC=contoso,DC=com');
    expect(describeClause(clause('IS_MEMBER_OF', 'memberOf', ['CN=Pilot,OU=Groups,DC=contoso,DC=com', 'CN=Wave2,DC=contoso,DC=com']))).toBe(
      'members of CN=Pilot,OU=Groups,DC=contoso,DC=com or CN=Wave2,DC=contoso,DC=com',
    );
  });

  it.each([
    [clause('EQUALS', 'department', ['Sales', 'HR', 'IT']), 'department is "Sales", "HR" or "IT"'],
    [clause('NOT_EQUALS', 'company', ['Contractors']), 'company is not "Contractors"'],
    [clause('IS_TRUE', 'isCriticalSystemObject'), 'isCriticalSystemObject is true'],
    [clause('IS_NULL', 'extensionAttribute1'), 'extensionAttribute1 is empty'],
    [clause('IS_NOT_NULL', 'mail'), 'mail is set'],
    [clause('REGEX_MATCH', 'userPrincipalName', ['.*@contoso\\.com$']), 'userPrincipalName matches /.*@contoso\\.com$/'],
    [clause('Greater_Than', 'employeeNumber', ['1000']), 'employeeNumber is greater than 1000'],
    [clause('SOME_NEW_OP', 'x', ['y']), 'x some new op "y"'],
  ])('%o → %s', (c, text) => {
    expect(describeClause(c)).toBe(text);
  });

  it('groups are ORed and clauses ANDed', () => {
    const s = schema();
    const users = s.synchronizationRules[0]!.objectMappings[0]!;
    users.scope = {
      inputFilterGroups: [
        { name: 'a', clauses: [clause('DN_IN_OU', 'distinguishedName', ['OU=Sales,DC=contoso,DC=com']), clause('IS_FALSE', 'isCriticalSystemObject')] },
        { name: 'b', clauses: [clause('IS_MEMBER_OF', 'memberOf', ['CN=Pilot,DC=contoso,DC=com'])] },
      ],
      categoryFilterGroups: [],
      groups: [],
    };
    expect(mappingScope(users).text).toBe('users in OU=Sales,DC=contoso,DC=com and isCriticalSystemObject is false, or members of CN=Pilot,DC=contoso,DC=com');
  });

  it('no filter means the whole domain; a disabled mapping says so', () => {
    const s = schema();
    expect(schemaScopes(s, 'group')[0]!.text).toBe('all groups of the domain');
    s.synchronizationRules[0]!.objectMappings[1]!.enabled = false;
    expect(schemaScopes(s, 'group')[0]!.text).toContain('not synchronised');
  });

  it('filters by object type; all gives every mapping', () => {
    expect(schemaScopes(schema(), 'user').map((x) => x.sourceObjectName)).toEqual(['user']);
    expect(schemaScopes(schema(), 'all')).toHaveLength(2);
    expect(schemaScopes(schema(), 'contact')).toHaveLength(0);
  });

  it('object types are checked', () => {
    expect(parseScopeObjectType('InetOrgPerson')).toBe('inetOrgPerson');
    expect(parseScopeObjectType(undefined)).toBe('all');
    expect(() => parseScopeObjectType('computer')).toThrow(/user, group, contact, inetOrgPerson, all/);
  });
});
