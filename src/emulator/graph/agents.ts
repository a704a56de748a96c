import { GraphError, segmentNotFound } from './errors.js';
import { queryOption, type GraphRequest, type GraphResponse } from './types.js';
import { PERMS } from './permissions.js';
import type { Route } from './router.js';
import { agentGroupJson, agentJson, publishedResourceJson } from '../sync-service/graph-shapes.js';

/**
 * The provisioning agents (beta only, as in Graph): /onPremisesPublishingProfiles/provisioning
 * (also addressed as onPremisesPublishingProfiles('provisioning')) agents, agentGroups and
 * publishedResources, with $expand=agentGroups on agents and $expand=agents,publishedResources
 * on agent groups. OnPremisesPublishingProfiles.ReadWrite.All is required.
 */
const BASE = 'onPremisesPublishingProfiles/:profile';

function check(req: GraphRequest, profile: string): void {
  if (req.version !== 'beta') throw segmentNotFound('onPremisesPublishingProfiles');
  if (profile.toLowerCase() !== 'provisioning') throw new GraphError(400, 'BadRequest', `The onPremisesPublishingProfile '${profile}' is not supported: use 'provisioning'.`);
}

function expands(req: GraphRequest, allowed: readonly string[]): Set<string> {
  const raw = queryOption(req, '$expand');
  const names = (raw ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const n of names) {
    if (!allowed.some((a) => a.toLowerCase() === n.toLowerCase())) {
      throw new GraphError(400, 'BadRequest', `Parsing OData Select and Expand failed: Could not find a property named '${n}' on type 'microsoft.graph.${allowed.includes('agentGroups') ? 'onPremisesAgent' : 'onPremisesAgentGroup'}'.`);
    }
  }
  return new Set(names.map((n) => allowed.find((a) => a.toLowerCase() === n.toLowerCase())!));
}

const ctx = (req: GraphRequest, what: string): string => `${req.origin}/beta/$metadata#onPremisesPublishingProfiles('provisioning')/${what}`;
const list = (req: GraphRequest, what: string, value: unknown[]): GraphResponse => ({ status: 200, body: { '@odata.context': ctx(req, what), value } });
const notFound = (what: string, id: string): GraphError => new GraphError(404, 'NotFound', `The ${what} '${id}' does not exist.`);

export const agentRoutes: Route[] = [
  {
    method: 'GET',
    path: `${BASE}/agents`,
    perms: PERMS.agents,
    handle: ({ state, req, params }) => {
      check(req, params.profile!);
      const svc = state.syncService;
      const e = expands(req, ['agentGroups']);
      return list(req, 'agents', svc.agents.map((a) => agentJson(a, svc, e.has('agentGroups'))));
    },
  },
  {
    method: 'GET',
    path: `${BASE}/agents/:id`,
    perms: PERMS.agents,
    handle: ({ state, req, params }) => {
      check(req, params.profile!);
      const svc = state.syncService;
      const a = svc.agents.find((x) => x.id === params.id!.toLowerCase());
      if (!a) throw notFound('onPremisesAgent', params.id!);
      return { status: 200, body: { '@odata.context': `${ctx(req, 'agents')}/$entity`, ...agentJson(a, svc, expands(req, ['agentGroups']).has('agentGroups')) } };
    },
  },
  {
    method: 'GET',
    path: `${BASE}/agentGroups`,
    perms: PERMS.agents,
    handle: ({ state, req, params }) => {
      check(req, params.profile!);
      const svc = state.syncService;
      const e = expands(req, ['agents', 'publishedResources']);
      return list(req, 'agentGroups', svc.agentGroups.map((g) => agentGroupJson(g, svc, { agents: e.has('agents'), publishedResources: e.has('publishedResources') })));
    },
  },
  {
    method: 'GET',
    path: `${BASE}/agentGroups/:id`,
    perms: PERMS.agents,
    handle: ({ state, req, params }) => {
      check(req, params.profile!);
      const svc = state.syncService;
      const g = svc.agentGroups.find((x) => x.id === params.id!.toLowerCase());
      if (!g) throw notFound('onPremisesAgentGroup', params.id!);
      const e = expands(req, ['agents', 'publishedResources']);
      return { status: 200, body: { '@odata.context': `${ctx(req, 'agentGroups')}/$entity`, ...agentGroupJson(g, svc, { agents: e.has('agents'), publishedResources: e.has('publishedResources') }) } };
    },
  },
  {
    method: 'GET',
    path: `${BASE}/publishedResources`,
    perms: PERMS.agents,
    handle: ({ state, req, params }) => {
      check(req, params.profile!);
      return list(req, 'publishedResources', state.syncService.agentGroups.map(publishedResourceJson));
    },
  },
];
