import { describe, expect, it } from 'vitest';
import type { Context } from '../../context.js';
import { jobControlOptions } from './control/options.js';
import { jobOptions } from './options.js';
import { provisionOptions } from './provision/options.js';
import { jobSchemaOptions } from './schema/options.js';
import { jobScopeOptions } from './scope/options.js';
import { jobSettingsOptions } from './settings/options.js';
import { jobThresholdOptions } from './threshold/options.js';

const ctx = (env: NodeJS.ProcessEnv = {}): Context => ({ config: {}, io: { env, cwd: '/' } }) as unknown as Context;
const G = 'CN=G,OU=Groups,DC=contoso,DC=com';
const members = (n: number): string[] => Array.from({ length: n }, (_, i) => `CN=U${i},DC=contoso,DC=com`);

describe('job options', () => {
  it('the shared flags: the job as given, no --yes by default, the sign-in flags passed on', async () => {
    expect(await jobOptions(ctx(), { job: 'contoso.com', tenantId: 't' })).toEqual({ job: 'contoso.com', yes: false, tenantId: 't' });
  });

  it('restart: --reset repeatable or comma-separated, Graph names too, full by default; start and pause have none', async () => {
    const o = await jobControlOptions(ctx(), { reset: ['watermark,Escrows', 'quarantine'] }, 'restart');
    expect(o.reset).toEqual({ scopes: ['Watermark', 'Escrows', 'QuarantineState'], resetScope: 'Watermark,Escrows,QuarantineState', destructive: true });
    expect((await jobControlOptions(ctx(), {}, 'restart')).reset).toMatchObject({ resetScope: 'Full', destructive: true });
    expect((await jobControlOptions(ctx(), { reset: ['escrows'] }, 'restart')).reset?.destructive).toBe(false);
    expect((await jobControlOptions(ctx(), {}, 'start')).reset).toBeUndefined();
    await expect(jobControlOptions(ctx(), { reset: ['watermark,everything'] }, 'restart')).rejects.toThrow(/^unknown --reset value "everything": use watermark, /);
  });

  it('threshold: a whole number of deletes (which turns it on), on or off; anything else names every form', async () => {
    expect((await jobThresholdOptions(ctx(), {}, '3')).threshold).toEqual({ DeleteThresholdEnabled: true, DeleteThresholdValue: 3 });
    expect((await jobThresholdOptions(ctx(), {}, 'OFF')).threshold).toEqual({ DeleteThresholdEnabled: false });
    expect((await jobThresholdOptions(ctx(), { yes: true }, 'on'))).toMatchObject({ yes: true, threshold: { DeleteThresholdEnabled: true } });
    for (const bad of ['abc', '0', '1.5', '-2']) {
      await expect(jobThresholdOptions(ctx(), {}, bad)).rejects.toThrow(`the delete threshold must be a whole number of objects (1 or more), on or off; got "${bad}"`);
    }
  });

  it('settings: --set only for the settings Graph lets cloud sync change, values checked', async () => {
    expect((await jobSettingsOptions(ctx(), {})).change).toBeUndefined();
    expect((await jobSettingsOptions(ctx(), { set: ['Enabled=yes', 'recipients=ops@contoso.com', 'DeleteThresholdValue=7'] })).change).toEqual({
      Enabled: true,
      Recipients: 'ops@contoso.com',
      DeleteThresholdValue: 7,
    });
    await expect(jobSettingsOptions(ctx(), { set: ['Enabled'] })).rejects.toThrow('--set expects Name=Value, got "Enabled"');
    await expect(jobSettingsOptions(ctx(), { set: ['QuarantineTooManyDeletesThreshold=3'] })).rejects.toThrow(/^"QuarantineTooManyDeletesThreshold" cannot be changed through Graph/);
    await expect(jobSettingsOptions(ctx(), { set: ['Enabled=maybe'] })).rejects.toThrow('Enabled takes true or false, not "maybe"');
  });

  it('schema: --out or --import, not both; scope: an object type in any case, all by default', async () => {
    expect(await jobSchemaOptions(ctx(), { import: 'a.json' })).toMatchObject({ import: 'a.json' });
    await expect(jobSchemaOptions(ctx(), { out: 'a.json', import: 'b.json' })).rejects.toThrow('--out and --import cannot be used together');
    expect((await jobScopeOptions(ctx(), {})).objectType).toBe('all');
    expect((await jobScopeOptions(ctx(), { objectType: 'INETORGPERSON' })).objectType).toBe('inetOrgPerson');
    await expect(jobScopeOptions(ctx(), { objectType: 'printer' })).rejects.toThrow('unknown --object-type "printer": use user, group, contact, inetOrgPerson, all');
  });

  it('provision: DNs parse, members go with one group (at most 5), --type is user or group, in that order', async () => {
    const o = await provisionOptions(ctx(), { member: members(2), type: ' Group ' }, [G]);
    expect(o).toMatchObject({ dns: [G], member: members(2), type: 'group', adConfigured: false });
    expect((await provisionOptions(ctx({ CLOUDSYNC_LDAP_URL: 'ldaps://dc' }), {}, [G])).adConfigured).toBe(true);
    expect((await provisionOptions(ctx(), { from: 'ad.ldif' }, [G])).member).toEqual([]);
    await expect(provisionOptions(ctx(), { type: 'printer' }, ['not a dn'])).rejects.toThrow(/^invalid DN "not a dn"/);
    await expect(provisionOptions(ctx(), { member: members(1) }, [G, G])).rejects.toThrow('--member goes with one group: give a single group DN');
    await expect(provisionOptions(ctx(), { member: members(6) }, [G])).rejects.toThrow('a group can be provisioned on demand with at most 5 members (6 given)');
    await expect(provisionOptions(ctx(), { type: 'printer' }, [G])).rejects.toThrow('unknown --type "printer": use user or group');
  });
});
