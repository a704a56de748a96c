import { describe, expect, it } from 'vitest';
import type { TestUserResult } from '../../../sync/explain/test-user.js';
import { makePaint } from '../../output/paint.js';
import { renderTestUserResult } from './render.js';

const result = {
  steps: {
    flow: [
      { target: 'displayName', expression: '[displayName]', sourceValues: {}, result: 'Ann', written: 'Ann', cloudValue: null, changed: true, applyOn: 'always' },
      { target: 'businessPhones', expression: '[telephoneNumber]', sourceValues: {}, result: ['1', '2'], cloudValue: ['1'], changed: false, applyOn: 'always', error: 'x' },
    ],
  },
} as unknown as TestUserResult;
const summary = { id: 'p1', provisioningAction: 'create' };

describe('test-user rendering', async () => {
  const paint = await makePaint(false);

  it('gives scripts the provisioningObjectSummary (pretty JSON, one NDJSON line) or the attribute flow as CSV', () => {
    expect(renderTestUserResult(result, undefined, summary, { format: 'json', paint })).toBe(JSON.stringify(summary, null, 2) + '\n');
    expect(renderTestUserResult(result, undefined, summary, { format: 'ndjson', paint })).toBe('{"id":"p1","provisioningAction":"create"}\n');
    expect(renderTestUserResult(result, undefined, summary, { format: 'csv', paint })).toBe(
      'TARGET,EXPRESSION,RESULT,WRITTEN,ENTRA,CHANGED,ERROR\r\ndisplayName,[displayName],Ann,Ann,(none),yes,\r\nbusinessPhones,[telephoneNumber],1; 2,,1,no,x\r\n',
    );
  });

  it('shows in the table only mapped values that are set or change; --all-attributes lists the rest', () => {
    const flowRow = (target: string, result: unknown, cloudValue: unknown, changed: boolean) => ({ target, expression: `[${target}]`, sourceValues: {}, result, cloudValue, changed, applyOn: 'always' });
    const full = {
      dn: 'CN=Ann,DC=x',
      warnings: [],
      steps: {
        import: { kind: 'user', anchor: 'A1', anchorSource: 'objectGUID', attributes: {} },
        scope: { inScope: true, rule: 'scope.all', reason: 'the whole directory' },
        validation: { findings: [] },
        match: undefined,
        flow: [flowRow('displayName', 'Ann', null, true), flowRow('department', null, null, false), flowRow('jobTitle', [], null, false), flowRow('city', 'Oslo', 'Oslo', false)],
        action: { action: 'create', reason: 'no match', operations: [] },
      },
    } as unknown as TestUserResult;
    const table = renderTestUserResult(full, undefined, summary, { format: 'table', paint });
    expect(table).toContain('displayName');
    expect(table).toContain('Oslo');
    expect(table).not.toContain('department');
    expect(table).not.toContain('jobTitle');
    expect(table).toContain('2 more mapped attributes without a value on either side and no change (--all-attributes to list them)\n');
    const all = renderTestUserResult(full, undefined, summary, { format: 'table', paint, allAttributes: true });
    expect(all).toContain('department');
    expect(all).toContain('jobTitle');
    expect(all).not.toContain('--all-attributes to list them');
    // Scripts always get the whole flow.
    expect(renderTestUserResult(full, undefined, summary, { format: 'csv', paint })).toContain('\r\ndepartment,[department],(none),,(none),no,\r\n');
  });
});

describe('test-user --output markdown', async () => {
  const paint = await makePaint(false);
  it('writes a heading with the DN, the attribute flow as a pipe table and the action line', () => {
    const r = { ...result, dn: 'CN=Ann|B,DC=x', steps: { ...result.steps, action: { action: 'create', reason: 'no match', operations: [] } } } as unknown as TestUserResult;
    expect(renderTestUserResult(r, undefined, summary, { format: 'markdown', paint })).toBe(
      [
        '## cloudsync test-user: CN=Ann\\|B,DC=x',
        '',
        '| Target | Result | In Entra | Changed |',
        '| --- | --- | --- | --- |',
        '| displayName | Ann | (none) | yes |',
        '| businessPhones | 1; 2 | 1 | error: x |',
        '',
        '**create:** no match',
        '',
      ].join('\n'),
    );
  });
});
