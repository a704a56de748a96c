import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { objectTypeFromClasses, parseProvisionAnswer, pickRule, provisionFailed, provisionRequest } from '../../src/cloud-sync/provision.js';
import { RateLimiter, type Clock } from '../../src/cloud-sync/rate-limit.js';
import { renderProvisionResult } from '../../src/cli/commands/job/provision/render.js';
import { makePaint } from '../../src/cli/output/paint.js';
import { schema } from '../fixtures/job-fixtures.js';

const answer = JSON.parse(readFileSync(new URL('../fixtures/job-provision-answer.json', import.meta.url), 'utf8'));

describe("provisionOnDemand's double-encoded answer", () => {
  it('parses key and value once more into one object', () => {
    const r = parseProvisionAnswer(answer);
    expect(r.result).toBe('Success');
    expect(r.action).toBe('Create');
    expect(r.provisioningSteps.map((s) => s.type)).toEqual(['Import', 'Scoping', 'Matching', 'Export']);
    expect(r.provisioningSteps[0]!.details['mS-DS-ConsistencyGuid']).toBe('U2pqDEuecU6bBlo7K257EQ==');
    expect(r.modifiedProperties).toContainEqual({ displayName: 'userPrincipalName', oldValue: null, newValue: 'adele@contoso.com' });
    expect(provisionFailed(r)).toBe(false);
  });

  it('a collection-wrapped answer works too; broken strings are a clear runtime error', () => {
    expect(parseProvisionAnswer({ value: [answer] }).result).toBe('Success');
    expect(() => parseProvisionAnswer({ key: '{"result":', value: answer.value })).toThrow(/the key is not a JSON object/);
    expect(() => parseProvisionAnswer({ key: answer.key } as never)).toThrow(/no value string/);
  });

  it('a failing step or result counts as failed', () => {
    const v = JSON.parse(answer.value);
    v.provisioningSteps[3].status = 'Failure';
    expect(provisionFailed(parseProvisionAnswer({ key: answer.key, value: JSON.stringify(v) }))).toBe(true);
    expect(provisionFailed(parseProvisionAnswer({ key: '{"result":"Failure","details":{}}', value: answer.value }))).toBe(true);
  });

  it('renders in numbered steps titled like the portal', async () => {
    const text = renderProvisionResult(parseProvisionAnswer(answer), { dn: 'CN=Adele Vance,OU=Sales,DC=contoso,DC=com', objectType: 'user', rule: 'r', paint: await makePaint(false) });
    const titles = text.split('\n').filter((l) => /^\d\. /.test(l));
    expect(titles.map((t) => t.replace(/\s+Success.*$/, ''))).toEqual(['1. Import user', '2. Determine if user is in scope', '3. Match user between source and target', '4. Perform action']);
    expect(text).toContain('adele@contoso.com');
    // Systems are objects (synchronization-synchronizationjob-provisionondemand.md): named, not [object Object].
    expect(text).toContain('Active Directory 0c6a6a53-9e4b-4e71-9b06-5a3b2b6e7b11 → Azure Active Directory 5b1e8a3c-1111-4222-8333-944455556666');
    expect(text).not.toContain('[object Object]');
  });
});

describe('the request', () => {
  it('takes the rule from Active Directory and builds Graph’s shape', () => {
    const rule = pickRule(schema());
    expect(rule.id).toBe('rule-ad');
    expect(provisionRequest(rule.id, 'CN=G,DC=c,DC=com', 'group', ['CN=A,DC=c,DC=com'])).toEqual({
      parameters: [{ ruleId: 'rule-ad', subjects: [{ objectId: 'CN=G,DC=c,DC=com', objectTypeName: 'group', links: { members: [{ objectId: 'CN=A,DC=c,DC=com', objectTypeName: 'User' }] } }] }],
    });
    expect(provisionRequest(rule.id, 'CN=U,DC=c,DC=com', 'user').parameters[0]!.subjects[0]).toEqual({ objectId: 'CN=U,DC=c,DC=com', objectTypeName: 'user' });
  });

  it('several AD rules are ambiguous unless --rule chooses', () => {
    const s = schema();
    s.synchronizationRules.push({ ...s.synchronizationRules[0]!, id: 'rule-2', name: 'Second' });
    expect(() => pickRule(s)).toThrow(/several rules from Active Directory: choose one with --rule \(rule-ad .*rule-2/);
    expect(pickRule(s, 'RULE-2').id).toBe('rule-2');
    const none = schema();
    none.synchronizationRules[0]!.sourceDirectoryName = 'Azure Active Directory';
    expect(() => pickRule(none)).toThrow(/no rule whose source is Active Directory/);
  });

  it('at most 5 members, and only for groups', () => {
    const six = Array.from({ length: 6 }, (_, i) => `CN=M${i},DC=c,DC=com`);
    expect(() => provisionRequest('r', 'CN=G,DC=c,DC=com', 'group', six)).toThrow(/at most 5 members \(6 given\)/);
    expect(() => provisionRequest('r', 'CN=U,DC=c,DC=com', 'user', six.slice(0, 1))).toThrow(/--member is for groups/);
  });

  it('object type from the object classes', () => {
    expect(objectTypeFromClasses(['top', 'person', 'organizationalPerson', 'user'], 'x')).toBe('user');
    expect(objectTypeFromClasses(['top', 'person', 'organizationalPerson', 'inetOrgPerson'], 'x')).toBe('user');
    expect(objectTypeFromClasses(['top', 'group'], 'x')).toBe('group');
    expect(() => objectTypeFromClasses(['top', 'computer'], 'CN=PC')).toThrow(/CN=PC is neither a user nor a group/);
  });
});

describe('the 5-per-10-s limiter', () => {
  it('lets 5 through at once and holds the 6th until the window has passed', async () => {
    let now = 0;
    const sleeps: number[] = [];
    const clock: Clock = { now: () => now, sleep: async (ms) => void (sleeps.push(ms), (now += ms)) };
    const limiter = new RateLimiter(5, 10_000, clock);
    const granted: number[] = [];
    for (let i = 0; i < 7; i++) {
      await limiter.acquire();
      granted.push(now);
      now += 100;
    }
    expect(granted.slice(0, 5)).toEqual([0, 100, 200, 300, 400]);
    // The 6th waits until the 1st call is 10 s old; by then the 2nd has aged out for the 7th.
    expect(granted[5]).toBeGreaterThanOrEqual(10_000);
    expect(granted[6]).toBeGreaterThanOrEqual(10_100);
    expect(sleeps).toHaveLength(1);
    // No window of 10 s ever holds more than 5 grants.
    for (const t of granted) expect(granted.filter((g) => g >= t && g < t + 10_000).length).toBeLessThanOrEqual(5);
  });
});
