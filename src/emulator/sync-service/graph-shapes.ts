/** Records → Graph's JSON (what the routes return). */
import type { OnPremisesAgent, OnPremisesAgentGroup, SynchronizationJob } from '../../directory/entra/synchronization-types.js';
import type { AgentGroupRecord, AgentRecord, JobRecord } from './model.js';
import type { SyncServiceStore } from './store.js';

export function jobJson(j: JobRecord): SynchronizationJob {
  return { id: j.id, templateId: j.templateId, schedule: j.schedule, status: j.status, synchronizationJobSettings: j.settings };
}

/** An active agent keeps contacting the service; one whose last contact is over an hour old shows inactive. */
export function agentStatus(a: AgentRecord, now = Date.now()): 'active' | 'inactive' {
  return a.status === 'active' || now - Date.parse(a.lastContactDateTime) <= 3600_000 ? 'active' : 'inactive';
}

export function groupRef(g: AgentGroupRecord): { id: string; displayName: string; isDefault: boolean; publishingType: string } {
  return { id: g.id, displayName: g.displayName, isDefault: g.isDefault, publishingType: g.publishingType };
}

export function agentJson(a: AgentRecord, svc: SyncServiceStore, expandGroups: boolean): OnPremisesAgent {
  return {
    id: a.id,
    machineName: a.machineName,
    externalIp: a.externalIp,
    status: agentStatus(a),
    supportedPublishingTypes: a.supportedPublishingTypes,
    ...(expandGroups ? { agentGroups: svc.agentGroups.filter((g) => a.agentGroupIds.includes(g.id)).map(groupRef) } : {}),
  };
}

export function publishedResourceJson(g: AgentGroupRecord): { id: string; displayName: string; publishingType: string; resourceName: string } {
  return { id: g.publishedResource.id, displayName: g.publishedResource.displayName, publishingType: g.publishingType, resourceName: g.publishedResource.resourceName };
}

export function agentGroupJson(g: AgentGroupRecord, svc: SyncServiceStore, expand: { agents: boolean; publishedResources: boolean }): OnPremisesAgentGroup {
  return {
    ...groupRef(g),
    ...(expand.agents ? { agents: svc.agents.filter((a) => a.agentGroupIds.includes(g.id)).map((a) => agentJson(a, svc, false)) } : {}),
    ...(expand.publishedResources ? { publishedResources: [publishedResourceJson(g)] } : {}),
  };
}
