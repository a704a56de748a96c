/**
 * Microsoft's cloud sync provisioning agents: which agents the tenant knows, their state, the
 * agent groups they belong to and the AD domains those groups serve, with what needs attention
 * (a domain with a single active agent stops syncing when that one server does). Two Graph
 * calls on /beta, as the portal makes them: the agents with their groups, and the groups with
 * their agents and published resources (resourceName is the AD domain); joined here.
 */
import type { OnPremisesAgent, OnPremisesAgentGroup } from '../directory/entra/synchronization-types.js';
import type { GraphReader } from '../cloud-sync/discovery.js';
import { CloudsyncError, isCloudsyncError } from '../errors.js';

/**
 * Microsoft's agents API (beta onpremisesagent-list.md, onpremisesagentgroup-list.md) documents
 * delegated OnPremisesPublishingProfiles.ReadWrite.All only: "Application: Not supported".
 */
export const AGENTS_APP_UNSUPPORTED =
  "Microsoft documents the provisioning agents API for delegated sign-in only (application permissions: not supported): sign in as an administrator with device code (CLOUDSYNC_AUTH_METHOD=device-code) with delegated OnPremisesPublishingProfiles.ReadWrite.All";

export const AGENTS_PATH = '/beta/onPremisesPublishingProfiles/provisioning/agents?$expand=agentGroups';
export const AGENT_GROUPS_PATH = "/beta/onPremisesPublishingProfiles('provisioning')/agentGroups?$expand=agents,publishedResources";

/** Below this many active agents per domain cloudsync warns (Microsoft recommends three). */
export const MIN_ACTIVE_AGENTS = 2;

export interface AgentView {
  id: string;
  machineName: string;
  externalIp: string;
  status: string;
  /** The agent's version when Graph returns one (the documented resource has none). */
  version: string | null;
  agentGroups: Array<{ id: string; displayName: string }>;
  /** The AD domains its groups serve, sorted. */
  domains: string[];
}

export interface DomainView {
  domain: string;
  agentGroups: string[];
  agents: number;
  activeAgents: number;
}

export type AgentWarningCode = 'no-agents' | 'no-active-agent' | 'few-active-agents' | 'inactive-agent' | 'agent-without-domain';

export interface AgentWarning {
  code: AgentWarningCode;
  /** One line: what is wrong and what to do. */
  message: string;
  domain?: string;
  agentId?: string;
}

export interface AgentsReport {
  agents: AgentView[];
  domains: DomainView[];
  warnings: AgentWarning[];
}

export interface AgentsData {
  agents: OnPremisesAgent[];
  groups: OnPremisesAgentGroup[];
}

/**
 * The two Graph calls at once (each followed through its pages). When both fail (a missing
 * permission), the agents call's error is the one reported, whichever answered first.
 */
export async function readAgents(graph: GraphReader): Promise<AgentsData> {
  const [agents, groups] = await Promise.allSettled([collect(graph.pages<OnPremisesAgent>(AGENTS_PATH)), collect(graph.pages<OnPremisesAgentGroup>(AGENT_GROUPS_PATH))]);
  if (agents.status === 'rejected') throw agents.reason;
  if (groups.status === 'rejected') throw groups.reason;
  return { agents: agents.value, groups: groups.value };
}

/**
 * The agents, domains and warnings. With an application token (`application: true`) a refusal
 * (401/403) says that the API is for delegated sign-in and how to sign in so.
 */
export async function agentsOverview(graph: GraphReader, o: { application?: boolean } = {}): Promise<AgentsReport> {
  try {
    return joinAgents(await readAgents(graph));
  } catch (e) {
    const status = (e as { status?: unknown }).status;
    if (o.application === true && isCloudsyncError(e) && (status === 401 || status === 403)) {
      throw new CloudsyncError('permission', `${AGENTS_APP_UNSUPPORTED} (${e.message})`, { cause: e });
    }
    throw e;
  }
}

const REMOVE_HINT =
  "if that server is gone or retired, uninstall the Microsoft Entra provisioning agent on it (Programs and Features); an agent that no longer reports stays listed as inactive in the portal (Entra admin center > Entra Connect > Cloud sync > Agents) until Microsoft's service drops it";

/** Joins agents, groups and domains, and says what needs attention. Pure. */
export function joinAgents(data: AgentsData): AgentsReport {
  const groupsById = new Map<string, OnPremisesAgentGroup>();
  for (const g of data.groups) groupsById.set(g.id, g);

  // Membership both ways: an agent's expanded groups and a group's expanded agents.
  const agentsById = new Map<string, OnPremisesAgent>();
  const membership = new Map<string, Set<string>>(); // agent id -> group ids
  const member = (agentId: string, groupId: string): void => {
    let set = membership.get(agentId);
    if (set === undefined) membership.set(agentId, (set = new Set()));
    set.add(groupId);
  };
  for (const a of data.agents) {
    agentsById.set(a.id, a);
    for (const g of a.agentGroups ?? []) member(a.id, g.id);
  }
  for (const g of data.groups) {
    for (const a of g.agents ?? []) {
      if (!agentsById.has(a.id)) agentsById.set(a.id, a);
      member(a.id, g.id);
    }
  }

  const domainsOfGroup = (id: string): string[] =>
    (groupsById.get(id)?.publishedResources ?? []).map((r) => r.resourceName?.trim().toLowerCase()).filter((d): d is string => d !== undefined && d !== '');
  const groupName = (id: string, fallback?: string): string => groupsById.get(id)?.displayName ?? fallback ?? id;

  const agents: AgentView[] = [...agentsById.values()]
    .map((a) => {
      const refs = new Map<string, string | undefined>();
      for (const g of a.agentGroups ?? []) refs.set(g.id, g.displayName);
      for (const id of membership.get(a.id) ?? []) if (!refs.has(id)) refs.set(id, undefined);
      const agentGroups = [...refs].map(([id, name]) => ({ id, displayName: groupName(id, name) })).sort((x, y) => x.displayName.localeCompare(y.displayName));
      const domains = [...new Set(agentGroups.flatMap((g) => domainsOfGroup(g.id)))].sort();
      return { id: a.id, machineName: a.machineName ?? '', externalIp: a.externalIp ?? '', status: a.status ?? 'unknown', version: versionOf(a), agentGroups, domains };
    })
    .sort((x, y) => x.machineName.localeCompare(y.machineName) || x.id.localeCompare(y.id));

  const byDomain = new Map<string, { groups: Set<string>; agents: Set<string>; active: Set<string> }>();
  for (const g of data.groups) {
    for (const d of domainsOfGroup(g.id)) {
      let e = byDomain.get(d);
      if (e === undefined) byDomain.set(d, (e = { groups: new Set(), agents: new Set(), active: new Set() }));
      e.groups.add(g.displayName ?? g.id);
    }
  }
  for (const a of agents) {
    for (const d of a.domains) {
      const e = byDomain.get(d)!;
      e.agents.add(a.id);
      if (a.status.toLowerCase() === 'active') e.active.add(a.id);
    }
  }
  const domains: DomainView[] = [...byDomain]
    .map(([domain, e]) => ({ domain, agentGroups: [...e.groups].sort(), agents: e.agents.size, activeAgents: e.active.size }))
    .sort((x, y) => x.domain.localeCompare(y.domain));

  return { agents, domains, warnings: warningsFor(agents, domains) };
}

function warningsFor(agents: readonly AgentView[], domains: readonly DomainView[]): AgentWarning[] {
  const warnings: AgentWarning[] = [];
  if (agents.length === 0) {
    warnings.push({
      code: 'no-agents',
      message:
        'no provisioning agent is registered in this tenant: install the Microsoft Entra provisioning agent on a domain-joined Windows server (Entra admin center > Entra Connect > Cloud sync > Agents > Download on-premises agent), then on two more for failover',
    });
    return warnings;
  }
  for (const d of domains) {
    if (d.activeAgents === 0) {
      warnings.push({ code: 'no-active-agent', domain: d.domain, message: `no active agent serves ${d.domain}: sync for it has stopped; start the agent service on its servers or install an agent (Microsoft recommends at least three)` });
    } else if (d.activeAgents < MIN_ACTIVE_AGENTS) {
      warnings.push({
        code: 'few-active-agents',
        domain: d.domain,
        message: `${d.domain} has ${d.activeAgents} active agent: Microsoft recommends at least three agents; with one, sync stops when its server does (install the agent on another domain-joined server)`,
      });
    }
  }
  for (const a of agents) {
    if (a.status.toLowerCase() !== 'active') {
      warnings.push({
        code: 'inactive-agent',
        agentId: a.id,
        message: `agent on ${a.machineName || a.id}${a.externalIp ? ` (${a.externalIp})` : ''} is ${a.status} (no contact for about an hour or more): check that the provisioning agent service (AADConnectProvisioningAgent) runs on that server; ${REMOVE_HINT}`,
      });
    }
    if (a.domains.length === 0) {
      warnings.push({ code: 'agent-without-domain', agentId: a.id, message: `agent on ${a.machineName || a.id} serves no AD domain (its agent groups publish none): finish its configuration in the portal or uninstall it` });
    }
  }
  return warnings;
}

function versionOf(a: OnPremisesAgent): string | null {
  const r = a as unknown as Record<string, unknown>;
  for (const k of ['version', 'agentVersion']) if (typeof r[k] === 'string' && r[k] !== '') return r[k];
  return null;
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
