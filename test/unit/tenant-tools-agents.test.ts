import { describe, expect, it } from 'vitest';
import { AGENT_GROUPS_PATH, AGENTS_PATH, agentsOverview, joinAgents } from '../../src/tenant/agents.js';
import type { OnPremisesAgent, OnPremisesAgentGroup } from '../../src/directory/entra/synchronization-types.js';

const agent = (id: string, machineName: string, status: 'active' | 'inactive', groups: Array<{ id: string; displayName: string }> = []): OnPremisesAgent => ({
  id, machineName, externalIp: `203.0.113.${id.length}`, status, supportedPublishingTypes: ['provisioning'], agentGroups: groups,
});
const group = (id: string, displayName: string, domains: string[], agents: OnPremisesAgent[] = []): OnPremisesAgentGroup => ({
  id, displayName, agents, publishedResources: domains.map((d, i) => ({ id: `${id}-r${i}`, displayName: d, publishingType: 'provisioning', resourceName: d })),
});

describe('joinAgents', () => {
  it('joins agents to their groups and domains and counts active agents per domain', () => {
    const gA = { id: 'gA', displayName: 'Group A' };
    const gB = { id: 'gB', displayName: 'Group B' };
    const a1 = agent('a1', 'DC1', 'active', [gA]);
    const a2 = agent('a2', 'DC2', 'active', [gA, gB]);
    const a3 = agent('a3', 'DC3', 'inactive', [gB]);
    const r = joinAgents({ agents: [a3, a1, a2], groups: [group('gA', 'Group A', ['Contoso.com']), group('gB', 'Group B', ['fabrikam.com'])] });
    expect(r.agents.map((a) => [a.machineName, a.domains])).toEqual([
      ['DC1', ['contoso.com']],
      ['DC2', ['contoso.com', 'fabrikam.com']],
      ['DC3', ['fabrikam.com']],
    ]);
    expect(r.domains).toEqual([
      { domain: 'contoso.com', agentGroups: ['Group A'], agents: 2, activeAgents: 2 },
      { domain: 'fabrikam.com', agentGroups: ['Group B'], agents: 2, activeAgents: 1 },
    ]);
    expect(r.warnings.map((w) => [w.code, w.domain ?? w.agentId])).toEqual([
      ['few-active-agents', 'fabrikam.com'],
      ['inactive-agent', 'a3'],
    ]);
    expect(r.warnings[0]!.message).toMatch(/at least three agents; with one, sync stops when its server does/);
    expect(r.warnings[1]!.message).toMatch(/uninstall .*agent on it/);
    expect(r.warnings[1]!.message).toContain('DC3');
  });

  it('takes membership from the groups call when the agent lists no groups', () => {
    const a1 = agent('a1', 'DC1', 'active');
    const r = joinAgents({ agents: [a1], groups: [group('g', 'Default group', ['corp.example.com'], [a1])] });
    expect(r.agents[0]!.agentGroups).toEqual([{ id: 'g', displayName: 'Default group' }]);
    expect(r.agents[0]!.domains).toEqual(['corp.example.com']);
    expect(r.domains[0]!.activeAgents).toBe(1);
  });

  it('warns about a domain without any active agent, and an agent that serves no domain', () => {
    const r = joinAgents({ agents: [agent('a1', 'DC1', 'inactive', [{ id: 'g', displayName: 'G' }]), agent('a2', 'SPARE', 'active')], groups: [group('g', 'G', ['corp.example.com'])] });
    const codes = r.warnings.map((w) => w.code);
    expect(codes).toContain('no-active-agent');
    expect(codes).toContain('agent-without-domain');
    expect(codes).not.toContain('few-active-agents');
  });

  it('no agent at all is a warning; two active agents per domain are not', () => {
    expect(joinAgents({ agents: [], groups: [] }).warnings.map((w) => w.code)).toEqual(['no-agents']);
    const g = { id: 'g', displayName: 'G' };
    const ok = joinAgents({ agents: [agent('a1', 'DC1', 'active', [g]), agent('a2', 'DC2', 'active', [g])], groups: [group('g', 'G', ['corp.example.com'])] });
    expect(ok.warnings).toEqual([]);
  });

  it('shows a version only when Graph gives one', () => {
    const withVersion = { ...agent('a1', 'DC1', 'active'), version: '1.1.1586.0' } as OnPremisesAgent;
    const r = joinAgents({ agents: [withVersion, agent('a2', 'DC2', 'active')], groups: [] });
    expect(r.agents.map((a) => a.version)).toEqual(['1.1.1586.0', null]);
  });
});

describe('agentsOverview', () => {
  it('makes one call for agents and one for agent groups, each with its $expand', async () => {
    const asked: string[] = [];
    const graph = {
      request: () => Promise.reject(new Error('not used')),
      pages: async function* <T>(path: string): AsyncGenerator<T> {
        asked.push(path);
        if (path === AGENTS_PATH) yield agent('a1', 'DC1', 'active', [{ id: 'g', displayName: 'G' }]) as T;
        if (path === AGENT_GROUPS_PATH) yield group('g', 'G', ['corp.example.com']) as T;
      },
    };
    const r = await agentsOverview(graph as never);
    expect(asked.sort()).toEqual([AGENT_GROUPS_PATH, AGENTS_PATH].sort());
    expect(AGENTS_PATH).toContain('$expand=agentGroups');
    expect(AGENT_GROUPS_PATH).toContain('$expand=agents,publishedResources');
    expect(r.domains).toEqual([{ domain: 'corp.example.com', agentGroups: ['G'], agents: 1, activeAgents: 1 }]);
  });
});

// microsoft-graph-docs-contrib api-reference/beta/api/onpremisesagent-list.md: "Application: Not supported".
describe('an application token refused by the agents API', () => {
  it('says the API is for delegated sign-in and how to sign in so; a delegated refusal is left as Graph said', async () => {
    const { GraphError } = await import('../../src/directory/entra/graph-error.js');
    const refused = new GraphError('permission', 'the app lacks the permission for GET /onPremisesPublishingProfiles/provisioning/agents', { status: 403, code: 'Authorization_RequestDenied' });
    const pages = (): AsyncIterable<never> => ({ [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(refused) }) });
    const graph = { pages, request: () => Promise.reject(refused) } as never;
    await expect(agentsOverview(graph, { application: true })).rejects.toThrow(/delegated sign-in only \(application permissions: not supported\): sign in as an administrator with device code \(CLOUDSYNC_AUTH_METHOD=device-code\).*the app lacks the permission/);
    await expect(agentsOverview(graph, { application: false })).rejects.toBe(refused);
  });
});
