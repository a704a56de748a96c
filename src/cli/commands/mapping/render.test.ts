import { describe, expect, it } from 'vitest';
import { makePaint } from '../../output/paint.js';
import { renderMappingTest, type MappedObject } from './render.js';

const m: MappedObject = {
  dn: 'CN=Ann,OU=Staff,DC=x',
  kind: 'user',
  anchor: 'QUE=',
  rows: [
    { target: 'displayName', expression: '[displayName]', value: 'Ann', applyOn: 'always' },
    { target: 'manager', expression: '[manager]', value: null, applyOn: 'always', reference: true },
    { target: 'department', expression: 'IgnoreFlowIfNullOrEmpty([department])', value: 'ignored', applyOn: 'create' },
    { target: 'jobTitle', expression: 'Left([title], x)', value: 'ignored', applyOn: 'always', error: 'Left: not a number' },
  ],
};

describe('mapping test rendering', async () => {
  const paint = await makePaint(false);

  it('heads the table with the object and marks create-only, reference, ignored and failed attributes', () => {
    const table = renderMappingTest(m, { format: 'table', paint });
    expect(table.startsWith('CN=Ann,OU=Staff,DC=x (user, source anchor QUE=)\n')).toBe(true);
    for (const text of ['manager (reference)', 'department (on create)', '(ignored: not written)', 'error: Left: not a number', '(none)']) expect(table).toContain(text);
  });

  it('gives scripts one document, one line per attribute, or CSV', () => {
    expect(JSON.parse(renderMappingTest({ ...m, problem: 'no UPN' }, { format: 'json', paint }))).toEqual({ dn: m.dn, kind: 'user', anchor: 'QUE=', problem: 'no UPN', attributes: m.rows });
    expect(renderMappingTest(m, { format: 'ndjson', paint }).split('\n')[0]).toBe('{"dn":"CN=Ann,OU=Staff,DC=x","kind":"user","target":"displayName","expression":"[displayName]","value":"Ann","applyOn":"always"}');
    expect(renderMappingTest(m, { format: 'csv', paint })).toBe(
      'TARGET,EXPRESSION,VALUE,APPLYON,ERROR\r\n' +
        'displayName,[displayName],Ann,always,\r\n' +
        'manager,[manager],(none),always,\r\n' +
        'department,IgnoreFlowIfNullOrEmpty([department]),ignored,create,\r\n' +
        'jobTitle,"Left([title], x)",ignored,always,Left: not a number\r\n',
    );
  });
});
