import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../../doctor/types.js';
import { makePaint } from '../../output/paint.js';
import { checkLine, renderDoctor } from './render.js';

describe('doctor rendering', async () => {
  const paint = await makePaint(false);
  const checks: CheckResult[] = [
    { target: 'ad', check: 'bind', status: 'pass', detail: 'bound as svc@corp.example' },
    { target: 'entra', check: 'token', status: 'fail', detail: 'invalid client secret', fix: 'set AZURE_CLIENT_SECRET' },
  ];

  it('prints each check as a line with its fix, then the counts', () => {
    expect(checks.map((c) => checkLine(c, paint)).join('')).toBe(
      'pass  ad  bind: bound as svc@corp.example\nFAIL  entra  token: invalid client secret\n      → set AZURE_CLIENT_SECRET\n',
    );
    expect(renderDoctor(checks, { format: 'table', paint })).toBe('\n1 passed, 0 warnings, 1 failed, 0 skipped\n');
  });

  it('gives scripts the report, the checks one per line, or CSV', () => {
    expect(JSON.parse(renderDoctor(checks, { format: 'json', paint }))).toEqual({ ok: false, counts: { pass: 1, warn: 0, fail: 1, skip: 0 }, checks });
    expect(renderDoctor(checks, { format: 'ndjson', paint }).trim().split('\n').map((l) => JSON.parse(l))).toEqual(checks);
    expect(renderDoctor(checks, { format: 'csv', paint })).toBe(
      'TARGET,CHECK,STATUS,DETAIL,FIX\r\nad,bind,pass,bound as svc@corp.example,\r\nentra,token,fail,invalid client secret,set AZURE_CLIENT_SECRET\r\n',
    );
  });
});
