import { describe, expect, it } from 'vitest';
import { GraphError } from '../../src/directory/entra/graph-error.js';
import type { GraphReader } from '../../src/cloud-sync/discovery.js';
import { deleteThresholdOf, parseSettingAssignments, parseThreshold, planNotificationChange } from '../../src/cloud-sync/settings.js';
import { job, ref } from '../fixtures/job-fixtures.js';

function fakeGraph(secrets: Array<{ key: string; value: string }> | 'unreadable'): GraphReader & { sent: Array<[string, string, unknown]> } {
  const sent: Array<[string, string, unknown]> = [];
  return {
    sent,
    request: (async (method: string, path: string, body?: unknown) => {
      sent.push([method, path, body]);
      if (method === 'GET' && path.endsWith('/secrets')) {
        if (secrets === 'unreadable') throw new GraphError('not-found', 'no', { status: 404, code: 'NotFound' });
        return { value: secrets };
      }
      return undefined;
    }) as GraphReader['request'],
    pages: (() => {
      throw new Error('not used');
    }) as GraphReader['pages'],
  };
}

describe('accidental-delete settings', () => {
  it('threshold words', () => {
    expect(parseThreshold('off')).toEqual({ DeleteThresholdEnabled: false });
    expect(parseThreshold('250')).toEqual({ DeleteThresholdEnabled: true, DeleteThresholdValue: 250 });
    for (const bad of ['0', '-5', '1.5', 'lots']) expect(() => parseThreshold(bad)).toThrow(/whole number/);
  });

  it('--set takes only what Graph lets cloud sync change', () => {
    expect(parseSettingAssignments(['deletethresholdvalue=40', 'Enabled=yes', 'Recipients=ops@contoso.com'])).toEqual({ DeleteThresholdValue: 40, Enabled: true, Recipients: 'ops@contoso.com' });
    expect(() => parseSettingAssignments(['QuarantineTooManyDeletesThreshold=5'])).toThrow(/cannot be changed through Graph.*DeleteThresholdValue/);
    expect(() => parseSettingAssignments(['DeleteThresholdEnabled=maybe'])).toThrow(/true or false/);
    expect(() => parseSettingAssignments(['novalue'])).toThrow(/Name=Value/);
  });

  it('the threshold is read from the secret first, then the job settings, then the defaults', () => {
    expect(deleteThresholdOf({ Enabled: true, Recipients: '', DeleteThresholdEnabled: false, DeleteThresholdValue: 9 }, [])).toEqual({ enabled: false, value: 9, source: 'secrets' });
    expect(deleteThresholdOf(null, [{ name: 'DeleteThresholdValue', value: '40' }])).toEqual({ enabled: true, value: 40, source: 'job-settings' });
    expect(deleteThresholdOf(null, [])).toEqual({ enabled: true, value: 500, source: 'defaults' });
  });

  it('the PUT keeps every other secret and replaces only SyncNotificationSettings', async () => {
    const g = fakeGraph([
      { key: 'Domain', value: '{"domain":"contoso.com"}' },
      { key: 'AppKey', value: '{"appKeyScenario":"AD2AADPasswordHash"}' },
      { key: 'SyncNotificationSettings', value: '{"Enabled":true,"Recipients":"ops@contoso.com","DeleteThresholdEnabled":true,"DeleteThresholdValue":500}' },
      { key: 'Password', value: '*' },
    ]);
    const plan = await planNotificationChange(g, ref('contoso.com', job('AD2AADProvisioning', 'J')), { DeleteThresholdValue: 50 });
    expect(plan.before.DeleteThresholdValue).toBe(500);
    expect(plan.after).toEqual({ Enabled: true, Recipients: 'ops@contoso.com', DeleteThresholdEnabled: true, DeleteThresholdValue: 50 });
    expect(plan.keysSent).toEqual(['Domain', 'AppKey', 'SyncNotificationSettings']);
    expect(plan.warnings).toEqual(['Graph returned secret "Password" masked: not sent back']);
    expect(JSON.parse(plan.secrets.find((s) => s.key === 'SyncNotificationSettings')!.value)).toEqual(plan.after);
  });

  it('unreadable secrets: the Domain secret is rebuilt and the lost recipients are warned about', async () => {
    const g = fakeGraph('unreadable');
    const plan = await planNotificationChange(g, ref('contoso.com', job('AD2AADProvisioning', 'J')), { DeleteThresholdEnabled: false });
    expect(plan.secrets).toEqual([
      { key: 'Domain', value: '{"domain":"contoso.com"}' },
      { key: 'SyncNotificationSettings', value: JSON.stringify({ Enabled: false, Recipients: '', DeleteThresholdEnabled: false, DeleteThresholdValue: 500 }) },
    ]);
    expect(plan.warnings[0]).toContain('could not be read');
    expect(g.sent.every(([m]) => m === 'GET')).toBe(true); // planning never writes
  });
});
