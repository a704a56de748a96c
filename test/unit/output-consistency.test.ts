/**
 * The conventions the new commands (logs, job, agents, graph, info) share with the older ones:
 * sentence-case table headers, UPPER_SNAKE CSV headers, local times with the UTC offset said
 * once, `(none)` for an empty value, one quarantine explanation, `--limit 0` for all.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentsReport } from '../../src/tenant/agents.js';
import { explainQuarantine as jobQuarantine } from '../../src/cloud-sync/quarantine.js';
import { thresholdValue } from '../../src/cloud-sync/settings.js';
import { explainQuarantine as logsQuarantine } from '../../src/logs/cloud/explain.js';
import type { RunSummary } from '../../src/logs/runs/types.js';
import { limitOf } from '../../src/cli/commands/logs/cloud/options.js';
import { renderAgents } from '../../src/cli/commands/agents/render.js';
import { objectCsv, objectTable } from '../../src/cli/commands/graph/render.js';
import { renderInfo, type InfoView } from '../../src/cli/commands/info/render.js';
import { renderNotificationChange } from '../../src/cli/commands/job/settings/render.js';
import { renderRunList } from '../../src/cli/commands/logs/list/render.js';
import { renderShow } from '../../src/cli/commands/logs/show/render.js';
import { makePaint } from '../../src/cli/output/paint.js';
import { localTime, shortTime, utcOffset } from '../../src/cli/output/time.js';

const TZ = process.env.TZ;
afterEach(() => {
  if (TZ === undefined) delete process.env.TZ;
  else process.env.TZ = TZ;
});

const run: RunSummary = {
  runId: '20261101T020005Z-ab12',
  scopeKey: 'tenant-1234',
  path: '/tmp/x.ndjson',
  command: 'sync',
  tenant: 'contoso.com',
  scope: 'OU=Staff',
  mode: 'apply',
  read: 'full',
  start: '2026-11-01T02:00:05.000Z',
  end: '2026-11-01T02:00:09.000Z',
  durationMs: 4000,
  state: 'ended',
  outcome: 'success',
  exitCode: 0,
  actions: { create: 2, 'set-manager': 1 },
  results: { succeeded: 3 },
  size: 100,
} as unknown as RunSummary;

const firstLine = (table: string): string => table.split('\n').find((l) => /[A-Za-z]/.test(l)) ?? '';

describe('table and CSV headers', () => {
  it('logs: sentence-case table header with the UTC offset; CSV columns UPPER_SNAKE, no hyphens', async () => {
    const paint = await makePaint(false);
    const table = renderRunList([run], { format: 'table', paint });
    expect(firstLine(table)).toMatch(/Run\s.*Started \(UTC[+-]\d\d:\d\d\)\s.*Duration\s.*Outcome\s.*Exit/);
    expect(table).not.toMatch(/\bSTARTED\b|\bOUTCOME\b/);
    const header = renderRunList([run], { format: 'csv', paint }).split('\r\n')[0]!;
    expect(header).toContain('SET_MANAGER,REMOVE_MANAGER,ADD_MEMBER,REMOVE_MEMBER');
    expect(header).toContain('SUCCEEDED,FAILED,SKIPPED,NOT_RUN');
    expect(header).not.toContain('-');
    expect(header.split(',').every((h) => /^[A-Z_]+$/.test(h))).toBe(true);
  });

  it('logs show: sentence-case headers; the run header gives the start with its UTC offset', async () => {
    const paint = await makePaint(false);
    const rows = [{ op: 1, time: run.start, action: 'create', kind: 'user', upn: 'a@contoso.com', status: 'success', changes: [] }] as never;
    const out = renderShow(run, rows, [], { format: 'table', paint, ids: true });
    expect(out).toMatch(/Action\s.*Object \(DN \| UPN \| name\)\s.*Changes\s.*Status\s.*Error \/ note\s.*Anchor\s.*Cloud id/);
    expect(out.split('\n')[0]).toMatch(/started \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(UTC[+-]\d\d:\d\d\)/);
  });

  it('agents: sentence-case headers for agents and domains', async () => {
    const report = {
      agents: [{ id: 'a1', machineName: 'dc1', externalIp: '10.0.0.1', status: 'active', version: '1.1', agentGroups: [{ id: 'g', displayName: 'contoso.com' }], domains: ['contoso.com'] }],
      domains: [{ domain: 'contoso.com', agentGroups: ['contoso.com'], agents: 1, activeAgents: 1 }],
      warnings: [],
    } as unknown as AgentsReport;
    const out = renderAgents(report, { format: 'table', paint: await makePaint(false) });
    expect(out).toMatch(/Status\s.*Machine\s.*External IP\s.*Version\s.*Agent groups\s.*Domains\s.*Id/);
    expect(out).toMatch(/Domain\s.*Active agents\s.*Agents\s.*Agent groups/);
    expect(out).not.toMatch(/MACHINE|ACTIVE AGENTS/);
  });

  it('info: Property / Value table with the token expiry in local time; CSV PROPERTY,VALUE with ISO UTC', async () => {
    const view = {
      tenant: { id: 't', configured: 't', name: 'Contoso' },
      domains: [],
      app: { clientId: 'c', displayName: 'app' },
      auth: { method: 'client secret', authorityHost: 'https://login', graphEndpoint: 'https://graph' },
      token: { expiresOn: '2026-11-01T15:00:00.000Z', type: 'application', permissions: [] },
      commands: [{ command: 'sync', ok: true, missing: [] }],
      cloudsync: { version: '1', configFile: null, stateDir: '/s' },
    } as unknown as InfoView;
    const paint = await makePaint(false);
    const table = renderInfo(view, { format: 'table', paint });
    expect(table).toMatch(/Property\s.*Value/);
    expect(table).toMatch(/Command\s.*Permissions\s.*Missing \(grant one of each\)/);
    expect(table).toContain(`${localTime('2026-11-01T15:00:00.000Z')} (${utcOffset()})`);
    const csv = renderInfo(view, { format: 'csv', paint }).split('\r\n');
    expect(csv[0]).toBe('PROPERTY,VALUE');
    expect(csv).toContain('token expires,2026-11-01T15:00:00.000Z');
  });

  it('graph: one object drops @odata.* like the collection tables, in the table and in CSV', () => {
    const obj = { '@odata.context': 'https://graph/v1.0/$metadata#users/$entity', id: '1', displayName: 'A' };
    const table = objectTable(obj, { color: false });
    expect(table).toMatch(/Property\s.*Value/);
    expect(table).not.toContain('@odata.context');
    expect(table).toContain('displayName');
    expect(objectCsv(obj).split('\r\n').slice(0, 3)).toEqual(['PROPERTY,VALUE', 'id,1', 'displayName,A']);
  });
});

describe('time display', () => {
  it('local time to the second; the offset once, and on a time across a daylight-saving change', () => {
    process.env.TZ = 'Europe/Berlin';
    const winter = new Date('2026-11-25T12:00:00Z');
    expect(utcOffset(winter)).toBe('UTC+01:00');
    expect(localTime('2026-11-25T09:01:29.123Z', winter)).toBe('2026-11-25 10:01:29');
    // October 1st is summer time in Berlin: it says its own offset.
    expect(localTime('2026-10-01T09:01:29Z', winter)).toBe('2026-10-01 11:01:29 (UTC+02:00)');
    expect(shortTime('2026-11-25T09:01:29Z', winter)).toBe('10:01:29');
    expect(shortTime('2026-11-24T09:01:29Z', winter)).toBe('2026-11-24 10:01:29');
    process.env.TZ = 'America/St_Johns';
    expect(utcOffset(winter)).toBe('UTC-03:30');
  });
});

describe('wording', () => {
  it('a setting change shows an empty old value as (none)', () => {
    const before = { Enabled: false, Recipients: '', DeleteThresholdEnabled: true, DeleteThresholdValue: 500 };
    expect(renderNotificationChange({ before, after: { ...before, Recipients: 'ops@contoso.com' }, keysSent: [], warnings: [] })).toBe('Recipients: (none) → ops@contoso.com\n');
  });

  it('logs cloud explains a quarantine in the words of job status', () => {
    for (const reason of ['QuarantinedOnDemand', 'TooManyDeletes', 'EncounteredQuarantineException', 'NotAReason']) {
      const job = jobQuarantine(reason);
      expect(logsQuarantine(reason)).toEqual({ meaning: job.meaning, fix: job.actions.join('; ') });
    }
  });

  it('job threshold names every form it takes; logs cloud --limit 0 means all', () => {
    expect(() => thresholdValue('abc')).toThrow('the delete threshold must be a whole number of objects (1 or more), on or off; got "abc"');
    expect(limitOf('0')).toBeUndefined();
    expect(limitOf('25')).toBe(25);
    expect(() => limitOf('-1')).toThrow(/0 for all/);
    expect(() => limitOf('x')).toThrow(/0 for all/);
  });
});
