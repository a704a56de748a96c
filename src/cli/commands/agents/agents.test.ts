/**
 * `cloudsync agents` against the emulator, the CLI in process: the default emulator (one
 * active agent, one inactive for hours) gives both warnings and exit 4; a healthy domain none;
 * a tenant without agents says so; an app without the permission is told which one to grant.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../../../../test/support/emulator.js';
import { runMain } from '../../../../test/support/run-main.js';

/** `cloudsync agents -o json`: the fields these tests read. */
interface AgentsReport {
  agents: Array<{ id: string; machineName: string; externalIp: string; status: string; agentGroups: unknown[]; domains: string[] }>;
  domains: Array<{ domain: string; agentGroups: string[]; agents: number; activeAgents: number }>;
  warnings: Array<{ code: string; message: string; domain?: string; agentId?: string }>;
}

const READER_ID = '41111111-2222-4333-8444-555555555555';

describe('cloudsync agents (emulator)', () => {
  let emu: TestEmulator | undefined;
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });
  const agents = (format: string, env: Record<string, string> = {}) => runMain(['agents', '-o', format], { env: { ...emu!.env, ...env } });

  it('default emulator: the inactive agent and the domain with one active agent are warned about; exit 4', async () => {
    emu = await startTestEmulator({ domains: ['corp.example.com'] });
    const r = await agents('json');
    expect(r.code, r.stderr).toBe(4);
    const report = JSON.parse(r.stdout) as AgentsReport;
    expect(report.agents.map((a) => a.status).sort()).toEqual(['active', 'inactive']);
    for (const a of report.agents) {
      expect(a.domains).toEqual(['corp.example.com']);
      expect(a.machineName).not.toBe('');
      expect(a.externalIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      expect(a.agentGroups).toHaveLength(1);
    }
    expect(report.domains).toEqual([{ domain: 'corp.example.com', agentGroups: [expect.any(String)], agents: 2, activeAgents: 1 }]);
    expect(report.warnings.map((w) => w.code).sort()).toEqual(['few-active-agents', 'inactive-agent']);
    const inactive = report.agents.find((a) => a.status === 'inactive')!;
    expect(report.warnings.find((w) => w.code === 'inactive-agent')!.agentId).toBe(inactive.id);
    expect(r.stderr).toBe(''); // JSON mode: warnings are in the document

    const t = await agents('table');
    expect(t.code).toBe(4);
    expect(t.stdout).toContain(inactive.machineName);
    expect(t.stderr).toMatch(/warning: corp\.example\.com has 1 active agent: Microsoft recommends at least three agents; with one, sync stops when its server does/);
    expect(t.stderr).toMatch(new RegExp(`warning: agent on ${inactive.machineName.replace(/\./g, '\\.')} .*is inactive.*uninstall`));
  });

  it('two domains: the one with two active agents is fine, the one whose only agent is inactive has no active agent', async () => {
    emu = await startTestEmulator({
      seed: {
        cloudSync: {
          configurations: [{ domain: 'corp.example.com' }, { domain: 'branch.example.com' }],
          agents: [
            { machineName: 'DC-A1', domains: ['corp.example.com'] },
            { machineName: 'DC-A2', domains: ['corp.example.com'] },
            { machineName: 'DC-B1', status: 'inactive', lastContactMinutesAgo: 120, domains: ['branch.example.com'] },
          ],
        },
      },
    } as never);
    const r = await agents('json');
    expect(r.code, r.stderr).toBe(4);
    const report = JSON.parse(r.stdout) as AgentsReport;
    expect(report.domains.map((d) => [d.domain, d.agents, d.activeAgents])).toEqual([
      ['branch.example.com', 1, 0],
      ['corp.example.com', 2, 2],
    ]);
    expect(report.warnings.map((w) => [w.code, w.domain ?? report.agents.find((a) => a.id === w.agentId)?.machineName])).toEqual([
      ['no-active-agent', 'branch.example.com'],
      ['inactive-agent', 'DC-B1'],
    ]);
  });

  it('healthy: two active agents for the only domain, exit 0 and no warning', async () => {
    emu = await startTestEmulator({
      seed: { cloudSync: { configurations: [{ domain: 'corp.example.com' }], agents: [{ machineName: 'DC1' }, { machineName: 'DC2' }] } },
    } as never);
    const r = await agents('table');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/DC1[\s\S]*DC2/);
  });

  it('no agent at all is a warning; an app without the permission is told which one to grant (exit 3)', async () => {
    emu = await startTestEmulator({
      seed: {
        cloudSync: { configurations: [{ domain: 'corp.example.com' }], agents: [] },
        apps: [{ clientId: READER_ID, displayName: 'reader', roles: ['Directory.Read.All'], secrets: ['reader-Secret-1'] }],
      },
    } as never);
    const r = await agents('json');
    expect(r.code, r.stderr).toBe(4);
    expect((JSON.parse(r.stdout) as AgentsReport).warnings.map((w) => w.code)).toEqual(['no-agents']);

    const denied = await agents('table', { AZURE_CLIENT_ID: READER_ID, AZURE_CLIENT_SECRET: 'reader-Secret-1' });
    expect(denied.code).toBe(3);
    expect(denied.stderr).toMatch(/the app lacks the permission for GET \/onPremisesPublishingProfiles\/provisioning\/.*OnPremisesPublishingProfiles\.ReadWrite\.All/);
    expect(denied.stdout).toBe('');
  });
});
