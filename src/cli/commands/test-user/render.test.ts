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
});
